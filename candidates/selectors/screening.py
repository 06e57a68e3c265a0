"""Reads of 1:1 screening calls: open slots, a screener's week and dashboard, and logs,
always scoped to what the reader may see."""

import zoneinfo
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from rfs.enums import Role
from rfs.models import User
from rfs.selectors import sees_all_regions

from ..enums import ScreenerStatus, ScreeningCallStatus
from ..models import Candidate, Screener, ScreeningCall, ScreeningLog

__all__ = [
    "MIN_NOTICE",
    "SLOT_MINUTES",
    "ScreenerDashboard",
    "Slot",
    "open_slots_for",
    "screener_dashboard",
    "screener_load",
    "screening_logs_visible_to",
    "week_start",
]

SLOT_MINUTES = 30
# A candidate can book a slot no sooner than this, so the screener has time to prepare.
MIN_NOTICE = timedelta(hours=12)
# Calls that count towards a screener's weekly capacity.
LOAD_STATUSES = (
    ScreeningCallStatus.BOOKED,
    ScreeningCallStatus.ASSIGNED,
    ScreeningCallStatus.LOGGED,
)
OPEN_STATUSES = (ScreeningCallStatus.BOOKED, ScreeningCallStatus.ASSIGNED)


@dataclass(frozen=True)
class Slot:
    screener: Screener
    starts_at: datetime  # UTC


@dataclass
class ScreenerDashboard:
    upcoming: list[ScreeningCall]
    waiting_for_log: list[ScreeningCall]
    screened: list[ScreeningLog]


def week_start(moment: datetime) -> datetime:
    """Monday 00:00 UTC of the week holding ``moment`` (weeks run Monday to Sunday, UTC)."""
    day = moment.astimezone(UTC).date()
    return datetime.combine(day - timedelta(days=day.weekday()), datetime.min.time(), tzinfo=UTC)


def _load_week(call: ScreeningCall) -> datetime:
    """The week a call counts in: its start, or (assigned with no time yet) its creation."""
    return week_start(call.starts_at or call.created_at)


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("America/New_York")


def screener_load(screeners, *, now: datetime | None = None) -> dict[int, int]:
    """This week's load of each screener: calls booked, assigned or logged that start this
    week, or, with no time yet, were created this week. One query."""
    now = now or timezone.now()
    start = week_start(now)
    end = start + timedelta(days=7)
    pks = [getattr(s, "pk", s) for s in screeners]
    in_week = Q(starts_at__gte=start, starts_at__lt=end) | Q(
        starts_at=None, created_at__gte=start, created_at__lt=end
    )
    rows = (
        ScreeningCall.objects.filter(in_week, screener_id__in=pks, status__in=LOAD_STATUSES)
        .values("screener_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    load = dict.fromkeys(pks, 0)
    load.update({row["screener_id"]: row["n"] for row in rows})
    return load


def _local_slots(window, day: date, zone: zoneinfo.ZoneInfo) -> list[datetime]:
    """The 30-minute starts inside one window on one local date, in UTC.

    Steps are taken on the wall clock, then each is placed in the zone for that date, so a
    6 pm window is 6 pm local on both sides of a DST change.
    """
    starts = []
    moment = datetime.combine(day, window.start_time)
    end = datetime.combine(day, window.end_time)
    step = timedelta(minutes=SLOT_MINUTES)
    while moment + step <= end:
        starts.append(moment.replace(tzinfo=zone).astimezone(UTC))
        moment += step
    return starts


def open_slots_for(
    candidate: Candidate, *, now: datetime | None = None, days: int = 14
) -> list[Slot]:
    """Times the candidate could book, soonest first.

    Approved screeners serving the candidate's region; each availability window expanded
    into 30-minute slots in the screener's own zone (weekly windows on each matching date,
    one-off windows on their date), starting at least 12 hours from now and within
    ``days``; minus the screener's booked slots and the weeks in which they are at
    capacity. The candidate's own open call doesn't count: booking again replaces it.

    Queries: screeners, their availability, and their calls from this week on (3).
    """
    now = now or timezone.now()
    if candidate.region_id is None:
        return []
    screeners = list(
        Screener.objects.filter(status=ScreenerStatus.APPROVED, regions=candidate.region_id)
        .select_related("user")
        .prefetch_related("availability")
        .order_by("pk")
    )
    if not screeners:
        return []
    this_week = week_start(now)
    calls = (
        ScreeningCall.objects.filter(
            Q(starts_at__gte=this_week) | Q(starts_at=None, created_at__gte=this_week),
            screener__in=screeners,
            status__in=LOAD_STATUSES,
        )
        .exclude(candidate_id=candidate.pk, status__in=OPEN_STATUSES)
        .only("screener_id", "starts_at", "created_at", "status")
    )
    booked: set[tuple[int, datetime]] = set()
    load: Counter[tuple[int, datetime]] = Counter()
    for call in calls:
        load[(call.screener_id, _load_week(call))] += 1
        if call.status == ScreeningCallStatus.BOOKED and call.starts_at is not None:
            booked.add((call.screener_id, call.starts_at))

    earliest, latest = now + MIN_NOTICE, now + timedelta(days=days)
    slots = []
    for screener in screeners:
        zone = _zone(screener.time_zone)
        first_day = now.astimezone(zone).date()
        last_day = latest.astimezone(zone).date()
        windows = list(screener.availability.all())
        day = first_day
        while day <= last_day:
            for window in windows:
                if window.date != day and window.weekday != day.weekday():
                    continue
                for starts_at in _local_slots(window, day, zone):
                    if not earliest <= starts_at <= latest or (screener.pk, starts_at) in booked:
                        continue
                    if load[(screener.pk, week_start(starts_at))] >= screener.weekly_capacity:
                        continue
                    slots.append(Slot(screener=screener, starts_at=starts_at))
            day += timedelta(days=1)
    slots.sort(key=lambda slot: (slot.starts_at, slot.screener.pk))
    return slots


def screener_dashboard(screener: Screener, *, now: datetime | None = None) -> ScreenerDashboard:
    """A screener's calls: upcoming ones; ones waiting for a log (booked calls that have
    ended, and assignments whose time is still to be agreed); the latest 20 logs they
    wrote. Two queries.

    Each reads only what the page shows (the candidate's name, email, city and state;
    never a log's notes).
    """
    now = now or timezone.now()
    upcoming, waiting = [], []
    open_calls = (
        ScreeningCall.objects.filter(screener=screener, status__in=OPEN_STATUSES)
        .select_related("candidate__user")
        .only(
            "candidate_id",
            "screener_id",
            "starts_at",
            "duration_minutes",
            "status",
            "candidate__user_id",
            "candidate__city",
            "candidate__state",
            "candidate__user__name",
            "candidate__user__email",
        )
        .order_by("starts_at", "pk")
    )
    for call in open_calls:
        no_time_yet = call.status == ScreeningCallStatus.ASSIGNED or call.starts_at is None
        if no_time_yet or call.starts_at + timedelta(minutes=call.duration_minutes) <= now:
            waiting.append(call)
        else:
            upcoming.append(call)
    # The 20 latest logs are picked in a subquery before anything is joined: joined first,
    # PostgreSQL hashed the whole candidate table to keep 20 rows (15 ms at 20,000
    # candidates, growing with the table); picked first, it reads 20 rows by primary key.
    latest = (
        ScreeningLog.objects.filter(screener=screener)
        .order_by("-created_at", "-pk")
        .values("pk")[:20]
    )
    screened = list(
        ScreeningLog.objects.filter(pk__in=latest)
        .select_related("candidate__user")
        .only(
            "call_id",
            "candidate_id",
            "next_step",
            "created_at",
            "candidate__user_id",
            "candidate__user__name",
            "candidate__user__email",
        )
        .order_by("-created_at", "-pk")
    )
    return ScreenerDashboard(upcoming=upcoming, waiting_for_log=waiting, screened=screened)


def screening_logs_visible_to(user: User) -> QuerySet[ScreeningLog]:
    """Staff see every log; a director the logs of candidates in their regions; a
    screener only the logs they wrote; anyone else none."""
    if not user.is_authenticated or not user.is_active:
        return ScreeningLog.objects.none()
    if sees_all_regions(user):
        return ScreeningLog.objects.all()
    visible = Q(pk__in=[])
    if user.has_role(Role.REGIONAL_DIRECTOR):
        visible |= Q(candidate__region__directors=user)
    if user.has_role(Role.SCREENER):
        visible |= Q(screener__user=user)
    return ScreeningLog.objects.filter(visible).distinct()
