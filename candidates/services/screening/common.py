"""What the 1:1 screening services share: their errors and timings, the emails to
either side, and who may book (an attended intro call, or someone sent on)."""

import logging
import zoneinfo
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rfs.dates import lazy_day
from rfs.enums import Role
from rfs.i18n import for_person
from rfs.models import OutboundEmail, Region, User
from rfs.selectors import sees_all_regions
from rfs.services import email_queue_template

from ...enums import STAGE_RANK, Stage
from ...ics import screening_call_ics
from ...models import Candidate, ScreeningCall

logger = logging.getLogger(__name__)

# The reminder to both goes out in the 24 hours before the call.
SCREENING_REMINDER_BEFORE = timedelta(hours=24)
# A day after a booked call ended without a log, the screener is reminded once.
LOG_DUE_AFTER = timedelta(days=1)
# Log-due reminders look back this far, so an old forgotten call doesn't mail forever.
LOG_DUE_LOOKBACK = timedelta(days=30)


class SlotUnavailable(ValueError):
    """The time isn't (or is no longer) open for booking."""


class NoScreenerAvailable(ValueError):
    """Every screener of the candidate's region is at capacity this week."""


class OptInRequired(ValueError):
    """The candidate hasn't asked for a 1:1 call and nobody sent them on."""


# --- Helpers ----------------------------------------------------------------------------


def _stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%S.%fZ}"


def _when(moment: datetime | None, zone_name: str) -> str:
    """The start in the recipient's own zone: "Tuesday, March 10 at 7:00 PM EDT"."""
    if moment is None:
        return ""
    try:
        zone = zoneinfo.ZoneInfo(zone_name or settings.RFS_DEFAULT_USER_TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo(settings.RFS_DEFAULT_USER_TIME_ZONE)
    # Formatted when the email renders, in the recipient's language (rfs/dates.py).
    return lazy_day(moment.astimezone(zone), "moment")


def _link(name: str) -> str:
    return settings.SITE_URL + reverse(name)


def _absolute(url: str) -> str:
    """A site path ("/library/...", "/media/...") on the site's address; a link as it is."""
    return settings.SITE_URL + url if url.startswith("/") else url


def _email(
    template: str,
    call: ScreeningCall,
    *,
    to_screener: bool,
    occurrence: str = "",
    ics: bool = False,
    about=None,
    extra: dict | None = None,
) -> OutboundEmail:
    """Queue one screening email to the candidate or the screener, in their own zone."""
    screener, candidate = call.screener, call.candidate
    to = screener.user if to_screener else candidate.user
    # Each person's one zone, the one their pages use too (the screener's is set from the
    # zone they gave when they applied), so an email and a page never disagree.
    zone = screener.user.time_zone if to_screener else candidate.user.time_zone
    context = {
        "call": call,
        "candidate_name": candidate.user.get_short_name(),
        "candidate_full_name": candidate.user.get_full_name(),
        "screener_name": screener.user.get_short_name(),
        "when": _when(call.starts_at, zone),
        "meeting_url": screener.meeting_url,
        "contact_email": candidate.user.email if to_screener else screener.user.email,
        "journey_url": _link("candidates:journey"),
        "dashboard_url": _link("candidates:screener_home"),
        # The two sides open different pages: My journey is the candidate's only.
        "to_screener": to_screener,
        **(extra or {}),
    }
    with for_person(to):  # the invitation's text in their language too
        invitation = screening_call_ics(call) if ics else ""
    return email_queue_template(
        template=template,
        to=to,
        about=about or call,
        occurrence=occurrence,
        context=context,
        ics=invitation,
    )


def _can_send_on(user: User | None, candidate: Candidate) -> bool:
    """National staff, or a director of the candidate's region."""
    if user is None or not user.is_active:
        return False
    if sees_all_regions(user):
        return True
    return (
        user.has_role(Role.REGIONAL_DIRECTOR)
        and candidate.region_id is not None
        and Region.objects.filter(pk=candidate.region_id, directors=user).exists()
    )


def attended_intro_call(candidate: Candidate) -> bool:
    """Whether the candidate has been to an intro call: their stage is past it, or the
    host (or their join link) marked them present at one not yet marked held."""
    return (
        STAGE_RANK[candidate.stage] >= STAGE_RANK[Stage.INTRO_ATTENDED]
        or candidate.intro_call_registrations.filter(attended=True).exists()
    )


def _record_send_on(candidate: Candidate, by: User) -> None:
    """Record the opt-in and who sent the candidate on (the first time counts)."""
    now = timezone.now()
    Candidate.objects.filter(pk=candidate.pk, screening_opt_in_at=None).update(
        screening_opt_in_at=now
    )
    Candidate.objects.filter(pk=candidate.pk, screening_sent_on_by=None).update(
        screening_sent_on_by=by
    )
    fresh = Candidate.objects.only("screening_opt_in_at", "screening_sent_on_by").get(
        pk=candidate.pk
    )
    candidate.screening_opt_in_at, candidate.screening_sent_on_by_id = (
        fresh.screening_opt_in_at,
        fresh.screening_sent_on_by_id,
    )


def may_book_screening(candidate: Candidate) -> bool:
    """A 1:1 needs an attended intro call, or a director or national staff sending the
    candidate on; and the candidate (or whoever sent them on) asked for it."""
    return candidate.screening_opt_in_at is not None and (
        candidate.screening_sent_on_by_id is not None or attended_intro_call(candidate)
    )


def _require_opt_in(candidate: Candidate, by: User | None) -> None:
    """Staff and directors may book for someone who hasn't asked yet, or hasn't been to
    an intro call: that sends them on, and records who did."""
    if may_book_screening(candidate):
        return
    if not _can_send_on(by, candidate):
        if candidate.screening_opt_in_at is None:
            raise OptInRequired(_("Please ask for a 1:1 call from My journey first."))
        raise OptInRequired(
            _("A 1:1 call comes after an intro call. Please join an intro call first.")
        )
    _record_send_on(candidate, by)


def _lock_candidate(candidate: Candidate) -> Candidate:
    locked = Candidate.objects.select_for_update().select_related("user").get(pk=candidate.pk)
    candidate.screening_opt_in_at = locked.screening_opt_in_at
    return locked
