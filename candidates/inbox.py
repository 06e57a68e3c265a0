"""What candidates contributes to a person's workplace inbox (``rfs.registry.inbox_items``):
screeners waiting for approval, candidates stuck in a stage, intro calls to mark held,
and 1:1 calls in the person's regions not yet logged. One query per kind.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from rfs.enums import Role
from rfs.models import Region, User
from rfs.registry import INBOX_LIMIT, InboxItem
from rfs.selectors import sees_all_regions

from .enums import Activity, CallStatus, ScreenerStatus, ScreeningCallStatus, Stage
from .models import Screener, ScreeningCall
from .selectors import candidates_visible_to
from .selectors.calls import calls_run_by

# Stages a candidate can wait in (the later ones are results, not waits).
WAITING_STAGES = [Stage.SIGNED_UP, Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING]


def _directs(user: User) -> bool:
    return sees_all_regions(user) or user.has_role(Role.REGIONAL_DIRECTOR)


def _in_their_regions(user: User, field: str) -> Q:
    if sees_all_regions(user):
        return Q()
    return Q(**{f"{field}__in": Region.objects.filter(directors=user).values("pk")})


def screeners_waiting(user: User) -> list[InboxItem]:
    rows = (
        Screener.objects.filter(status=ScreenerStatus.APPLIED)
        .filter(_in_their_regions(user, "regions"))
        .select_related("user")
        .order_by("created_at", "pk")
        .distinct()[:INBOX_LIMIT]
    )
    return [
        InboxItem(
            kind="screener",
            group=_("Screeners waiting for approval"),
            title=str(row.user),
            url=reverse("admin:candidates_screener_change", args=[row.pk]),
            action=_("Approve or decline"),
            at=row.created_at,
        )
        for row in rows
    ]


def candidates_stuck(user: User, *, now: datetime) -> list[InboxItem]:
    days = settings.RFS_INBOX_STUCK_DAYS
    rows = (
        candidates_visible_to(user)
        .filter(
            activity=Activity.ACTIVE,
            stage__in=WAITING_STAGES,
            stage_changed_at__lt=now - timedelta(days=days),
        )
        .select_related("user")
        .order_by("stage_changed_at", "pk")[:INBOX_LIMIT]
    )
    return [
        InboxItem(
            kind="stuck",
            group=_("Candidates in one stage for over %(days)d days") % {"days": days},
            title=str(row),
            detail=str(Stage(row.stage).label),
            url=reverse("admin:candidates_candidate_change", args=[row.pk]),
            action=_("Follow up"),
            at=row.stage_changed_at,
            candidate_id=row.pk,
        )
        for row in rows
    ]


def intro_calls_to_mark_held(user: User, *, now: datetime) -> list[InboxItem]:
    started = (
        calls_run_by(user)
        .filter(status=CallStatus.SCHEDULED, starts_at__lt=now)
        .select_related("region")
        .order_by("starts_at", "pk")[:INBOX_LIMIT]
    )
    rows = [
        call for call in started if call.starts_at + timedelta(minutes=call.duration_minutes) < now
    ]
    return [
        InboxItem(
            kind="intro_held",
            group=_("Intro calls to mark held"),
            title=_("Intro call, %(region)s") % {"region": row.region or _("national")},
            url=reverse("candidates:host_call_roster", args=[row.pk]),
            action=_("Take attendance and mark held"),
            at=row.starts_at,
        )
        for row in rows
    ]


def screening_calls_unlogged(user: User, *, now: datetime) -> list[InboxItem]:
    rows = (
        ScreeningCall.objects.filter(status=ScreeningCallStatus.BOOKED, starts_at__lt=now)
        .filter(_in_their_regions(user, "candidate__region"))
        .select_related("candidate__user", "screener__user")
        .order_by("starts_at", "pk")[:INBOX_LIMIT]
    )
    return [
        InboxItem(
            kind="screening_unlogged",
            group=_("1:1 calls in your regions not yet logged"),
            title=str(row.candidate),
            detail=_("with %(screener)s") % {"screener": row.screener.user},
            url=reverse("admin:candidates_screeningcall_change", args=[row.pk]),
            action=_("Remind the screener or log it"),
            at=row.starts_at,
            candidate_id=row.candidate_id,
        )
        for row in rows
    ]


def inbox_items(user: User, *, now: datetime) -> list[InboxItem]:
    """Directors (their regions) and national staff (all): five queries; anyone else
    who hosts intro calls: one."""
    items = intro_calls_to_mark_held(user, now=now)
    if _directs(user):
        items += screeners_waiting(user)
        items += candidates_stuck(user, now=now)
        items += screening_calls_unlogged(user, now=now)
    return items
