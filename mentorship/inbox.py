"""What mentorship contributes to a person's workplace inbox (``rfs.registry.inbox_items``):
questions nobody claimed that were escalated to the region's directors, and mentors
waiting for approval. One query per kind; directors their regions', staff everyone's.
"""

from datetime import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from rfs.enums import Role
from rfs.models import Region, User
from rfs.registry import INBOX_LIMIT, InboxItem
from rfs.selectors import sees_all_regions

from .enums import MentorStatus, QuestionStatus
from .models import Mentor, Question


def _in_their_regions(user: User) -> Q:
    if sees_all_regions(user):
        return Q()
    return Q(region__in=Region.objects.filter(directors=user).values("pk"))


def questions_escalated(user: User) -> list[InboxItem]:
    rows = (
        Question.objects.filter(
            status=QuestionStatus.OPEN, owner__isnull=True, escalated_at__isnull=False
        )
        .filter(_in_their_regions(user))
        .select_related("candidate__user")
        .order_by("escalated_at", "pk")[:INBOX_LIMIT]
    )
    return [
        InboxItem(
            kind="question",
            group=_("Questions nobody has claimed"),
            title=row.title,
            detail=str(row.candidate),
            url=reverse("mentorship:question", args=[row.pk]),
            action=_("Find a mentor"),
            at=row.escalated_at,
            candidate_id=row.candidate_id,
        )
        for row in rows
    ]


def mentors_waiting(user: User) -> list[InboxItem]:
    rows = (
        Mentor.objects.filter(status=MentorStatus.APPLIED)
        .filter(_in_their_regions(user))
        .select_related("user")
        .order_by("pk")[:INBOX_LIMIT]
    )
    return [
        InboxItem(
            kind="mentor",
            group=_("Mentors waiting for approval"),
            title=str(row.user),
            url=reverse("admin:mentorship_mentor_change", args=[row.pk]),
            action=_("Approve or decline"),
        )
        for row in rows
    ]


def inbox_items(user: User, *, now: datetime) -> list[InboxItem]:
    if not (sees_all_regions(user) or user.has_role(Role.REGIONAL_DIRECTOR)):
        return []
    return questions_escalated(user) + mentors_waiting(user)
