"""The endorsement questionnaire: the questions a candidate answers in their own words.

Answers live in ``Application.answers`` (question key -> text). Keys are stable: an answer
carried into a re-application, or read by a reviewer, is found by its key. Changing a
question's wording is fine; renaming a key loses the earlier answers to it.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The longest answer we keep, per question.
ANSWER_MAX_LENGTH = 5000


@dataclass(frozen=True)
class Question:
    key: str
    label: str | Promise
    help: str | Promise = ""


QUESTIONS: tuple[Question, ...] = (
    Question(
        "why_running",
        _("Why are you running for this office?"),
        _("In your own words. There's no right answer; we want to hear what moved you to run."),
    ),
    Question(
        "community_issues",
        _("What are the three biggest issues your community faces?"),
        _("A line or two about each is plenty."),
    ),
    Question(
        "opponents",
        _("Who are your opponents, and how are you different from them?"),
        _("If you don't know yet who else is running, tell us what kind of race you expect."),
    ),
    Question(
        "first_year",
        _("What would you do in your first year in office?"),
        _("One or two things you'd work on first is enough."),
    ),
    Question(
        "past",
        _("Is there anything in your past we should know about?"),
        _(
            "Old social media posts, a lawsuit, an arrest, money trouble: most things don't stop an endorsement. "
            "Telling us now means we can help you prepare, and it stays between you and our review team. "
            'If there\'s nothing, just write "Nothing".'
        ),
    ),
    Question(
        "values",
        _("What does being a progressive mean to you and your community?"),
        _("Progressive looks different in different places. We don't have a litmus test."),
    ),
)

QUESTION_KEYS: frozenset[str] = frozenset(question.key for question in QUESTIONS)


def unanswered(answers: dict) -> list[Question]:
    """The questions without an answer yet, in order."""
    return [question for question in QUESTIONS if not str(answers.get(question.key) or "").strip()]
