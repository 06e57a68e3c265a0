"""Background work of the dashboard. Tasks are thin: they fetch and call one service."""

from celery import shared_task

from .analytics.refresh import analytics_refresh_locked


# The name the task had before the dashboard had an app of its own: beat's schedule
# (settings and django-celery-beat's stored rows) and queued messages name it so.
@shared_task(name="rfs.tasks.analytics_refresh_task")
def analytics_refresh_task(*, claimed: bool = False) -> int | None:
    """Refresh the dashboard's summary tables and the public impact figures, one refresh
    at a time (``claimed``: "Refresh now" took the lock when it queued this)."""
    snapshot = analytics_refresh_locked(claimed=claimed)
    return snapshot.candidates if snapshot else None
