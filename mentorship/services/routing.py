"""Routing a question to mentors by expertise and load: who is told, in which round."""

import logging

from django.db import connection, transaction
from django.db.models import F, Max

from rfs.services import email_queue_template

from ..enums import MentorStatus, QuestionStatus
from ..models import ExpertiseArea, Mentor, Question, QuestionNotification
from ..selectors import claims_since, recent_claims
from ._common import link

logger = logging.getLogger(__name__)

__all__ = ["question_route"]


def question_link(question: Question) -> str:
    return link("mentorship:question", pk=question.pk)


def next_round(question: Question) -> int:
    last = QuestionNotification.objects.filter(question=question).aggregate(last=Max("round"))[
        "last"
    ]
    return (last or 0) + 1


def _knows_state(mentor: Mentor, state: str) -> bool:
    return bool(state) and state in (mentor.states or [])


def _pick(pool, *, state: str, limit: int) -> list[Mentor]:
    """The ``limit`` mentors of ``pool`` with the most room, those knowing ``state`` first
    among equals, then the fewest claims, then the earliest (pk)."""
    mentors = [mentor for mentor in pool if mentor.weekly_capacity - mentor.recent_claims > 0]
    mentors.sort(
        key=lambda m: (
            -(m.weekly_capacity - m.recent_claims),
            not _knows_state(m, state),
            m.recent_claims,
            m.pk,
        )
    )
    return mentors[:limit]


def _routable(question: Question, exclude_mentors=()):
    """Approved mentors not yet told about the question, not the asker, with their claims
    of the last 7 days counted, and only those with room."""
    return (
        Mentor.objects.filter(status=MentorStatus.APPROVED)
        .exclude(pk__in=QuestionNotification.objects.filter(question=question).values("mentor_id"))
        .exclude(pk__in=list(exclude_mentors))
        .exclude(user__candidate__id=question.candidate_id)
        .annotate(recent_claims=recent_claims(claims_since()))
        .filter(weekly_capacity__gt=F("recent_claims"))
        .select_related("user")
    )


def _notify(question: Question, mentors: list[Mentor], round: int) -> None:
    """Write who was told (once per mentor and question) and queue "question_for_you"."""
    QuestionNotification.objects.bulk_create(
        [QuestionNotification(question=question, mentor=mentor, round=round) for mentor in mentors],
        ignore_conflicts=True,
    )
    area = ExpertiseArea.objects.get(pk=question.area_id)
    for mentor in mentors:
        email_queue_template(
            template="question_for_you",
            to=mentor.user,
            about=question,
            context={
                "question": question,
                "area": area,
                "question_url": question_link(question),
                "home_url": link("mentorship:mentor_home"),
            },
        )


@transaction.atomic
def question_route(
    *, question: Question, limit: int, round: int, exclude_mentors=()
) -> list[Mentor]:
    """Tell up to ``limit`` more mentors of the question's area about it.

    Chooses approved (not paused) mentors of the area who weren't told before and didn't
    ask it, with room under their weekly capacity (capacity minus the questions they
    claimed in the last 7 days): the most room first, those who know the question's state
    first among equals, then the fewest claims, then the earliest. Mentors with no room
    are skipped. ``exclude_mentors`` (pks) are left out too (the mentor handing it back).

    Side effects, in order:
    1. Writes a ``QuestionNotification`` per chosen mentor, in ``round`` (the unique
       constraint makes a repeat harmless).
    2. Queues "question_for_you" to each chosen mentor (once per mentor and question).
    Returns the chosen mentors; none when the question isn't open.
    """
    if limit <= 0 or question.status != QuestionStatus.OPEN or question.owner_id is not None:
        return []
    pool = _routable(question, exclude_mentors).filter(areas=question.area_id)
    chosen = _pick(pool, state=question.state, limit=limit)
    _notify(question, chosen, round)
    if chosen:
        logger.info(
            "Question %s routed to mentors %s (round %s)",
            question.pk,
            [m.pk for m in chosen],
            round,
        )
    return chosen


def route_by_state(question: Question, limit: int, round: int) -> list[Mentor]:
    """Approved mentors of any area who know the question's state, with room (the fallback
    when its own area has nobody free). Never for a private question."""
    if question.private or not question.state or limit <= 0:
        return []
    pool = _routable(question)
    if connection.features.supports_json_field_contains:
        pool = pool.filter(states__contains=[question.state])
    chosen = _pick(
        [m for m in pool if _knows_state(m, question.state)], state=question.state, limit=limit
    )
    _notify(question, chosen, round)
    return chosen
