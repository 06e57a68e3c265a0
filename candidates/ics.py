"""Calendar invitations (.ics) for intro calls and 1:1 calls.

Each event's UID is stable for what it is about, so a new time updates the event in
the person's calendar instead of adding a second one; a cancellation sends
METHOD:CANCEL with STATUS:CANCELLED, which removes it.
"""

from datetime import UTC, datetime, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from .enums import CallStatus, RegistrationStatus, ScreeningCallStatus
from .models import IntroCall, IntroCallRegistration, ScreeningCall

# SEQUENCE counts seconds from this moment: every invitation we build supersedes the
# ones sent before it, and the number stays well inside a 32-bit integer.
_SEQUENCE_EPOCH = 1_577_836_800  # 2020-01-01T00:00:00Z


def invitation(
    *,
    uid: str,
    starts_at: datetime,
    minutes: int,
    summary: str,
    link: str,
    description: str,
    cancelled: bool,
    product: str,
) -> str:
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//{product}//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    starts_at = starts_at.astimezone(UTC)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + timedelta(minutes=minutes))
    event.add("sequence", max(int(timezone.now().timestamp()) - _SEQUENCE_EPOCH, 0))
    event.add("summary", summary)
    if link:
        event.add("location", link)
        event.add("url", link)
    if description:
        event.add("description", description)
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or settings.SITE_NAME)
    event.add("organizer", organizer)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()


def join_url(registration: IntroCallRegistration) -> str:
    return settings.SITE_URL + reverse("candidates:call_join", args=[registration.join_token])


def intro_call_ics(call: IntroCall, registration: IntroCallRegistration) -> str:
    """This person's place on this intro call, with their personal join link."""
    link = join_url(registration)
    return invitation(
        uid=f"introcall-{call.pk}-{registration.pk}@rfs",
        starts_at=call.starts_at,
        minutes=call.duration_minutes,
        summary=_("Intro call: Run for Something"),
        link=link,
        description=_(
            "Your personal link to join the call: %(link)s\nIt opens 15 minutes before the start."
        )
        % {"link": link},
        cancelled=call.status == CallStatus.CANCELLED
        or registration.status == RegistrationStatus.CANCELLED,
        product="Intro calls",
    )


def screening_call_ics(call: ScreeningCall) -> str:
    """A booked 1:1 call with the screener's meeting link; empty while it has no time."""
    if call.starts_at is None:
        return ""
    link = call.screener.meeting_url
    return invitation(
        uid=f"screeningcall-{call.pk}@rfs",
        starts_at=call.starts_at,
        minutes=call.duration_minutes,
        summary=_("1:1 call: Run for Something"),
        link=link,
        description=_("Join the call: %(link)s") % {"link": link} if link else "",
        cancelled=call.status == ScreeningCallStatus.CANCELLED,
        product="1:1 calls",
    )
