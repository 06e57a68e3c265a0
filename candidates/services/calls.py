"""Writes for weekly intro calls: sessions, registrations, reminders and attendance.

Every email is an outbox row queued here (``rfs.services.email_queue_template``) and
sent after commit; reminders are queued by a beat task, never as ETA tasks.
"""

import hashlib
import logging
import zoneinfo
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rfs.dates import lazy_day
from rfs.i18n import for_person
from rfs.models import OutboundEmail, Region, User
from rfs.services import email_queue_template, email_unique_key

from ..enums import Stage
from ..ics import intro_call_ics, join_url
from ..models import (
    CallStatus,
    Candidate,
    IntroCall,
    IntroCallRegistration,
    IntroCallSchedule,
    RegistrationStatus,
)
from .guards import require_started
from .people import candidate_move

logger = logging.getLogger(__name__)

__all__ = [
    "JOIN_OPENS_BEFORE",
    "REMINDER_1H",
    "REMINDER_24H",
    "CallUnavailable",
    "candidate_opt_in_screening",
    "intro_call_cancel",
    "intro_call_cancel_registration",
    "intro_call_confirm",
    "intro_call_create",
    "intro_call_join",
    "intro_call_mark_held",
    "intro_call_move",
    "intro_call_register",
    "intro_call_reminders_queue",
    "intro_call_set_attendance",
    "intro_call_update",
    "intro_calls_generate",
]

ACTIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)
# The personal join link works from this long before the start to the end of the call.
JOIN_OPENS_BEFORE = timedelta(minutes=15)
# Reminder windows: (opens before the start, closes before the start).
REMINDER_24H = (timedelta(hours=24), timedelta(hours=2))
REMINDER_1H = (timedelta(hours=1), timedelta(0))
UPDATABLE_FIELDS = {"host", "region", "starts_at", "duration_minutes", "meeting_url", "capacity"}


class CallUnavailable(ValueError):
    """The session can't take registrations (cancelled, held or already started)."""


def _check_runs(call: IntroCall, by: User | None) -> None:
    """Refuse (``PermissionError``) a person who may not run this session
    (``candidates.run_intro_call``): a director and a national session, say. ``by=None``
    is the platform itself."""
    if by is not None and not by.has_perm("candidates.run_intro_call", call):
        raise PermissionError(
            _("Only this session's host, its region's director or national staff can do that.")
        )


# --- Email helpers ----------------------------------------------------------------------


def _when_for(call: IntroCall, user: User) -> str:
    """The start in the recipient's own zone: "Tuesday, March 10 at 7:00 PM CDT"."""
    try:
        zone = zoneinfo.ZoneInfo(user.time_zone or settings.RFS_DEFAULT_USER_TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(settings.RFS_DEFAULT_USER_TIME_ZONE)
    # Formatted when the email renders, in the recipient's language (rfs/dates.py).
    return lazy_day(call.starts_at.astimezone(zone), "moment")


def _link(name: str, *args: str) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _email(
    template: str,
    registration: IntroCallRegistration,
    *,
    call: IntroCall | None = None,
    occurrence: str = "",
    ics: bool = False,
    extra: dict | None = None,
) -> OutboundEmail:
    call = call or registration.call
    user = registration.candidate.user
    context = {
        "call": call,
        "registration": registration,
        "when": _when_for(call, user),
        "host_name": call.host.get_short_name(),
        "join_url": join_url(registration),
        "manage_url": _link("candidates:call_manage", registration.join_token),
        "calls_url": _link("candidates:calls"),
        "journey_url": _link("candidates:journey"),
        **(extra or {}),
    }
    with for_person(user):  # the invitation's text in their language too
        invitation = intro_call_ics(call, registration) if ics else ""
    return email_queue_template(
        template=template,
        to=user,
        about=registration,
        occurrence=occurrence,
        context=context,
        ics=invitation,
    )


def _stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%S.%fZ}"


def _next_session(
    *, region_id: int | None, after: datetime, exclude: IntroCall
) -> IntroCall | None:
    """The soonest scheduled session someone of this region could join instead."""
    in_reach = Q(region__isnull=True) | (Q(region_id=region_id) if region_id else Q(pk__in=[]))
    return (
        IntroCall.objects.filter(in_reach, status=CallStatus.SCHEDULED, starts_at__gt=after)
        .exclude(pk=exclude.pk)
        .select_related("host")
        .order_by("starts_at", "pk")
        .first()
    )


def _promote_waitlisted(call: IntroCall) -> list[IntroCallRegistration]:
    """Fill free seats of a locked, scheduled call from its waitlist, earliest first."""
    if call.status != CallStatus.SCHEDULED or call.starts_at <= timezone.now():
        return []
    free = call.capacity - call.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    if free <= 0:
        return []
    promoted = list(
        call.registrations.filter(status=RegistrationStatus.WAITLISTED)
        .select_related("candidate__user")
        .order_by("created_at", "pk")[:free]
    )
    for registration in promoted:
        registration.status = RegistrationStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        registration.call = call
        _email("intro_promoted", registration, occurrence=_stamp(registration.updated_at), ics=True)
    return promoted


# --- Registrations ----------------------------------------------------------------------


@transaction.atomic
def intro_call_register(
    *, candidate: Candidate, call: IntroCall, by: User | None
) -> IntroCallRegistration:
    """Give the candidate a place on a session (or its waitlist).

    Side effects, in order:
    1. Locks the session and any other session the candidate holds a place on (in id
       order, so two moves never wait on each other), then the candidate's row, so
       registering twice at once is applied once.
    2. Refuses with ``CallUnavailable`` when the session is not scheduled or has started.
    3. An active place on this session is returned unchanged.
    4. An active place on another future session is cancelled (a move is one step),
       promoting that session's first waitlisted person.
    5. Creates the registration, or re-activates a cancelled one: registered while seats
       are free, waitlisted otherwise.
    6. Queues "intro_confirmation" with the calendar invitation, or "intro_waitlisted".
    """
    now = timezone.now()
    elsewhere = IntroCallRegistration.objects.filter(
        candidate=candidate,
        status__in=ACTIVE,
        call__status=CallStatus.SCHEDULED,
        call__starts_at__gt=now,
    ).exclude(call_id=call.pk)
    call_ids = sorted({call.pk, *elsewhere.values_list("call_id", flat=True)})
    locked_calls = {
        c.pk: c
        for c in IntroCall.objects.select_for_update().filter(pk__in=call_ids).order_by("pk")
    }
    Candidate.objects.select_for_update().only("pk").get(pk=candidate.pk)
    locked = locked_calls[call.pk]
    if locked.status != CallStatus.SCHEDULED or locked.starts_at <= now:
        raise CallUnavailable(
            _(
                "Sorry, this intro call isn't open for registration any more. Please pick another time."
            )
        )

    registration = (
        IntroCallRegistration.objects.filter(call=locked, candidate=candidate)
        .select_related("candidate__user")
        .first()
    )
    if registration is not None and registration.status in ACTIVE:
        return registration

    for other in elsewhere.select_related("call"):
        intro_call_cancel_registration(registration=other, by=by)

    full = (
        locked.registrations.filter(status=RegistrationStatus.REGISTERED).count() >= locked.capacity
    )
    status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED
    if registration is None:
        registration = IntroCallRegistration.objects.create(
            call=locked, candidate=candidate, status=status
        )
    else:
        # Coming back after cancelling: a fresh place at the back of the line.
        registration.status, registration.created_at, registration.confirmed_at = status, now, None
        registration.save(update_fields=["status", "created_at", "confirmed_at", "updated_at"])
    registration.call = locked
    registration.candidate = candidate
    if status == RegistrationStatus.REGISTERED:
        _email(
            "intro_confirmation", registration, occurrence=_stamp(registration.updated_at), ics=True
        )
    else:
        _email("intro_waitlisted", registration, occurrence=_stamp(registration.updated_at))
    logger.info(
        "Candidate %s %s for intro call %s by %s",
        candidate.pk,
        status,
        locked.pk,
        getattr(by, "pk", None),
    )
    return registration


@transaction.atomic
def intro_call_cancel_registration(*, registration: IntroCallRegistration, by: User | None) -> None:
    """Give up a place. Cancelling twice does nothing the second time.

    Side effects, in order:
    1. Locks the session, then the registration.
    2. Sets the registration cancelled.
    3. If it held a seat on a future scheduled session, promotes the earliest waitlisted
       person and queues "intro_promoted" with the calendar invitation.
    """
    call = IntroCall.objects.select_for_update().get(pk=registration.call_id)
    locked = IntroCallRegistration.objects.select_for_update().get(pk=registration.pk)
    if locked.status == RegistrationStatus.CANCELLED:
        registration.status = locked.status
        return
    held_seat = locked.status == RegistrationStatus.REGISTERED
    locked.status = RegistrationStatus.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    registration.status, registration.updated_at = locked.status, locked.updated_at
    if held_seat:
        _promote_waitlisted(call)
    logger.info("Registration %s cancelled by %s", locked.pk, getattr(by, "pk", None))


def intro_call_move(
    *, registration: IntroCallRegistration, to_call: IntroCall, by: User | None
) -> IntroCallRegistration:
    """Move a place to another session: registering there cancels this one, in one step."""
    return intro_call_register(candidate=registration.candidate, call=to_call, by=by)


def intro_call_confirm(*, registration: IntroCallRegistration) -> None:
    """The candidate confirmed from the 24-hour reminder (the first time counts)."""
    now = timezone.now()
    if IntroCallRegistration.objects.filter(pk=registration.pk, confirmed_at=None).update(
        confirmed_at=now
    ):
        registration.confirmed_at = now


def candidate_opt_in_screening(*, candidate: Candidate, by: User | None) -> None:
    """The candidate asked for a 1:1 screening call (the first time counts).

    A 1:1 comes after an intro call: before one is attended this refuses with
    ``OptInRequired``, unless ``by`` is national staff or the region's director, which
    sends the candidate on (recorded with who did it)."""
    from .screening.common import OptInRequired, _can_send_on, _record_send_on, attended_intro_call

    if not attended_intro_call(candidate):
        if not _can_send_on(by, candidate):
            raise OptInRequired(
                _("A 1:1 call comes after an intro call. Please join an intro call first.")
            )
        _record_send_on(candidate, by)
        return
    now = timezone.now()
    if Candidate.objects.filter(pk=candidate.pk, screening_opt_in_at=None).update(
        screening_opt_in_at=now
    ):
        candidate.screening_opt_in_at = now
        logger.info(
            "Candidate %s opted in to screening (by %s)", candidate.pk, getattr(by, "pk", None)
        )


# --- Sessions ---------------------------------------------------------------------------


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


# --- Reminders and joining --------------------------------------------------------------


@transaction.atomic
def intro_call_reminders_queue(*, now: datetime | None = None) -> int:
    """Queue the reminders that are due for registered people (runs every few minutes).

    "intro_reminder_24h" from 24 to 2 hours before (confirm or cancel, with the manage
    link) and "intro_reminder_1h" in the last hour (with the join link). Each is unique
    per registration and start, so a second run or a retry never doubles one, and a
    moved session gets fresh reminders. Waitlisted and cancelled people get none, and
    nobody gets a reminder whose moment (24 h or 1 h before) had passed when they registered.

    Queries: one for the registrations with their call, host and person, one for the
    reminders already queued, then the inserts of the new rows.
    Returns how many reminders were queued.
    """
    now = now or timezone.now()
    registrations = (
        IntroCallRegistration.objects.filter(
            status=RegistrationStatus.REGISTERED,
            call__status=CallStatus.SCHEDULED,
            call__starts_at__gt=now,
            call__starts_at__lte=now + REMINDER_24H[0],
        )
        .select_related("call__host", "candidate__user")
        .order_by("call__starts_at", "pk")
    )
    due = []
    for registration in registrations:
        starts_at = registration.call.starts_at
        for template, (opens, closes) in (
            ("intro_reminder_24h", REMINDER_24H),
            ("intro_reminder_1h", REMINDER_1H),
        ):
            # Only a reminder whose moment was still ahead when the person registered:
            # someone who signed up ten minutes before the start needs no "in an hour".
            if registration.created_at < starts_at - opens <= now < starts_at - closes:
                due.append((template, registration, _stamp(starts_at)))
    if not due:
        return 0
    keys = {
        email_unique_key(
            purpose=template, to_email=reg.candidate.user.email, about=reg, occurrence=occurrence
        ): (template, reg, occurrence)
        for template, reg, occurrence in due
    }
    already = set(
        OutboundEmail.objects.filter(unique_key__in=keys).values_list("unique_key", flat=True)
    )
    queued = 0
    for key, (template, registration, occurrence) in keys.items():
        if key in already:
            continue
        _email(template, registration, occurrence=occurrence)
        queued += 1
    return queued


def intro_call_join(
    *, token: str, now: datetime | None = None
) -> tuple[IntroCallRegistration | None, str | None]:
    """Follow a personal join link.

    Only within the call's own window (15 minutes before the start to its end, and not
    cancelled) does it record the first join time and attendance and return the meeting
    link. Outside it nothing is recorded: a mail scanner opening the link when the email
    arrives must not mark anyone as present. Returns (registration, meeting link or None);
    (None, None) for an unknown token.
    """
    now = now or timezone.now()
    registration = (
        IntroCallRegistration.objects.select_related("call").filter(join_token=token).first()
    )
    if registration is None:
        return None, None
    call = registration.call
    opens = call.starts_at - JOIN_OPENS_BEFORE
    ends = call.starts_at + timedelta(minutes=call.duration_minutes)
    if call.status == CallStatus.CANCELLED or not (opens <= now <= ends):
        return registration, None
    # Conditional updates: two clicks at once record the first join time once.
    if IntroCallRegistration.objects.filter(pk=registration.pk, joined_at=None).update(
        joined_at=now, attended=True
    ):
        registration.joined_at = now
    else:
        IntroCallRegistration.objects.filter(pk=registration.pk).update(attended=True)
    registration.attended = True
    return registration, call.meeting_url


# --- After the call ---------------------------------------------------------------------


def intro_call_set_attendance(
    *,
    call: IntroCall,
    attended_ids: set[int],
    by: User | None,
    override_reason: str = "",
) -> None:
    """The host's roll call: registered people in ``attended_ids`` attended, the others
    didn't. Two updates, whatever the size of the call. ``by`` must run the session
    (``candidates.run_intro_call``), or ``PermissionError``. Only from the call's start
    (``TooEarly`` before it), unless national staff give a written reason."""
    _check_runs(call, by)
    require_started(
        starts_at=call.starts_at, by=by, override_reason=override_reason, what="Attendance taken"
    )
    registered = IntroCallRegistration.objects.filter(
        call=call, status=RegistrationStatus.REGISTERED
    )
    with transaction.atomic():
        registered.filter(pk__in=attended_ids).update(attended=True, updated_at=timezone.now())
        registered.exclude(pk__in=attended_ids).update(attended=False, updated_at=timezone.now())
    logger.info("Attendance of intro call %s set by %s", call.pk, getattr(by, "pk", None))


@transaction.atomic
def intro_call_mark_held(*, call: IntroCall, by: User | None, override_reason: str = "") -> None:
    """Record that a session took place. A second call does nothing.

    ``by`` must run the session (``candidates.run_intro_call``), or ``PermissionError``.

    Side effects, in order:
    1. Locks the session and sets it held (refuses a cancelled one, and one that hasn't
       started: ``TooEarly``, unless national staff give a written reason, which is
       kept in each attendee's stage change note).
    2. People who joined through their link and weren't marked otherwise attended;
       registered people who neither joined nor were marked attended didn't.
    3. Each attendee moves to ``intro_attended`` through ``candidate_move`` (an event
       for someone already further along) and gets "intro_thanks", which invites them
       to ask for a 1:1 screening call from My journey.
    4. Registered no-shows get "intro_missed", with the next session they could join.
    """
    _check_runs(call, by)
    locked = IntroCall.objects.select_for_update().select_related("host").get(pk=call.pk)
    if locked.status == CallStatus.HELD:
        call.status = locked.status
        return
    if locked.status == CallStatus.CANCELLED:
        raise CallUnavailable(_("A cancelled intro call can't be marked as held."))
    early = require_started(
        starts_at=locked.starts_at, by=by, override_reason=override_reason, what="Intro call held"
    )
    locked.status = call.status = CallStatus.HELD
    locked.save(update_fields=["status"])
    present = locked.registrations.filter(status__in=ACTIVE)
    present.filter(joined_at__isnull=False, attended=None).update(attended=True)
    present.filter(status=RegistrationStatus.REGISTERED, joined_at=None, attended=None).update(
        attended=False
    )

    next_by_region: dict[int | None, IntroCall | None] = {}
    for registration in present.select_related("candidate__user").order_by("created_at", "pk"):
        registration.call = locked
        if registration.attended:
            note = _("Attended the intro call of %(date)s") % {
                "date": f"{locked.starts_at:%Y-%m-%d}"
            }
            if early:
                note = f"{note} ({_('marked held early')}: {early})"
            candidate_move(
                candidate=registration.candidate, to_stage=Stage.INTRO_ATTENDED, by=by, note=note
            )
            _email("intro_thanks", registration)
        elif (
            registration.status == RegistrationStatus.REGISTERED and registration.joined_at is None
        ):
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
            _email("intro_missed", registration, extra=extra)
    logger.info("Intro call %s marked held by %s", locked.pk, getattr(by, "pk", None))
