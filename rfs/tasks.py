"""Background work for the outbox. Tasks are thin: they fetch and call one service."""

import logging
import smtplib

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
)
def outbox_send(*, email_id: int) -> bool:
    """Send one outbox row. A row already sent or claimed elsewhere is left alone."""
    return services.email_send(email_id=email_id)


@shared_task
def outbox_sweep() -> int:
    """Hand every overdue outbox row to ``outbox_send`` (runs every minute from beat)."""
    due = services.outbox_due_ids()
    for email_id in due:
        outbox_send.delay(email_id=email_id)
    if due:
        logger.info("Outbox sweep queued %d emails.", len(due))
    return len(due)


@shared_task
def analytics_refresh_task() -> int:
    """Refresh the dashboard's summary tables and the public impact figures."""
    from .analytics.refresh import analytics_refresh

    return analytics_refresh().candidates
