"""What My journey shows from the mentorship app (called by candidates.views.journey)."""

from candidates.models import Candidate

from .enums import MatchStatus
from .selectors import matches_for_candidate, questions_for_candidate

# My journey lists the latest few questions; the questions page has them all.
QUESTIONS_SHOWN = 5


def journey_context(candidate: Candidate) -> dict:
    """Template context for `templates/mentorship/_journey.html`, in a fixed number of queries.

    Two queries whatever the history: their questions (with area and mentor) and their
    matches (with the mentor's name).
    """
    questions = questions_for_candidate(candidate)
    return {
        "mentorship": {
            "questions": questions[:QUESTIONS_SHOWN],
            "more_questions": max(len(questions) - QUESTIONS_SHOWN, 0),
            "matches": [match for match in matches_for_candidate(candidate) if match.status == MatchStatus.ACTIVE],
        }
    }
