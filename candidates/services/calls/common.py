"""Shared by the intro-call services: the reminder and join windows, the emails a call sends,
and the waitlist."""

import zoneinfo
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rfs.dates import lazy_day
from rfs.i18n import for_person
from rfs.models import OutboundEmail, User
from rfs.services import email_queue_template

from ...enums import CallStatus, RegistrationStatus
from ...ics import intro_call_ics, join_url
from ...models import IntroCall, IntroCallRegistration

__all__ = [
    "JOIN_OPENS_BEFORE",
    "REMINDER_1H",
    "REMINDER_24H",
    "CallUnavailable",
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
