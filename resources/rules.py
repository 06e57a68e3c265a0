"""Who may see and manage the library, trainings, perks and community.

What each person may see in the library (audience) is ``selectors.resources_visible_to``;
perks are for endorsed candidates only (``is_endorsed_candidate``).
"""

import rules

from rfs.rules import is_candidate, is_national_staff, is_regional_director


@rules.predicate
def is_endorsed_candidate(user) -> bool:
    """A candidate whose current stage is endorsed, or who was endorsed and has since
    run (won or lost): perks and endorsed-only resources are theirs."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    from candidates.enums import Stage

    candidate = getattr(user, "candidate", None)
    if candidate is None:
        return False
    if candidate.stage == Stage.ENDORSED:
        return True
    return candidate.stage in (Stage.WON, Stage.LOST) and candidate.endorsements.exists()


rules.add_perm("resources.claim_perk", is_endorsed_candidate)
rules.add_perm("resources.use_directory", is_candidate)

# The admin: national staff manage everything here. Directors also see every partner
# organisation (a public directory) and add and change their own states' groups (the
# admin narrows which: ``admin.PartnerOrganizationAdmin``).
rules.add_perm("resources", is_national_staff | is_regional_director)
rules.add_perm("resources.view_partnerorganization", is_national_staff | is_regional_director)
rules.add_perm("resources.add_partnerorganization", is_national_staff | is_regional_director)
rules.add_perm("resources.change_partnerorganization", is_national_staff | is_regional_director)
rules.add_perm("resources.delete_partnerorganization", is_national_staff)
rules.add_perm("resources.view_resource", is_national_staff)
rules.add_perm("resources.add_resource", is_national_staff)
rules.add_perm("resources.change_resource", is_national_staff)
rules.add_perm("resources.delete_resource", is_national_staff)
rules.add_perm("resources.view_sentresource", is_national_staff)
rules.add_perm("resources.add_sentresource", is_national_staff)
rules.add_perm("resources.change_sentresource", is_national_staff)
rules.add_perm("resources.delete_sentresource", is_national_staff)
rules.add_perm("resources.view_bookmark", is_national_staff)
rules.add_perm("resources.add_bookmark", is_national_staff)
rules.add_perm("resources.change_bookmark", is_national_staff)
rules.add_perm("resources.delete_bookmark", is_national_staff)
rules.add_perm("resources.view_course", is_national_staff)
rules.add_perm("resources.add_course", is_national_staff)
rules.add_perm("resources.change_course", is_national_staff)
rules.add_perm("resources.delete_course", is_national_staff)
rules.add_perm("resources.view_lesson", is_national_staff)
rules.add_perm("resources.add_lesson", is_national_staff)
rules.add_perm("resources.change_lesson", is_national_staff)
rules.add_perm("resources.delete_lesson", is_national_staff)
rules.add_perm("resources.view_lessonprogress", is_national_staff)
rules.add_perm("resources.add_lessonprogress", is_national_staff)
rules.add_perm("resources.change_lessonprogress", is_national_staff)
rules.add_perm("resources.delete_lessonprogress", is_national_staff)
rules.add_perm("resources.view_coursecompletion", is_national_staff)
rules.add_perm("resources.add_coursecompletion", is_national_staff)
rules.add_perm("resources.change_coursecompletion", is_national_staff)
rules.add_perm("resources.delete_coursecompletion", is_national_staff)
rules.add_perm("resources.view_partnertraining", is_national_staff)
rules.add_perm("resources.add_partnertraining", is_national_staff)
rules.add_perm("resources.change_partnertraining", is_national_staff)
rules.add_perm("resources.delete_partnertraining", is_national_staff)
rules.add_perm("resources.view_perk", is_national_staff)
rules.add_perm("resources.add_perk", is_national_staff)
rules.add_perm("resources.change_perk", is_national_staff)
rules.add_perm("resources.delete_perk", is_national_staff)
rules.add_perm("resources.view_perkclaim", is_national_staff)
rules.add_perm("resources.add_perkclaim", is_national_staff)
rules.add_perm("resources.change_perkclaim", is_national_staff)
rules.add_perm("resources.delete_perkclaim", is_national_staff)
rules.add_perm("resources.view_channel", is_national_staff)
rules.add_perm("resources.add_channel", is_national_staff)
rules.add_perm("resources.change_channel", is_national_staff)
rules.add_perm("resources.delete_channel", is_national_staff)
rules.add_perm("resources.view_directoryprofile", is_national_staff)
rules.add_perm("resources.add_directoryprofile", is_national_staff)
rules.add_perm("resources.change_directoryprofile", is_national_staff)
rules.add_perm("resources.delete_directoryprofile", is_national_staff)
