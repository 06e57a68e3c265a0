"""Reads of candidates, always scoped to what the reader may see: ``people`` (candidates and My
journey), ``calls`` (intro calls), ``screening`` (1:1 calls and screeners). Import from
here: ``from candidates import selectors``."""

from .calls import (
    UPCOMING_LIMIT,
    active_registrations_for,
    calls_run_by,
    calls_visible_to,
    roster_for,
    roster_lines_for,
    upcoming_calls_for,
)
from .people import (
    Journey,
    JourneyCalls,
    candidate_for_user,
    candidate_key_for_user,
    candidates_visible_to,
    journey_calls_for,
    journey_for,
    race_initial_from_interest,
)
from .screening import (
    MIN_NOTICE,
    OPEN_STATUSES,
    SLOT_MINUTES,
    ScreenerDashboard,
    Slot,
    open_slots_for,
    screener_dashboard,
    screener_load,
    screening_logs_visible_to,
    week_start,
)

__all__ = [
    "MIN_NOTICE",
    "OPEN_STATUSES",
    "SLOT_MINUTES",
    "UPCOMING_LIMIT",
    "Journey",
    "JourneyCalls",
    "ScreenerDashboard",
    "Slot",
    "active_registrations_for",
    "calls_run_by",
    "calls_visible_to",
    "candidate_for_user",
    "candidate_key_for_user",
    "candidates_visible_to",
    "journey_calls_for",
    "journey_for",
    "open_slots_for",
    "race_initial_from_interest",
    "roster_for",
    "roster_lines_for",
    "screener_dashboard",
    "screener_load",
    "screening_logs_visible_to",
    "upcoming_calls_for",
    "week_start",
]
