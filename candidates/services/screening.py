"""Writes for 1:1 screening calls: screeners, availability, bookings, assignments by
load, the log that moves a candidate to ``screened``, and reminders.

Every email is an outbox row queued here (``rfs.services.email_queue_template``) and
sent after commit; reminders are queued by a beat task, never as ETA tasks.
"""

import logging
import zoneinfo
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from resources.models import Resource, SentResource
from resources.selectors import resources_sendable_to
from rfs.enums import Role
from rfs.models import OutboundEmail, Region, User
from rfs.selectors import sees_all_regions
from rfs.services import email_queue_template, email_unique_key, user_set_roles

from ..enums import STAGE_RANK, ScreenerStatus, ScreeningCallStatus, Stage
from ..ics import screening_call_ics
from ..models import Candidate, Screener, ScreenerAvailability, ScreeningCall, ScreeningLog
from ..selectors_screening import OPEN_STATUSES, open_slots_for, screener_load
from .guards import require_started
from .people import candidate_move

logger = logging.getLogger(__name__)

__all__ = [
    "LOG_DUE_AFTER", "SCREENING_REMINDER_BEFORE", "NoScreenerAvailable", "OptInRequired",
    "SlotUnavailable", "attended_intro_call", "availability_add", "availability_remove", "candidate_send_on_to_screening",
    "may_book_screening", "screener_apply", "screener_approve", "screening_book", "screening_cancel",
    "screening_log_create", "screening_reminders_queue", "screening_request_assignment",
    "screening_reschedule",
]

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
    local = moment.astimezone(zone)
    hour = local.hour % 12 or 12
    return f"{local:%A, %B} {local.day} at {hour}:{local:%M %p %Z}"


def _link(name: str) -> str:
    return settings.SITE_URL + reverse(name)


def _absolute(url: str) -> str:
    """A site path ("/library/...", "/media/...") on the site's address; a link as it is."""
    return settings.SITE_URL + url if url.startswith("/") else url


def _email(
    template: str, call: ScreeningCall, *, to_screener: bool, occurrence: str = "",
    ics: bool = False, about=None, extra: dict | None = None,
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
    return email_queue_template(
        template=template, to=to, about=about or call, occurrence=occurrence, context=context,
        ics=screening_call_ics(call) if ics else "",
    )


def _can_send_on(user: User | None, candidate: Candidate) -> bool:
    """National staff, or a director of the candidate's region."""
    if user is None or not user.is_active:
        return False
    if sees_all_regions(user):
        return True
    return (
        user.has_role(Role.REGIONAL_DIRECTOR) and candidate.region_id is not None
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
    Candidate.objects.filter(pk=candidate.pk, screening_opt_in_at=None).update(screening_opt_in_at=now)
    Candidate.objects.filter(pk=candidate.pk, screening_sent_on_by=None).update(screening_sent_on_by=by)
    fresh = Candidate.objects.only("screening_opt_in_at", "screening_sent_on_by").get(pk=candidate.pk)
    candidate.screening_opt_in_at, candidate.screening_sent_on_by_id = fresh.screening_opt_in_at, fresh.screening_sent_on_by_id


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
        raise OptInRequired(_("A 1:1 call comes after an intro call. Please join an intro call first."))
    _record_send_on(candidate, by)


def _lock_candidate(candidate: Candidate) -> Candidate:
    locked = Candidate.objects.select_for_update().select_related("user").get(pk=candidate.pk)
    candidate.screening_opt_in_at = locked.screening_opt_in_at
    return locked


# --- Screeners and availability ---------------------------------------------------------


@transaction.atomic
def screener_apply(
    *, user: User, regions: Iterable[Region], languages: list[str], weekly_capacity: int,
    time_zone: str, meeting_url: str = "",
) -> Screener:
    """A volunteer offers to hold 1:1 calls.

    Side effects, in order:
    1. Gives the person the screener role, keeping their other roles, and makes the
       zone they gave their own (pages and emails show times in it).
    2. Creates their screener profile (status applied), or updates the details of an
       earlier application (an approved screener stays approved).
    3. Sets the regions they serve.
    """
    zoneinfo.ZoneInfo(time_zone)  # refuses an unknown zone before anything is written
    user_set_roles(user=user, roles={*user.role_names, Role.SCREENER}, acting_user=user)
    if user.time_zone != time_zone:
        # The zone they gave is theirs: their pages show times in it, as their emails do.
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])
    screener, _created = Screener.objects.update_or_create(
        user=user,
        defaults={
            "languages": list(languages), "weekly_capacity": weekly_capacity,
            "time_zone": time_zone, "meeting_url": meeting_url,
        },
    )
    screener.regions.set(list(regions))
    logger.info("User %s applied to screen", user.pk)
    return screener


@transaction.atomic
def screener_approve(*, screener: Screener, by: User) -> None:
    """Approve a screener. Approving twice does nothing the second time.

    Side effects: sets the status approved with who and when; queues "screening_approved".
    """
    locked = Screener.objects.select_for_update().select_related("user").get(pk=screener.pk)
    if locked.status == ScreenerStatus.APPROVED:
        return
    locked.status, locked.approved_by, locked.approved_at = ScreenerStatus.APPROVED, by, timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    screener.status, screener.approved_by, screener.approved_at = locked.status, by, locked.approved_at
    email_queue_template(
        template="screening_approved", to=locked.user, about=locked, occurrence=_stamp(locked.approved_at),
        context={"screener": locked, "dashboard_url": _link("candidates:screener_home")},
    )
    logger.info("Screener %s approved by %s", locked.pk, by.pk)


def availability_add(
    *, screener: Screener, start_time: time, end_time: time, weekday: int | None = None,
    date=None,
) -> ScreenerAvailability:
    """Add a weekly window (``weekday``) or a one-off window (``date``), in the screener's
    own zone."""
    if end_time <= start_time:
        raise ValueError(_("The window has to end after it starts."))
    if (weekday is None) == (date is None):
        raise ValueError(_("Pick either a day of the week or a single date."))
    return ScreenerAvailability.objects.create(
        screener=screener, weekday=weekday, date=date, start_time=start_time, end_time=end_time
    )


def availability_remove(*, availability: ScreenerAvailability) -> None:
    """Remove a window. Calls already booked in it stay booked."""
    availability.delete()


def candidate_send_on_to_screening(*, candidate: Candidate, by: User) -> None:
    """Staff or a director of the candidate's region sends them on to a 1:1 call, with or
    without an intro call (the first time counts, and who did it is recorded on the
    candidate). Anyone else gets ``PermissionError``."""
    if not _can_send_on(by, candidate):
        raise PermissionError(_("Only national staff or the region's director can do that."))
    _record_send_on(candidate, by)
    logger.info("Candidate %s sent on to screening by %s", candidate.pk, by.pk)


# --- Booking ----------------------------------------------------------------------------


def _require_open_slot(candidate: Candidate, screener: Screener, starts_at: datetime) -> None:
    slots = open_slots_for(candidate)
    if not any(slot.screener.pk == screener.pk and slot.starts_at == starts_at for slot in slots):
        raise SlotUnavailable(_("Sorry, that time isn't open any more. Please pick another."))


def _open_call(candidate: Candidate) -> ScreeningCall | None:
    return (
        ScreeningCall.objects.filter(candidate=candidate, status__in=OPEN_STATUSES)
        .select_related("screener__user", "candidate__user")
        .first()
    )


@transaction.atomic
def screening_book(*, candidate: Candidate, screener: Screener, starts_at: datetime, by: User | None) -> ScreeningCall:
    """Book a 1:1 call at one of the candidate's open slots.

    Side effects, in order:
    1. Locks the screener's row, then the candidate's, so bookings of one screener are
       applied one after the other (capacity and slots are checked under the lock).
    2. Refuses with ``OptInRequired`` when the candidate hasn't asked for a call or hasn't
       attended an intro call, unless ``by`` is national staff or the region's director
       (it then records the opt-in and who sent them on).
    3. Refuses with ``SlotUnavailable`` when the time isn't an open slot.
    4. Cancels the candidate's open call, if any (rebooking is one step), telling the
       other side ("screening_cancelled").
    5. Creates the booking. The database refuses a second booking of the slot; that is
       reported as ``SlotUnavailable`` too.
    6. Queues "screening_booked_candidate" and "screening_booked_screener", each with the
       calendar invitation and the time in the recipient's zone.
    """
    starts_at = starts_at.astimezone(UTC)
    screener = Screener.objects.select_for_update().select_related("user").get(pk=screener.pk)
    locked = _lock_candidate(candidate)
    _require_opt_in(candidate, by)
    _require_open_slot(locked, screener, starts_at)

    previous = _open_call(locked)
    if previous is not None:
        screening_cancel(call=previous, by=by)
    try:
        # A savepoint: the partial unique constraints stop a double booking even if a
        # booking slipped past the lock (another path, an admin edit).
        with transaction.atomic():
            call = ScreeningCall.objects.create(
                candidate=locked, screener=screener, starts_at=starts_at, status=ScreeningCallStatus.BOOKED
            )
    except IntegrityError:
        raise SlotUnavailable(_("Someone just took that time. Please pick another.")) from None
    call.candidate, call.screener = locked, screener
    _email("screening_booked_candidate", call, to_screener=False, occurrence=_stamp(call.updated_at), ics=True)
    _email("screening_booked_screener", call, to_screener=True, occurrence=_stamp(call.updated_at), ics=True)
    logger.info("Screening call %s booked for candidate %s by %s", call.pk, locked.pk, getattr(by, "pk", None))
    return call


@transaction.atomic
def screening_reschedule(*, call: ScreeningCall, starts_at: datetime, by: User | None) -> ScreeningCall:
    """Move a booked (or assigned) call to another open slot of the same screener.

    Side effects, in order:
    1. Locks the screener's row, then the call.
    2. Refuses with ``SlotUnavailable`` when the time isn't an open slot of that screener
       (or the database refuses it as taken).
    3. Sets the new time (an assigned call becomes booked).
    4. Queues "screening_booked_candidate" and "screening_booked_screener" again, marked
       as a change, with an invitation that replaces the earlier one.
    """
    starts_at = starts_at.astimezone(UTC)
    screener = Screener.objects.select_for_update().select_related("user").get(pk=call.screener_id)
    locked = ScreeningCall.objects.select_for_update().select_related("candidate__user").get(pk=call.pk)
    if locked.status not in OPEN_STATUSES:
        raise SlotUnavailable(_("This call can't be moved any more."))
    if locked.starts_at == starts_at and locked.status == ScreeningCallStatus.BOOKED:
        return locked
    _require_open_slot(locked.candidate, screener, starts_at)
    locked.starts_at, locked.status = starts_at, ScreeningCallStatus.BOOKED
    try:
        with transaction.atomic():
            locked.save(update_fields=["starts_at", "status", "updated_at"])
    except IntegrityError:
        raise SlotUnavailable(_("Someone just took that time. Please pick another.")) from None
    locked.screener = screener
    call.starts_at, call.status = locked.starts_at, locked.status
    extra = {"rescheduled": True}
    _email("screening_booked_candidate", locked, to_screener=False, occurrence=_stamp(locked.updated_at), ics=True, extra=extra)
    _email("screening_booked_screener", locked, to_screener=True, occurrence=_stamp(locked.updated_at), ics=True, extra=extra)
    logger.info("Screening call %s moved to %s by %s", locked.pk, starts_at, getattr(by, "pk", None))
    return locked


@transaction.atomic
def screening_cancel(*, call: ScreeningCall, by: User | None) -> None:
    """Cancel an open call. Cancelling twice does nothing the second time.

    Side effects, in order:
    1. Locks the call and sets it cancelled (a logged call can't be cancelled).
    2. Queues "screening_cancelled" to the other side (both when staff cancel), with a
       calendar cancellation when the call had a time.
    """
    locked = ScreeningCall.objects.select_for_update().select_related("candidate__user", "screener__user").get(pk=call.pk)
    if locked.status == ScreeningCallStatus.CANCELLED:
        call.status = locked.status
        return
    if locked.status == ScreeningCallStatus.LOGGED:
        raise ValueError(_("This call has already been logged."))
    locked.status = call.status = ScreeningCallStatus.CANCELLED
    locked.save(update_fields=["status", "updated_at"])
    by_pk = getattr(by, "pk", None)
    for to_screener in (False, True):
        side = locked.screener.user_id if to_screener else locked.candidate.user_id
        if side != by_pk:
            _email("screening_cancelled", locked, to_screener=to_screener, ics=locked.starts_at is not None)
    logger.info("Screening call %s cancelled by %s", locked.pk, by_pk)


# --- Assignment by load -----------------------------------------------------------------


@transaction.atomic
def screening_request_assignment(*, candidate: Candidate, by: User | None) -> ScreeningCall:
    """Give the candidate the least busy screener of their region; the two agree a time.

    Side effects, in order:
    1. Locks the candidate's row; an open call already held is returned unchanged.
    2. Refuses with ``OptInRequired`` as ``screening_book`` does.
    3. Locks the region's approved screeners (in id order), so simultaneous requests are
       spread one after the other instead of all picking the same quiet screener.
    4. Picks the one with the lightest load this week among those under capacity; ties go
       to the fewest open calls overall, then the earliest volunteer. Refuses with
       ``NoScreenerAvailable`` when all are full.
    5. Creates the call as assigned (no time yet).
    6. Queues "screening_assigned_candidate" and "screening_assigned_screener".
    """
    locked = _lock_candidate(candidate)
    existing = _open_call(locked)
    if existing is not None:
        return existing
    _require_opt_in(candidate, by)
    screeners = list(
        Screener.objects.select_for_update()
        .filter(status=ScreenerStatus.APPROVED, regions=locked.region_id)
        .select_related("user")
        .order_by("pk")
    ) if locked.region_id is not None else []
    load = screener_load(screeners)
    open_counts = dict(
        ScreeningCall.objects.filter(screener__in=screeners, status__in=OPEN_STATUSES)
        .values_list("screener_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    free = [s for s in screeners if load[s.pk] < s.weekly_capacity]
    if not free:
        raise NoScreenerAvailable(
            _("All our volunteers in your region are fully booked this week; we'll be in touch.")
        )
    screener = min(free, key=lambda s: (load[s.pk], open_counts.get(s.pk, 0), s.pk))
    call = ScreeningCall.objects.create(
        candidate=locked, screener=screener, starts_at=None, status=ScreeningCallStatus.ASSIGNED, assigned_by_load=True
    )
    call.candidate, call.screener = locked, screener
    _email("screening_assigned_candidate", call, to_screener=False)
    _email("screening_assigned_screener", call, to_screener=True)
    logger.info("Candidate %s assigned to screener %s by %s", locked.pk, screener.pk, getattr(by, "pk", None))
    return call


# --- The log ----------------------------------------------------------------------------


@transaction.atomic
def screening_log_create(
    *, call: ScreeningCall, by: User, problems_to_solve: str, community_involvement: str,
    concerns_notes: str, progressive_meaning: str, community_knowledge: int, relationships: int,
    campaign_understanding: int, values_alignment: int, concerns: list[str], next_step: str,
    resources: Iterable[Resource | int], override_reason: str = "",
) -> ScreeningLog:
    """Record what the screener learned. Submitting twice returns the first log.

    Side effects, in order:
    1. Only the call's screener (or national staff) may log it: ``PermissionError``.
    2. Locks the call; an existing log is returned unchanged (a double submit or retry).
       Refuses a cancelled call, and one that hasn't started (``TooEarly``, unless
       national staff give a written reason, kept in the stage change note).
    3. Creates the log and sets the call logged.
    4. Moves the candidate to ``screened`` through ``candidate_move`` (an event for
       someone already further along).
    5. Records the picked resources as sent (once per candidate and resource).
    6. Queues one "screening_resources" email to the candidate, tied to the log, listing
       the resources (or a shorter thank-you when none were picked).
    """
    locked = ScreeningCall.objects.select_for_update().select_related("screener__user", "candidate__user").get(pk=call.pk)
    if locked.screener.user_id != by.pk and not sees_all_regions(by):
        raise PermissionError(_("Only the screener of this call can log it."))
    existing = ScreeningLog.objects.filter(call=locked).first()
    if existing is not None:
        return existing
    if locked.status == ScreeningCallStatus.CANCELLED:
        raise ValueError(_("A cancelled call can't be logged."))
    early = require_started(starts_at=locked.starts_at, by=by, override_reason=override_reason, what="1:1 logged")
    log = ScreeningLog.objects.create(
        call=locked, candidate=locked.candidate, screener=locked.screener,
        problems_to_solve=problems_to_solve, community_involvement=community_involvement,
        concerns_notes=concerns_notes, progressive_meaning=progressive_meaning,
        community_knowledge=community_knowledge, relationships=relationships,
        campaign_understanding=campaign_understanding, values_alignment=values_alignment,
        concerns=list(concerns), next_step=next_step,
    )
    locked.status = call.status = ScreeningCallStatus.LOGGED
    locked.save(update_fields=["status", "updated_at"])
    note = _("1:1 screening")
    if early:
        note = f"{note} ({_('logged before its time')}: {early})"
    candidate_move(candidate=locked.candidate, to_stage=Stage.SCREENED, by=by, note=note)

    resource_ids = [getattr(r, "pk", r) for r in resources]
    # Only what the candidate can open: a resource for endorsed candidates, or one with
    # nowhere to open it, would be a dead title in their email.
    picked = list(resources_sendable_to(locked.candidate.user).filter(pk__in=resource_ids).order_by("title", "pk"))
    SentResource.objects.bulk_create(
        [SentResource(candidate=locked.candidate, resource=r, screening_log=log) for r in picked],
        ignore_conflicts=True,
    )
    links = [{"title": r.title, "url": _absolute(r.get_absolute_url()), "description": r.description} for r in picked]
    _email("screening_resources", locked, to_screener=False, about=log, extra={"resources": links, "log": log})
    logger.info("Screening call %s logged by %s (%d resources)", locked.pk, by.pk, len(picked))
    return log


# --- Reminders --------------------------------------------------------------------------


@transaction.atomic
def screening_reminders_queue(*, now: datetime | None = None) -> int:
    """Queue the screening reminders that are due (runs every few minutes).

    "screening_reminder" to both sides in the 24 hours before a booked call, and
    "screening_log_due" to the screener a day after a booked call ended unlogged. Each is
    unique per call and start, so a second run never doubles one and a moved call gets a
    fresh reminder.

    Queries: one for the calls, one for the reminders already queued, then the inserts.
    Returns how many reminders were queued.
    """
    now = now or timezone.now()
    calls = (
        ScreeningCall.objects.filter(status=ScreeningCallStatus.BOOKED)
        .filter(
            Q(starts_at__gt=now, starts_at__lte=now + SCREENING_REMINDER_BEFORE)
            | Q(starts_at__lte=now - LOG_DUE_AFTER, starts_at__gte=now - LOG_DUE_LOOKBACK)
        )
        .select_related("screener__user", "candidate__user")
        .order_by("starts_at", "pk")
    )
    due = []
    for call in calls:
        occurrence = _stamp(call.starts_at)
        if call.starts_at > now:
            due.append(("screening_reminder", call, False, occurrence))
            due.append(("screening_reminder", call, True, occurrence))
        elif call.starts_at + timedelta(minutes=call.duration_minutes) + LOG_DUE_AFTER <= now:
            due.append(("screening_log_due", call, True, occurrence))
    if not due:
        return 0
    keys = {}
    for template, call, to_screener, occurrence in due:
        to = call.screener.user if to_screener else call.candidate.user
        key = email_unique_key(purpose=template, to_email=to.email, about=call, occurrence=occurrence)
        keys[key] = (template, call, to_screener, occurrence)
    already = set(OutboundEmail.objects.filter(unique_key__in=keys).values_list("unique_key", flat=True))
    queued = 0
    for key, (template, call, to_screener, occurrence) in keys.items():
        if key in already:
            continue
        _email(template, call, to_screener=to_screener, occurrence=occurrence)
        queued += 1
    return queued
