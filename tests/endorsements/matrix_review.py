"""Rows of the permission matrix (tests/rfs/test_permissions.py) for these pages:
url name -> (kwargs builder taking the persona getter, expected status per persona)."""

from tests.conftest import PERSONAS

# The review pages: directors, committee members and national staff; everyone else
# signed in gets 403 (candidates included: they never see the review).
REVIEWERS_200 = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": 302,
    "committee_member": 200,
    "director": 200,
    "other_director": 200,
    "staff": 200,
}
# One North application: the West director gets the same 404 as for a missing one.
NORTH_APPLICATION = {**REVIEWERS_200, "other_director": 404}
# Buttons' targets answer GET with 405 to everyone signed in.
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "anonymous": 302}


def north_application(persona) -> dict:
    """The North candidate's application, submitted and waiting for review."""
    from tests.factories.endorsements import ApplicationFactory

    application = ApplicationFactory(candidate=persona("candidate_user").candidate, submitted=True)
    return {"pk": application.pk}


MATRIX: dict = {
    "endorsements:review_queue": (lambda persona: {}, REVIEWERS_200),
    "endorsements:review": (north_application, NORTH_APPLICATION),
    "endorsements:review_recommend": (north_application, POST_ONLY),
    "endorsements:review_research": (north_application, POST_ONLY),
    "endorsements:review_explanation_request": (north_application, POST_ONLY),
    "endorsements:review_vote": (north_application, POST_ONLY),
    "endorsements:review_decide": (north_application, POST_ONLY),
}
