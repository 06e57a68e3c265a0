"""Beat's scheduler: django-celery-beat's database scheduler, whose startup cannot lose an entry.

At startup django-celery-beat writes every ``CELERY_BEAT_SCHEDULE`` entry to its tables
and, when a write fails, logs "Cannot add entry ..." and goes on without it. On SQLite
with a worker writing at the same moment that once left no outbox sweep for more than
15 minutes. Here a failed entry is tried again with backoff; writing an entry is an
update-or-create by name, so trying again (or starting a second time) never doubles one.
If the entries still cannot be written, beat stops with an error rather than run without
them, and ``scripts/supervise.py`` (or the container's restart policy) starts it again.

Only one beat sends tasks at a time (issue 22): a beat holds a lock
(``rfs.beat_lock``: a key in Redis, or a file lock without Redis) before each tick and
renews it on every tick; a second beat, started by mistake or by a second host, waits on
standby, tries again every few seconds, and takes over within ``RFS_BEAT_LOCK_SECONDS``
of the first one dying. Each run's time is written to the database as it is sent, so
the beat that takes over knows what already ran.
"""

import logging
import time

from django.db import close_old_connections
from django_celery_beat import schedulers

from .beat_lock import BeatLock

logger = logging.getLogger(__name__)

# About a minute in all: 1 + 2 + 4 + 8 + 10 + 10 + 10 + 10 seconds between 9 attempts.
REGISTER_ATTEMPTS = 9
REGISTER_MAX_PAUSE = 10.0


class DatabaseScheduler(schedulers.DatabaseScheduler):
    lock: BeatLock | None = None

    def setup_schedule(self):
        # Write each entry's last run as soon as it is sent, not every 3 minutes.
        self.sync_every_tasks = 1
        super().setup_schedule()

    def tick(self, *args, **kwargs):
        """Send what is due while this beat holds the lock; otherwise wait on standby."""
        if self.lock is None:
            self.lock = BeatLock()
        held_before = self.lock.held
        if not self.lock.acquire():
            return self.lock.retry_seconds
        if not held_before:
            logger.info("Beat holds the schedule lock; it sends the periodic tasks.")
            # The beat before this one may have run entries since this one read them.
            self._schedule = self.all_as_schedule()
            self._heap = []
            self._heap_invalidated = True
        return min(super().tick(*args, **kwargs), self.lock.renew_seconds)

    def close(self):
        super().close()
        if self.lock is not None:
            self.lock.release()

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
