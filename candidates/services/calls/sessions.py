"""Staff's intro-call sessions: create, update, cancel, and the weekly sessions generated from
schedules."""

import hashlib
import logging
import zoneinfo
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from rfs.models import Region, User

from ...enums import CallStatus, RegistrationStatus
from ...models import IntroCall, IntroCallRegistration, IntroCallSchedule
from .common import (
    ACTIVE,
    UPDATABLE_FIELDS,
    _check_runs,
    _email,
    _next_session,
    _promote_waitlisted,
    _stamp,
    _when_for,
)

__all__ = [
    "intro_call_cancel",
    "intro_call_create",
    "intro_call_update",
    "intro_calls_generate",
]

logger = logging.getLogger(__name__)


@transaction.atomic
def intro_call_create(
    *,
    host: User,
    region: Region | None,
    starts_at: datetime,
    duration_minutes: int = 60,
    meeting_url: str,
    capacity: int = 100,
    by: User | None,
) -> IntroCall:
    """Create a one-off session (schedules create the weekly ones)."""
    call = IntroCall.objects.create(
        host=host,
        region=region,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        meeting_url=meeting_url,
        capacity=capacity,
    )
    logger.info("Intro call %s created by %s", call.pk, getattr(by, "pk", None))
    return call


@transaction.atomic
def intro_call_update(*, call: IntroCall, by: User | None, **fields) -> IntroCall:
    """Change a session.

    ``by`` must run the session (``candidates.run_intro_call``), or ``PermissionError``.

    Side effects, in order:
    1. Locks the session and saves the changed fields.
    2. A larger capacity promotes waitlisted people ("intro_promoted").
    3. A new time or meeting link queues "intro_changed" with a new calendar invitation
       to everyone registered or waitlisted.
    """
    unknown = set(fields) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"intro_call_update() can't change {', '.join(sorted(unknown))}")
    _check_runs(call, by)
    locked = IntroCall.objects.select_for_update().get(pk=call.pk)
    changed = {name for name, value in fields.items() if getattr(locked, name) != value}
    for name in changed:
        setattr(locked, name, fields[name])
        setattr(call, name, fields[name])
    if not changed:
        return call
    locked.save(update_fields=sorted(changed))
    if "capacity" in changed:
        _promote_waitlisted(locked)
    if changed & {"starts_at", "meeting_url"}:
        link_hash = hashlib.sha256(locked.meeting_url.encode()).hexdigest()[:10]
        occurrence = f"{_stamp(locked.starts_at)}:{link_hash}"
        for registration in locked.registrations.filter(status__in=ACTIVE).select_related(
            "candidate__user"
        ):
            registration.call = locked
            _email("intro_changed", registration, occurrence=occurrence, ics=True)
    logger.info(
        "Intro call %s changed (%s) by %s",
        locked.pk,
        ", ".join(sorted(changed)),
        getattr(by, "pk", None),
    )
    return call


@transaction.atomic
def intro_call_cancel(*, call: IntroCall, by: User | None) -> None:
    """Cancel a session. Cancelling twice does nothing the second time.

    ``by`` must run the session (``candidates.run_intro_call``), or ``PermissionError``.

    Side effects, in order:
    1. Locks the session and sets it cancelled.
    2. Queues "intro_cancelled" to everyone registered or waitlisted, naming the next
       session they could join (their region's or a national one), with a calendar
       cancellation.
    3. Sets their registrations cancelled.
    """
    _check_runs(call, by)
    locked = IntroCall.objects.select_for_update().select_related("host").get(pk=call.pk)
    if locked.status == CallStatus.CANCELLED:
        call.status = locked.status
        return
    locked.status = call.status = CallStatus.CANCELLED
    locked.save(update_fields=["status"])
    registrations = list(
        locked.registrations.filter(status__in=ACTIVE).select_related("candidate__user")
    )
    next_by_region: dict[int | None, IntroCall | None] = {}
    for registration in registrations:
        region_id = registration.candidate.region_id
        if region_id not in next_by_region:
            next_by_region[region_id] = _next_session(
                region_id=region_id, after=timezone.now(), exclude=locked
            )
        next_call = next_by_region[region_id]
        extra = {
            "next_call": next_call,
            "next_when": _when_for(next_call, registration.candidate.user) if next_call else "",
        }
        registration.call = locked
        _email("intro_cancelled", registration, ics=True, extra=extra)
    IntroCallRegistration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        status=RegistrationStatus.CANCELLED, updated_at=timezone.now()
    )
    logger.info(
        "Intro call %s cancelled by %s (%d registrants told)",
        locked.pk,
        getattr(by, "pk", None),
        len(registrations),
    )


def intro_calls_generate(*, now: datetime | None = None) -> int:
    """Create the sessions of the next ``RFS_INTRO_CALL_WEEKS_AHEAD`` weeks from every
    active schedule. Safe to run twice: one session per schedule and start.

    The local time is converted in the schedule's own zone for each date, so a 7 pm
    New York call is 23:00 UTC in summer and 00:00 UTC the next day in winter.
    Returns how many sessions were created.
    """
    now = now or timezone.now()
    created = 0
    for schedule in IntroCallSchedule.objects.filter(active=True):
        zone = zoneinfo.ZoneInfo(schedule.time_zone)
        today = now.astimezone(zone).date()
        first = today + timedelta(days=(schedule.weekday - today.weekday()) % 7)
        for week in range(settings.RFS_INTRO_CALL_WEEKS_AHEAD):
            day = first + timedelta(weeks=week)
            starts_at = datetime.combine(day, schedule.local_time, tzinfo=zone).astimezone(UTC)
            if starts_at <= now:
                continue
            _, was_created = IntroCall.objects.get_or_create(
                schedule=schedule,
                starts_at=starts_at,
                defaults={
                    "region_id": schedule.region_id,
                    "host_id": schedule.host_id,
                    "duration_minutes": schedule.duration_minutes,
                    "meeting_url": schedule.meeting_url,
                    "capacity": schedule.capacity,
                },
            )
            created += was_created
    if created:
        logger.info("Created %d intro call sessions.", created)
    return created
