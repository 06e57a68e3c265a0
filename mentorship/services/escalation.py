"""Questions nobody claimed in time: a wider round of mentors, and the director is told."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rfs.services import email_queue_template

from ..enums import QuestionStatus
from ..models import Question
from ._common import directors_of
from .routing import next_round, question_link, question_route, route_by_state

logger = logging.getLogger(__name__)

__all__ = ["questions_escalate"]


def _escalate_one(question_id: int, now: datetime) -> bool:
    with transaction.atomic():
        # Claimed with a conditional update, so a second beat or a concurrent run finds
        # nothing left to do and the wider round and the directors' email happen once.
        won = Question.objects.filter(
            pk=question_id,
            escalated_at__isnull=True,
            status=QuestionStatus.OPEN,
            owner__isnull=True,
        ).update(escalated_at=now)
        if not won:
            return False
        question = Question.objects.select_related("area", "candidate__user").get(pk=question_id)
        round = next_round(question)
        limit = settings.RFS_MENTOR_NOTIFY_WIDER
        chosen = question_route(question=question, limit=limit, round=round)
        if not chosen:
            chosen = route_by_state(question, limit, round)
        for director in directors_of(question.region_id):
            email_queue_template(
                template="question_unclaimed",
                to=director,
                about=question,
                context={
                    "question": question,
                    "area": question.area,
                    "candidate": question.candidate,
                    "hours": settings.RFS_MENTOR_ESCALATE_HOURS,
                    "mentors_told": len(chosen),
                    "question_url": question_link(question),
                },
            )
        logger.info("Question %s escalated: %d more mentors told", question_id, len(chosen))
        return True


def questions_escalate(*, now: datetime | None = None) -> int:
    """Widen the questions nobody claimed within ``RFS_MENTOR_ESCALATE_HOURS`` (run by beat).

    For each open, unclaimed question asked that long ago and not escalated yet, in its
    own transaction:
    1. Sets ``escalated_at`` with a conditional update: only one run escalates it.
    2. Tells ``RFS_MENTOR_NOTIFY_WIDER`` more mentors of its area (a new round); when its
       area has nobody with room, approved mentors of any area who know the state
       (never for a private question).
    3. Queues "question_unclaimed" to the directors of its region.
    Returns how many questions this run escalated.
    """
    now = now or timezone.now()
    due = (
        Question.objects.filter(
            status=QuestionStatus.OPEN,
            owner__isnull=True,
            escalated_at__isnull=True,
            created_at__lte=now - timedelta(hours=settings.RFS_MENTOR_ESCALATE_HOURS),
        )
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    return sum(_escalate_one(pk, now) for pk in list(due))
