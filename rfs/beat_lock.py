"""The lock that lets one beat send periodic tasks at a time (``rfs.beat``).

With Redis (``REDIS_URL``): a key holding this beat's token, set only if absent and
expiring after ``RFS_BEAT_LOCK_SECONDS``; the holder renews it on every tick (a third of
that at most apart). The key is named after the database, so beats of two platforms
sharing a Redis don't block each other, while two beats of one platform do. A Redis
that doesn't answer means standby: its broker (the same Redis) could not take tasks
either. Without Redis (the embedded `make run`, one machine): an exclusive file lock in
``RFS_VAR_DIR``, held until the process exits.
"""

import fcntl
import logging
import os
import uuid

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

# Renew the key only if it still holds our token (it may have lapsed and been taken).
RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class BeatLock:
    def __init__(self) -> None:
        self.seconds = settings.RFS_BEAT_LOCK_SECONDS
        self.renew_seconds = max(self.seconds / 3, 0.5)
        self.retry_seconds = max(self.seconds / 6, 0.5)
        self.token = uuid.uuid4().hex
        self.held = False
        self.key = f"rfs:beat-lock:{settings.DATABASES['default']['NAME']}"
        self.redis = (
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2)
            if settings.REDIS_URL
            else None
        )
        self.file = None

    def acquire(self) -> bool:
        """Take or renew the lock; True while this beat holds it."""
        was_held = self.held
        try:
            self.held = self._redis_acquire() if self.redis else self._file_acquire()
        except redis.RedisError as error:
            logger.warning("Beat could not reach Redis for its lock (%s); on standby.", error)
            self.held = False
        if was_held and not self.held:
            logger.warning("Beat lost the schedule lock; on standby.")
        return self.held

    def release(self) -> None:
        try:
            if self.redis is not None and self.held:
                self.redis.eval(RELEASE, 1, self.key, self.token)
        except redis.RedisError:
            pass  # it lapses by itself
        if self.file is not None:
            self.file.close()  # closing the file drops the lock
            self.file = None
        self.held = False

    def _redis_acquire(self) -> bool:
        ms = int(self.seconds * 1000)
        if self.held and self.redis.eval(RENEW, 1, self.key, self.token, ms):
            return True
        return bool(self.redis.set(self.key, self.token, nx=True, px=ms))

    def _file_acquire(self) -> bool:
        if self.file is not None:
            return True
        os.makedirs(settings.VAR_DIR, exist_ok=True)
        handle = open(settings.VAR_DIR / "beat.lock", "a")  # noqa: SIM115 (held while running)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self.file = handle
        return True
