"""Who may do what with endorsements. Views and the admin check the same predicates;
which applications a person may open is ``selectors.applications_visible_to``."""

import rules

from rfs.rules import is_candidate, is_committee_member, is_national_staff, is_regional_director


@rules.predicate
def owns_application(user, application) -> bool:
    return application is not None and application.candidate.user_id == user.pk


@rules.predicate
def directs_applications_region(user, application) -> bool:
    if application is None or application.region_id is None:
        return False
    return user.directed_regions.filter(pk=application.region_id).exists()


@rules.predicate
def may_open_in_review(user, application) -> bool:
    """The review page's own question (``selectors.applications_visible_to``: submitted
    or decided, within the reader's scope), asked of one application, so what the review
    shows and what else follows it (the evidence file) can't drift apart."""
    if application is None:
        return False
    # Imported here: selectors import the models, which load after the rules.
    from .selectors import applications_visible_to

    return applications_visible_to(user).filter(pk=application.pk).exists()


# The review pages: the region's director, committee members, national staff.
may_review = is_national_staff | is_regional_director | is_committee_member
rules.add_perm("endorsements.review", may_review)
# The director's recommendation and the research checks: the region's director or staff.
rules.add_perm(
    "endorsements.recommend",
    is_national_staff | (is_regional_director & directs_applications_region),
)
rules.add_perm(
    "endorsements.research",
    is_national_staff | (is_regional_director & directs_applications_region),
)
# Votes: committee members (national staff may also sit on the committee).
rules.add_perm("endorsements.vote", is_committee_member)
# Final decisions: national staff only.
rules.add_perm("endorsements.decide", is_national_staff)
# Applying: candidates, for their own application.
rules.add_perm("endorsements.apply", is_candidate)
# The filing evidence file: exactly the visibility of its application. Its candidate,
# and whoever may open the application in the review (never a draft).
rules.add_perm("endorsements.view_evidence", owns_application | may_open_in_review)

# The admin: staff manage cycles and decisions; directors see their regions'
# applications (rows scoped by the admin). Partner organisations: resources.rules.
rules.add_perm("endorsements", is_national_staff | is_regional_director)
_DIRECTORS_TOO = {"view_application"}
for _model in (
    "cycle",
    "endorsement",
    "application",
    "vote",
    "directorrecommendation",
    "researchitem",
    "filingevidence",
    "applicationevent",
):
    for _action in ("view", "add", "change", "delete"):
        _perm = f"{_action}_{_model}"
        rules.add_perm(
            f"endorsements.{_perm}",
            is_national_staff | is_regional_director
            if _perm in _DIRECTORS_TOO
            else is_national_staff,
        )
