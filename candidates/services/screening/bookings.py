"""Booking, moving and cancelling a 1:1 call, and assignment by load when no time suits."""

import logging
from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from rfs.models import User

from ...enums import ScreenerStatus, ScreeningCallStatus
from ...models import Candidate, Screener, ScreeningCall
from ...selectors import OPEN_STATUSES, open_slots_for, screener_load
from .common import (
    NoScreenerAvailable,
    SlotUnavailable,
    _email,
    _lock_candidate,
    _require_opt_in,
    _stamp,
)

logger = logging.getLogger(__name__)

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
def screening_book(
    *, candidate: Candidate, screener: Screener, starts_at: datetime, by: User | None
) -> ScreeningCall:
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
                candidate=locked,
                screener=screener,
                starts_at=starts_at,
                status=ScreeningCallStatus.BOOKED,
            )
    except IntegrityError:
        raise SlotUnavailable(_("Someone just took that time. Please pick another.")) from None
    call.candidate, call.screener = locked, screener
    _email(
        "screening_booked_candidate",
        call,
        to_screener=False,
        occurrence=_stamp(call.updated_at),
        ics=True,
    )
    _email(
        "screening_booked_screener",
        call,
        to_screener=True,
        occurrence=_stamp(call.updated_at),
        ics=True,
    )
    logger.info(
        "Screening call %s booked for candidate %s by %s",
        call.pk,
        locked.pk,
        getattr(by, "pk", None),
    )
    return call


@transaction.atomic
def screening_reschedule(
    *, call: ScreeningCall, starts_at: datetime, by: User | None
) -> ScreeningCall:
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
    locked = (
        ScreeningCall.objects.select_for_update().select_related("candidate__user").get(pk=call.pk)
    )
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
    _email(
        "screening_booked_candidate",
        locked,
        to_screener=False,
        occurrence=_stamp(locked.updated_at),
        ics=True,
        extra=extra,
    )
    _email(
        "screening_booked_screener",
        locked,
        to_screener=True,
        occurrence=_stamp(locked.updated_at),
        ics=True,
        extra=extra,
    )
    logger.info(
        "Screening call %s moved to %s by %s", locked.pk, starts_at, getattr(by, "pk", None)
    )
    return locked


@transaction.atomic
def screening_cancel(*, call: ScreeningCall, by: User | None) -> None:
    """Cancel an open call. Cancelling twice does nothing the second time.

    Side effects, in order:
    1. Locks the call and sets it cancelled (a logged call can't be cancelled).
    2. Queues "screening_cancelled" to the other side (both when staff cancel), with a
       calendar cancellation when the call had a time.
    """
    locked = (
        ScreeningCall.objects.select_for_update()
        .select_related("candidate__user", "screener__user")
        .get(pk=call.pk)
    )
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
            _email(
                "screening_cancelled",
                locked,
                to_screener=to_screener,
                ics=locked.starts_at is not None,
            )
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
    screeners = (
        list(
            Screener.objects.select_for_update()
            .filter(status=ScreenerStatus.APPROVED, regions=locked.region_id)
            .select_related("user")
            .order_by("pk")
        )
        if locked.region_id is not None
        else []
    )
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
        candidate=locked,
        screener=screener,
        starts_at=None,
        status=ScreeningCallStatus.ASSIGNED,
        assigned_by_load=True,
    )
    call.candidate, call.screener = locked, screener
    _email("screening_assigned_candidate", call, to_screener=False)
    _email("screening_assigned_screener", call, to_screener=True)
    logger.info(
        "Candidate %s assigned to screener %s by %s",
        locked.pk,
        screener.pk,
        getattr(by, "pk", None),
    )
    return call
