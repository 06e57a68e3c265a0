"""The calendar invitation attached to 1:1 screening emails."""

from datetime import UTC, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .calls_ics import _SEQUENCE_EPOCH
from .enums import ScreeningCallStatus
from .models import ScreeningCall


def screening_call_ics(call: ScreeningCall) -> str:
    """An iCalendar invitation for a booked call, with the screener's meeting link.

    The UID is stable per call, so a new time updates the event instead of adding a
    second one; a cancelled call sends METHOD:CANCEL. Empty for a call with no time yet.
    """
    if call.starts_at is None:
        return ""
    cancelled = call.status == ScreeningCallStatus.CANCELLED
    starts_at = call.starts_at.astimezone(UTC)
    link = call.screener.meeting_url

    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//1:1 calls//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = Event()
    event.add("uid", f"screeningcall-{call.pk}@rfs")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + timedelta(minutes=call.duration_minutes))
    event.add("sequence", max(int(timezone.now().timestamp()) - _SEQUENCE_EPOCH, 0))
    event.add("summary", "1:1 call: Run for Something")
    if link:
        event.add("location", link)
        event.add("url", link)
        event.add("description", f"Join the call: {link}")
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or settings.SITE_NAME)
    event.add("organizer", organizer)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
