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
# Directors may also view applications; everything else is national staff's.
rules.add_perm("endorsements.view_cycle", is_national_staff)
rules.add_perm("endorsements.add_cycle", is_national_staff)
rules.add_perm("endorsements.change_cycle", is_national_staff)
rules.add_perm("endorsements.delete_cycle", is_national_staff)
rules.add_perm("endorsements.view_endorsement", is_national_staff)
rules.add_perm("endorsements.add_endorsement", is_national_staff)
rules.add_perm("endorsements.change_endorsement", is_national_staff)
rules.add_perm("endorsements.delete_endorsement", is_national_staff)
rules.add_perm("endorsements.view_application", is_national_staff | is_regional_director)
rules.add_perm("endorsements.add_application", is_national_staff)
rules.add_perm("endorsements.change_application", is_national_staff)
rules.add_perm("endorsements.delete_application", is_national_staff)
rules.add_perm("endorsements.view_vote", is_national_staff)
rules.add_perm("endorsements.add_vote", is_national_staff)
rules.add_perm("endorsements.change_vote", is_national_staff)
rules.add_perm("endorsements.delete_vote", is_national_staff)
rules.add_perm("endorsements.view_directorrecommendation", is_national_staff)
rules.add_perm("endorsements.add_directorrecommendation", is_national_staff)
rules.add_perm("endorsements.change_directorrecommendation", is_national_staff)
rules.add_perm("endorsements.delete_directorrecommendation", is_national_staff)
rules.add_perm("endorsements.view_researchitem", is_national_staff)
rules.add_perm("endorsements.add_researchitem", is_national_staff)
rules.add_perm("endorsements.change_researchitem", is_national_staff)
rules.add_perm("endorsements.delete_researchitem", is_national_staff)
rules.add_perm("endorsements.view_filingevidence", is_national_staff)
rules.add_perm("endorsements.add_filingevidence", is_national_staff)
rules.add_perm("endorsements.change_filingevidence", is_national_staff)
rules.add_perm("endorsements.delete_filingevidence", is_national_staff)
rules.add_perm("endorsements.view_applicationevent", is_national_staff)
rules.add_perm("endorsements.add_applicationevent", is_national_staff)
rules.add_perm("endorsements.change_applicationevent", is_national_staff)
rules.add_perm("endorsements.delete_applicationevent", is_national_staff)
