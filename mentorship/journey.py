"""What My journey shows from the mentorship app (registered in apps.py as a My journey section, rfs/registry.py)."""

from candidates.models import Candidate

from .enums import MatchStatus
from .models import Match, Question

# My journey lists the latest few questions; the questions page has them all.
QUESTIONS_SHOWN = 5


def journey_context(candidate: Candidate) -> dict:
    """Template context for `templates/mentorship/_journey.html`, in a fixed number of queries.

    Two queries whatever the history, each reading only what the section shows: their
    questions (title and status, newest first; the rest are counted) and their active
    matches (with the mentor's name). The questions and matches pages read more
    (``selectors.questions_for_candidate``, ``selectors.matches_for_candidate``).
    """
    questions = list(
        Question.objects.filter(candidate=candidate)
        .only("pk", "title", "status", "created_at")
        .order_by("-created_at")
    )
    matches = (
        Match.objects.filter(candidate=candidate, status=MatchStatus.ACTIVE)
        .select_related("mentor__user")
        .only("pk", "mentor__user__name")
        .order_by("-started_at", "-pk")
    )
    return {
        "mentorship": {
            "questions": questions[:QUESTIONS_SHOWN],
            "more_questions": max(len(questions) - QUESTIONS_SHOWN, 0),
            "matches": list(matches),
        }
    }
