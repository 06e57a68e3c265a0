"""Rows of the permission matrix (tests/rfs/test_permissions.py) for these pages:
url name -> (kwargs builder taking the persona getter, expected status per persona)."""

from tests.conftest import PERSONAS

EVERYONE_200 = dict.fromkeys(PERSONAS, 200)
# The candidate's own pages: signed-in people without a candidate record get the same
# 404 as for a page that does not exist.
CANDIDATE_ONLY = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "candidate_user": 200}


def listed_endorsement(persona) -> dict:
    """Another candidate's listed endorsement: its page is public."""
    from tests.factories.endorsements import EndorsementFactory

    return {"slug": EndorsementFactory(slug="pat-lee-city-council").slug}


def endorsed(persona) -> dict:
    """The North candidate is endorsed (without one, their listing page is a 404:
    tests/endorsements/test_listing.py)."""
    from tests.factories.endorsements import ApplicationFactory, EndorsementFactory

    candidate = persona("candidate_user").candidate
    EndorsementFactory(application=ApplicationFactory(candidate=candidate, status="approved"))
    return {}


def racing(persona) -> dict:
    """The North candidate has a race waiting for its result."""
    from tests.factories import RaceFactory

    RaceFactory(candidate=persona("candidate_user").candidate)
    return {}


MATRIX: dict = {
    # The public pages: everyone, signed in or not.
    "endorsements:public_list": (lambda persona: {}, EVERYONE_200),
    "endorsements:public_detail": (listed_endorsement, EVERYONE_200),
    "endorsements:alumni": (lambda persona: {}, EVERYONE_200),
    # The endorsed candidate's listing, and the candidate's election result.
    "endorsements:listing": (endorsed, CANDIDATE_ONLY),
    "endorsements:result_report": (racing, CANDIDATE_ONLY),
}
