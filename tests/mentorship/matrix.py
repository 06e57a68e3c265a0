"""Rows of the permission matrix (tests/rfs/test_permissions.py) for these pages:
url name -> (kwargs builder taking the persona getter, expected status per persona)."""

from tests.conftest import PERSONAS

SIGNED_IN_200 = {**dict.fromkeys(PERSONAS, 200), "anonymous": 302}
CANDIDATE_ONLY = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "candidate_user": 200}
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "anonymous": 302}
# The mentor's home: people with a Mentor row (the mentor persona applied and was approved).
MENTORS_200 = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "mentor": 200}
# Mentor requests: directors (their regions) and national staff; everyone else 403.
CONFIRMERS_200 = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": 302,
    "director": 200,
    "other_director": 200,
    "staff": 200,
}
# One request by the North candidate: the West director may not open it.
NORTH_REQUEST = {**CONFIRMERS_200, "other_director": 404}
# A question by the North candidate: they, the mentors (it isn't private), North's
# director and staff read it; anyone else gets the answer for a missing page.
NORTH_QUESTION = {
    **dict.fromkeys(PERSONAS, 404),
    "anonymous": 302,
    "candidate_user": 200,
    "mentor": 200,
    "director": 200,
    "staff": 200,
}


def mentor_applied(persona) -> dict:
    """The mentor persona is an approved mentor of fundraising."""
    from mentorship.models import Mentor
    from tests.factories.mentorship import ExpertiseAreaFactory, MentorFactory

    if not Mentor.objects.filter(user=persona("mentor")).exists():
        MentorFactory(user=persona("mentor"), areas=[ExpertiseAreaFactory(slug="fundraising")])
    return {}


def north_question(persona) -> dict:
    """A fundraising question by the North candidate, waiting for a mentor."""
    from tests.factories.mentorship import ExpertiseAreaFactory, QuestionFactory

    mentor_applied(persona)
    question = QuestionFactory(
        candidate=persona("candidate_user").candidate, area=ExpertiseAreaFactory(slug="fundraising")
    )
    return {"pk": question.pk}


def north_request(persona) -> dict:
    """The North candidate's open request for a mentor."""
    from mentorship.models import MatchRequest

    mentor_applied(persona)
    # get_or_create: a test may build every row's kwargs in turn (one open request each).
    request, _ = MatchRequest.objects.get_or_create(
        candidate=persona("candidate_user").candidate, status="open", defaults={"language": "en"}
    )
    return {"pk": request.pk}


def north_match(persona) -> dict:
    """An active match between the mentor persona and the North candidate."""
    from mentorship.models import Match, Mentor

    mentor_applied(persona)
    match, _ = Match.objects.get_or_create(
        candidate=persona("candidate_user").candidate,
        mentor=Mentor.objects.get(user=persona("mentor")),
        status="active",
    )
    return {"pk": match.pk}


MATRIX: dict = {
    # Anyone signed in may offer to mentor (alumni are invited).
    "mentorship:mentor_apply": (lambda persona: {}, SIGNED_IN_200),
    "mentorship:mentor_home": (mentor_applied, MENTORS_200),
    "mentorship:mentor_pause": (mentor_applied, POST_ONLY),
    # Ask the experts: the candidate's own pages.
    "mentorship:questions": (lambda persona: {}, CANDIDATE_ONLY),
    "mentorship:question_ask": (lambda persona: {}, CANDIDATE_ONLY),
    "mentorship:question": (north_question, NORTH_QUESTION),
    # The thread's buttons: POST only.
    "mentorship:question_claim": (north_question, POST_ONLY),
    "mentorship:question_answer": (north_question, POST_ONLY),
    "mentorship:question_follow_up": (north_question, POST_ONLY),
    "mentorship:question_resolve": (north_question, POST_ONLY),
    "mentorship:question_withdraw": (north_question, POST_ONLY),
    "mentorship:question_release": (north_question, POST_ONLY),
    # Longer matches: the candidate asks; directors and staff confirm; either side ends.
    "mentorship:match_request_new": (lambda persona: {}, CANDIDATE_ONLY),
    "mentorship:match_requests": (lambda persona: {}, CONFIRMERS_200),
    "mentorship:match_request": (north_request, NORTH_REQUEST),
    "mentorship:match_confirm": (north_request, POST_ONLY),
    "mentorship:match_end": (north_match, POST_ONLY),
}
