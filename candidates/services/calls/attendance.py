"""Reminders, joining, and after the call: attendance and marking a session held."""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rfs.models import OutboundEmail, User
from rfs.services import email_unique_key

from ...enums import CallStatus, RegistrationStatus, Stage
from ...models import IntroCall, IntroCallRegistration
from ..guards import require_started
from ..people import candidate_move
from .common import (
    ACTIVE,
    JOIN_OPENS_BEFORE,
    REMINDER_1H,
    REMINDER_24H,
    CallUnavailable,
    _check_runs,
    _email,
    _next_session,
    _stamp,
    _when_for,
)

__all__ = [
    "intro_call_join",
    "intro_call_mark_held",
    "intro_call_reminders_queue",
    "intro_call_set_attendance",
]

logger = logging.getLogger(__name__)


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
