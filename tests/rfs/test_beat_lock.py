"""rfs.beat_lock: one beat sends at a time; the other waits and takes over when it stops.

The same with real beat processes, one killed: tests/faults/test_two_beats.py.
"""

import time

import pytest
import redis

from rfs.beat_lock import BeatLock
from tests.integration.conftest import private_redis, redis_answers  # noqa: F401 (a fixture)


@pytest.fixture
def file_lock(settings, tmp_path):
    settings.REDIS_URL = ""
    settings.VAR_DIR = tmp_path


@pytest.fixture
def redis_lock(settings, request):
    server = request.getfixturevalue("private_redis")
    server.start()
    settings.REDIS_URL = server.url
    settings.RFS_BEAT_LOCK_SECONDS = 1
    return server


def test_without_redis_one_beat_holds_the_file_lock_until_it_stops(file_lock):
    first, second = BeatLock(), BeatLock()
    assert first.acquire()
    assert first.acquire()  # renewing
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_with_redis_the_second_beat_waits_and_takes_over_when_the_first_stops_renewing(
    redis_lock,
):
    first, second = BeatLock(), BeatLock()
    assert first.acquire()
    assert not second.acquire()
    time.sleep(0.6)
    assert first.acquire()  # renewed: still its own after the first second
    time.sleep(0.6)
    assert not second.acquire()
    time.sleep(1.1)  # the first beat died: nobody renews
    assert second.acquire()
    assert not first.acquire()  # a beat back from a pause finds the lock taken: standby


def test_a_released_redis_lock_is_free_at_once(redis_lock):
    first, second = BeatLock(), BeatLock()
    assert first.acquire()
    first.release()
    assert second.acquire()


def test_a_beat_that_cannot_reach_redis_stays_on_standby(redis_lock):
    lock = BeatLock()
    assert lock.acquire()
    redis_lock.stop()
    assert not redis_answers(redis_lock.url)
    assert not lock.acquire()
    assert not lock.held


def test_the_redis_key_is_named_after_the_database(redis_lock, settings):
    """Two platforms sharing a Redis don't block each other's beat; one platform's two do."""
    lock = BeatLock()
    assert lock.key == f"rfs:beat-lock:{settings.DATABASES['default']['NAME']}"
    assert isinstance(lock.redis, redis.Redis)
