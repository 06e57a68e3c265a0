"""Background work for intro calls. Tasks are thin: they call one service."""

import logging

from celery import shared_task

from .services import calls, screening

logger = logging.getLogger(__name__)


@shared_task
def intro_calls_generate_task() -> int:
    """Keep the weekly sessions created several weeks ahead (runs daily from beat)."""
    return calls.intro_calls_generate()


@shared_task
def intro_call_reminders_task() -> int:
    """Queue the 24-hour and 1-hour reminders that are due (runs every 5 minutes)."""
    queued = calls.intro_call_reminders_queue()
    if queued:
        logger.info("Queued %d intro call reminders.", queued)
    return queued


@shared_task
def screening_reminders_task() -> int:
    """Queue 1:1-call reminders (a day before) and log-due nudges (runs every 5 minutes)."""
    queued = screening.screening_reminders_queue()
    if queued:
        logger.info("Queued %d screening reminders.", queued)
    return queued
