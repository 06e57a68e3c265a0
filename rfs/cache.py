"""The cache is a speed-up, never a dependency: when Redis cannot be reached, pages
work without it.

Django's ``RedisCache`` raises on a connection error, and most pages read the cache (the
finder's offices, signup's blank form, allauth's rate limits, My journey's shared
content), so a Redis outage took the site down with it: signup, the finder and signing
in answered 500, while the outbox was built so that signups and their emails survive
one. ``ResilientRedisCache`` answers like an empty cache that keeps nothing while Redis
is unreachable, logs it once, and does not try Redis again for ``BACKOFF_SECONDS``, so a
Redis that hangs costs one request its socket timeout rather than every cache call of
every request.

During an outage: cached figures and fragments are computed on each request (slower,
still right); allauth's rate limits count nothing until Redis is back (they fail open);
sessions are read from the database instead (``cached_db`` writes both). Celery's broker has its own
fallback (``rfs.services._enqueue_send`` and the outbox sweep).
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# After a failure, the cache stays out of the way this long (per process).
BACKOFF_SECONDS = 10.0


class ResilientRedisCacheClient(RedisCacheClient):
    """``RedisCacheClient`` with each operation answered as by an empty cache when Redis is
    unreachable: reads miss, writes keep nothing (``add`` succeeds, as for a new key),
    ``incr`` finds no key (``ValueError``, as Django's caches raise for a missing key)."""

    down_until = 0.0

    def _call(self, operation, missing, *args):
        if time.monotonic() < ResilientRedisCacheClient.down_until:
            return missing()
        try:
            return operation(*args)
        except UNREACHABLE:
            ResilientRedisCacheClient.down_until = time.monotonic() + BACKOFF_SECONDS
            logger.warning(
                "The cache (Redis) is unreachable; going on without it for %d s.",
                BACKOFF_SECONDS,
                exc_info=True,
            )
            return missing()

    def add(self, key, value, timeout):
        # An empty cache takes any new key (allauth's rate-limit lock waits for this).
        return self._call(super().add, lambda: True, key, value, timeout)

    def get(self, key, default):
        return self._call(super().get, lambda: default, key, default)

    def set(self, key, value, timeout):
        return self._call(super().set, lambda: None, key, value, timeout)

    def touch(self, key, timeout):
        return self._call(super().touch, lambda: False, key, timeout)

    def delete(self, key):
        return self._call(super().delete, lambda: False, key)

    def get_many(self, keys):
        return self._call(super().get_many, dict, keys)

    def has_key(self, key):
        return self._call(super().has_key, lambda: False, key)

    def incr(self, key, delta):
        def missing():
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")

        return self._call(super().incr, missing, key, delta)

    def set_many(self, data, timeout):
        return self._call(super().set_many, lambda: None, data, timeout)

    def delete_many(self, keys):
        return self._call(super().delete_many, lambda: None, keys)

    def clear(self):
        return self._call(super().clear, lambda: False)


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
