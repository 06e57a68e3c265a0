"""Writes of the dashboard: "Refresh now" queues a refresh under the one-refresh lock."""

import logging

from django.db import transaction

from rfs.models import User

from .analytics.refresh import refresh_claim, refresh_release
from .tasks import analytics_refresh_task

logger = logging.getLogger(__name__)


def analytics_refresh_queue(*, by: User) -> bool:
    """ "Refresh now": queue a refresh unless one is queued or running. Side effects, in order:
    1. Claims the refresh lock (``refresh_claim``); returns False if it is held.
    2. On commit, queues ``insights.tasks.analytics_refresh_task`` holding that claim; if the
       broker refuses it, frees the lock so the next click can try again.
    """
    with transaction.atomic():
        if not refresh_claim(by=by):
            return False
        transaction.on_commit(_enqueue_claimed_refresh)
    logger.info("Analytics refresh queued by user %s", by.pk)
    return True


def _enqueue_claimed_refresh() -> None:
    try:
        analytics_refresh_task.delay(claimed=True)
    except Exception:
        logger.warning("Could not queue the analytics refresh; the lock is freed.", exc_info=True)
        refresh_release()
