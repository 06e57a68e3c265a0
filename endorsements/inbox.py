"""What endorsements contributes to a person's workplace inbox (``rfs.registry.inbox_items``):
applications waiting for their director's recommendation, for a committee member's vote,
and for national staff's decision. One query per kind.
"""

from datetime import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from rfs.enums import Role
from rfs.models import Region, User
from rfs.registry import INBOX_LIMIT, InboxItem

from .enums import ApplicationStatus
from .models import Application, DirectorRecommendation, Vote


def _waiting():
    return Application.objects.filter(
        status=ApplicationStatus.SUBMITTED, submitted_at__isnull=False
    ).select_related("candidate__user", "race")


def _item(application: Application, *, kind: str, group: str, action: str) -> InboxItem:
    race = application.race
    return InboxItem(
        kind=kind,
        group=group,
        title=str(application.candidate),
        detail=str(race.office_name) if race else "",
        url=reverse("endorsements:review", args=[application.pk]),
        action=action,
        at=application.submitted_at,
        candidate_id=application.candidate_id,
    )


def awaiting_recommendation(user: User) -> list[InboxItem]:
    """A director's regions' applications with no recommendation yet (the region's
    director writes it; national staff may, but it isn't theirs to wait on)."""
    rows = (
        _waiting()
        .filter(region__in=Region.objects.filter(directors=user).values("pk"))
        .exclude(Exists(DirectorRecommendation.objects.filter(application=OuterRef("pk"))))
        .order_by("decision_due_on", "submitted_at", "pk")[:INBOX_LIMIT]
    )
    group = _("Applications awaiting your recommendation")
    return [_item(row, kind="recommend", group=group, action=_("Recommend")) for row in rows]


def awaiting_vote(user: User) -> list[InboxItem]:
    """Recommended applications the committee member has not voted on."""
    rows = (
        _waiting()
        .filter(Exists(DirectorRecommendation.objects.filter(application=OuterRef("pk"))))
        .exclude(Exists(Vote.objects.filter(application=OuterRef("pk"), member_id=user.pk)))
        .order_by("decision_due_on", "submitted_at", "pk")[:INBOX_LIMIT]
    )
    group = _("Applications awaiting your vote")
    return [_item(row, kind="vote", group=group, action=_("Vote")) for row in rows]


def inbox_items(user: User, *, now: datetime) -> list[InboxItem]:
    items: list[InboxItem] = []
    if user.has_role(Role.REGIONAL_DIRECTOR):
        items += awaiting_recommendation(user)
    if user.has_role(Role.COMMITTEE_MEMBER):
        items += awaiting_vote(user)
    return items
