"""Background work for the outbox. Tasks are thin: they fetch and call one service."""

import logging

from celery import shared_task

from .selectors import OUTBOX_SWEEP
from .services import heartbeats, sending

logger = logging.getLogger(__name__)


@shared_task
def outbox_send(*, email_ids: list[int]) -> int:
    """Send these outbox rows over one connection; rows sent or claimed elsewhere are left alone.

    No task retry: a message that fails waits on its row for its next attempt (backoff),
    and the sweep hands it to a new batch when it is due.
    """
    return sending.email_send_batch(email_ids=email_ids)


@shared_task
def outbox_sweep() -> int:
    """Hand every overdue outbox row to ``outbox_send``, in batches (runs every minute from beat).

    Each run is recorded first, so /healthz can tell when the sweep has gone quiet.
    """
    heartbeats.heartbeat_record(name=OUTBOX_SWEEP)
    due = sending.outbox_due_ids()
    for start in range(0, len(due), sending.SEND_BATCH_SIZE):
        outbox_send.delay(email_ids=due[start : start + sending.SEND_BATCH_SIZE])
    if due:
        logger.info("Outbox sweep queued %d emails.", len(due))
    return len(due)
