"""Who may do what in mentorship, as django-rules predicates (pages and admin alike).

Which questions and requests a person may open is the selectors' job
(``questions_visible_to``, ``match_requests_visible_to``); these say which pages and
admin sections they may use at all.
"""

import rules

from rfs.rules import is_candidate, is_national_staff, is_regional_director


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def has_mentor_row(user) -> bool:
    """Someone who applied to mentor (in any status) has a mentor page."""
    if not _active(user):
        return False
    from .models import Mentor

    return Mentor.objects.filter(user=user).exists()


@rules.predicate
def is_approved_mentor(user) -> bool:
    """An approved mentor, not on a break: may pick up questions."""
    if not _active(user):
        return False
    from .enums import MentorStatus
    from .models import Mentor

    return Mentor.objects.filter(user=user, status=MentorStatus.APPROVED).exists()


@rules.predicate
def has_candidate_row(user) -> bool:
    """A candidate with their record (signed up through the candidate form)."""
    if not _active(user):
        return False
    from candidates.models import Candidate

    return Candidate.objects.filter(user=user).exists()


# Staff confirm any match; a director those of their regions' candidates (the selector
# ``match_requests_visible_to`` scopes which requests they see).
may_confirm_matches = is_national_staff | is_regional_director
may_ask_questions = is_candidate & has_candidate_row

rules.add_perm("mentorship.mentor_home", has_mentor_row)
rules.add_perm("mentorship.claim_question", is_approved_mentor)
rules.add_perm("mentorship.ask_question", may_ask_questions)
rules.add_perm("mentorship.confirm_match", may_confirm_matches)
rules.add_perm("mentorship.question_to_resource", is_national_staff)

# --- The admin ----------------------------------------------------------------------------
# National staff manage everything; directors approve their region's mentors and look
# after their regions' matches and requests (rows scoped by RegionScopedAdmin).
rules.add_perm("mentorship", is_national_staff | is_regional_director)

rules.add_perm("mentorship.view_expertisearea", is_national_staff)
rules.add_perm("mentorship.add_expertisearea", is_national_staff)
rules.add_perm("mentorship.change_expertisearea", is_national_staff)
rules.add_perm("mentorship.delete_expertisearea", is_national_staff)

rules.add_perm("mentorship.view_mentor", is_national_staff | is_regional_director)
rules.add_perm("mentorship.change_mentor", is_national_staff | is_regional_director)
rules.add_perm("mentorship.delete_mentor", is_national_staff)
rules.add_perm("mentorship.view_match", is_national_staff | is_regional_director)
rules.add_perm("mentorship.change_match", is_national_staff | is_regional_director)
rules.add_perm("mentorship.delete_match", is_national_staff)
rules.add_perm("mentorship.view_matchrequest", is_national_staff | is_regional_director)
rules.add_perm("mentorship.change_matchrequest", is_national_staff | is_regional_director)
rules.add_perm("mentorship.delete_matchrequest", is_national_staff)

# Questions are read in the admin (the thread is the candidate's and mentor's), region-scoped;
# only staff change them (turning one into a library resource) or delete them.
rules.add_perm("mentorship.view_question", is_national_staff | is_regional_director)
rules.add_perm("mentorship.change_question", is_national_staff)
rules.add_perm("mentorship.delete_question", is_national_staff)
rules.add_perm("mentorship.view_post", is_national_staff | is_regional_director)
rules.add_perm("mentorship.view_questionnotification", is_national_staff | is_regional_director)
