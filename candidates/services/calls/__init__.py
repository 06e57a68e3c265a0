"""Writes for weekly intro calls: sessions, registrations, reminders and attendance.

Every email is an outbox row queued here (``rfs.services.email_queue_template``) and
sent after commit; reminders are queued by a beat task, never as ETA tasks.
"""

from .attendance import (
    intro_call_join,
    intro_call_mark_held,
    intro_call_reminders_queue,
    intro_call_set_attendance,
)
from .common import JOIN_OPENS_BEFORE, REMINDER_1H, REMINDER_24H, CallUnavailable
from .registrations import (
    candidate_opt_in_screening,
    intro_call_cancel_registration,
    intro_call_confirm,
    intro_call_move,
    intro_call_register,
)
from .sessions import intro_call_cancel, intro_call_create, intro_call_update, intro_calls_generate

__all__ = [
    "JOIN_OPENS_BEFORE",
    "REMINDER_1H",
    "REMINDER_24H",
    "CallUnavailable",
    "candidate_opt_in_screening",
    "intro_call_cancel",
    "intro_call_cancel_registration",
    "intro_call_confirm",
    "intro_call_create",
    "intro_call_join",
    "intro_call_mark_held",
    "intro_call_move",
    "intro_call_register",
    "intro_call_reminders_queue",
    "intro_call_set_attendance",
    "intro_call_update",
    "intro_calls_generate",
]
