"""Writes for 1:1 screening calls: screeners and availability (``screeners``), bookings
and assignments by load (``bookings``), the log that moves a candidate to ``screened``
and reminders (``logs``); shared pieces in ``common``.

Every email is an outbox row queued here (``rfs.services.email_queue_template``) and
sent after commit; reminders are queued by a beat task, never as ETA tasks.
"""

from .bookings import (
    screening_book,
    screening_cancel,
    screening_request_assignment,
    screening_reschedule,
)
from .common import (
    LOG_DUE_AFTER,
    SCREENING_REMINDER_BEFORE,
    NoScreenerAvailable,
    OptInRequired,
    SlotUnavailable,
    attended_intro_call,
    may_book_screening,
)
from .logs import screening_log_create, screening_reminders_queue
from .screeners import (
    availability_add,
    availability_remove,
    candidate_send_on_to_screening,
    screener_apply,
    screener_approve,
)

__all__ = [
    "LOG_DUE_AFTER",
    "SCREENING_REMINDER_BEFORE",
    "NoScreenerAvailable",
    "OptInRequired",
    "SlotUnavailable",
    "attended_intro_call",
    "availability_add",
    "availability_remove",
    "candidate_send_on_to_screening",
    "may_book_screening",
    "screener_apply",
    "screener_approve",
    "screening_book",
    "screening_cancel",
    "screening_log_create",
    "screening_reminders_queue",
    "screening_request_assignment",
    "screening_reschedule",
]
