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
for _perm in ("view_partnerorganization", "add_partnerorganization", "change_partnerorganization"):
    rules.add_perm(f"resources.{_perm}", is_national_staff | is_regional_director)
rules.add_perm("resources.delete_partnerorganization", is_national_staff)
for _model in (
    "resource",
    "sentresource",
    "bookmark",
    "course",
    "lesson",
    "lessonprogress",
    "coursecompletion",
    "partnertraining",
    "perk",
    "perkclaim",
    "channel",
    "directoryprofile",
):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"resources.{_action}_{_model}", is_national_staff)
