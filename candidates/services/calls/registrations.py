"""A candidate's own intro-call writes: register, cancel, move, confirm, and opting in to a 1:1
screening."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rfs.models import User

from ...enums import CallStatus, RegistrationStatus
from ...models import Candidate, IntroCall, IntroCallRegistration
from .common import ACTIVE, CallUnavailable, _email, _promote_waitlisted, _stamp

__all__ = [
    "candidate_opt_in_screening",
    "intro_call_cancel_registration",
    "intro_call_confirm",
    "intro_call_move",
    "intro_call_register",
]

logger = logging.getLogger(__name__)


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
    from ..screening.common import OptInRequired, _can_send_on, _record_send_on, attended_intro_call

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
