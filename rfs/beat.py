"""Beat's scheduler: django-celery-beat's database scheduler, whose startup cannot lose an entry.

At startup django-celery-beat writes every ``CELERY_BEAT_SCHEDULE`` entry to its tables
and, when a write fails, logs "Cannot add entry ..." and goes on without it. On SQLite
with a worker writing at the same moment that once left no outbox sweep for more than
15 minutes. Here a failed entry is tried again with backoff; writing an entry is an
update-or-create by name, so trying again (or starting a second time) never doubles one.
If the entries still cannot be written, beat stops with an error rather than run without
them, and ``scripts/supervise.py`` (or the container's restart policy) starts it again.
"""

import logging
import time

from django.db import close_old_connections
from django_celery_beat import schedulers

logger = logging.getLogger(__name__)

# About a minute in all: 1 + 2 + 4 + 8 + 10 + 10 + 10 + 10 seconds between 9 attempts.
REGISTER_ATTEMPTS = 9
REGISTER_MAX_PAUSE = 10.0


class DatabaseScheduler(schedulers.DatabaseScheduler):
    def update_from_dict(self, mapping):
        """Write every entry of ``mapping``, retrying the ones that fail; raise if some never do."""
        pending = dict(mapping)
        registered = {}
        for attempt in range(1, REGISTER_ATTEMPTS + 1):
            failed = {}
            for name, fields in pending.items():
                try:
                    entry = self.Entry.from_entry(name, app=self.app, **fields)
                except Exception as error:  # "database is locked", a dropped connection
                    failed[name] = fields
                    last_error = error
                    continue
                if entry.model.enabled:
                    registered[name] = entry
            pending = failed
            if not pending:
                break
            if attempt < REGISTER_ATTEMPTS:
                pause = min(2.0 ** (attempt - 1), REGISTER_MAX_PAUSE)
                logger.warning(
                    "Beat could not register %s yet (%s); trying again in %.0f s.",
                    ", ".join(sorted(pending)),
                    last_error,
                    pause,
                )
                close_old_connections()
                time.sleep(pause)
        self.schedule.update(registered)
        if pending:
            raise RuntimeError(
                f"Beat could not register {', '.join(sorted(pending))} after {REGISTER_ATTEMPTS} attempts: {last_error}"
            )
        logger.info("Beat registered %d schedule entries.", len(mapping))
