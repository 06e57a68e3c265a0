"""Rows of the permission matrix (tests/rfs/test_permissions.py) for the workplace pages:
url name -> (kwargs builder taking the persona getter, expected status per persona)."""

from tests.conftest import PERSONAS

# The inbox: directors, national staff and committee members; everyone else signed in 403.
INBOX = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": 302,
    "committee_member": 200,
    "director": 200,
    "other_director": 200,
    "staff": 200,
}
# The candidate list: directors (their regions') and staff.
RECORDS = {**INBOX, "committee_member": 403}
# The North candidate's record: North's director and staff; the West director 404.
NORTH_RECORD = {**RECORDS, "other_director": 404}
# Its forms answer GET with 405 to everyone signed in.
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "anonymous": 302}


def north_candidate(persona) -> dict:
    return {"pk": persona("candidate_user").candidate.pk}


def north_segment(persona) -> dict:
    """A segment North's director saved: theirs and staff's to open; the West director 404."""
    from workplace.models import Segment

    segment = Segment.objects.create(name="North", created_by=persona("director"))
    return {"pk": segment.pk}


MATRIX = {
    "workplace:inbox": (lambda persona: {}, INBOX),
    "workplace:candidates": (lambda persona: {}, RECORDS),
    "workplace:record": (north_candidate, NORTH_RECORD),
    "workplace:record_note": (north_candidate, POST_ONLY),
    "workplace:record_move": (north_candidate, POST_ONLY),
    "workplace:record_file": (north_candidate, POST_ONLY),
    "workplace:settings": (lambda persona: {}, RECORDS),
    "workplace:segments": (lambda persona: {}, RECORDS),
    "workplace:segment_new": (lambda persona: {}, RECORDS),
    "workplace:segment": (north_segment, NORTH_RECORD),
    "workplace:segment_email": (north_segment, NORTH_RECORD),
    "workplace:segment_delete": (north_segment, POST_ONLY),
}
