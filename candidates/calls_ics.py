"""The calendar invitation attached to intro-call emails (one VEVENT per registration)."""

from datetime import UTC, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .models import CallStatus, IntroCall, IntroCallRegistration, RegistrationStatus

# SEQUENCE counts seconds from this moment: every invitation we build supersedes the
# ones sent before it, and the number stays well inside a 32-bit integer.
_SEQUENCE_EPOCH = 1_577_836_800  # 2020-01-01T00:00:00Z


def join_url(registration: IntroCallRegistration) -> str:
    return settings.SITE_URL + reverse("candidates:call_join", args=[registration.join_token])


def intro_call_ics(call: IntroCall, registration: IntroCallRegistration) -> str:
    """An iCalendar invitation for this person's place on this call.

    The UID is stable per call and registration, so a changed time updates the event in
    the calendar instead of adding a second one; a cancelled call or place sends
    METHOD:CANCEL with STATUS:CANCELLED, which removes it.
    """
    cancelled = call.status == CallStatus.CANCELLED or registration.status == RegistrationStatus.CANCELLED
    link = join_url(registration)
    starts_at = call.starts_at.astimezone(UTC)

    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Intro calls//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")

    event = Event()
    event.add("uid", f"introcall-{call.pk}-{registration.pk}@rfs")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", starts_at)
    event.add("dtend", starts_at + timedelta(minutes=call.duration_minutes))
    event.add("sequence", max(int(timezone.now().timestamp()) - _SEQUENCE_EPOCH, 0))
    event.add("summary", "Intro call: Run for Something")
    event.add("location", link)
    event.add("url", link)
    event.add(
        "description",
        f"Your personal link to join the call: {link}\n"
        "It opens 15 minutes before the start.",
    )
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = vText(name or settings.SITE_NAME)
    event.add("organizer", organizer)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical().decode()
