"""The cache is a speed-up, never a dependency (``rfs.cache``): with Redis unreachable,
it answers like an empty cache and the pages that read it keep working."""

import logging
import os
import socket

import pytest
from django.core.cache import caches
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from candidates.models import Candidate
from rfs import cache as resilient
from tests.conftest import port_open, require_service, signup_data

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_cache_settings(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "rfs.cache.ResilientRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def unreachable(settings):
    """The cache pointed at a port nobody listens on: Redis is down."""
    settings.CACHES = redis_cache_settings(f"redis://127.0.0.1:{free_port()}/0")
    return caches["default"]


def test_an_unreachable_cache_answers_like_an_empty_one(unreachable):
    assert unreachable.get("key", "default") == "default"
    unreachable.set("key", "value")
    assert unreachable.get("key") is None
    assert unreachable.get_many(["key", "other"]) == {}
    assert unreachable.has_key("key") is False
    assert unreachable.add("key", "value") is True  # as for a new key
    assert unreachable.get_or_set("key", lambda: "computed") == "computed"
    assert unreachable.delete("key") is False
    unreachable.set_many({"a": 1})
    unreachable.delete_many(["a"])
    with pytest.raises(ValueError):
        unreachable.incr("counter")


def test_after_a_failure_redis_is_left_alone_for_a_while_then_tried_again(
    unreachable, monkeypatch, caplog
):
    now = [1000.0]
    monkeypatch.setattr(resilient.time, "monotonic", lambda: now[0])
    attempts = []

    def refused(self, key, default):
        attempts.append(key)
        raise RedisConnectionError("Connection refused")

    monkeypatch.setattr(resilient.RedisCacheClient, "get", refused)

    with caplog.at_level(logging.WARNING, logger="rfs.cache"):
        for _ in range(5):
            assert unreachable.get("key", "default") == "default"
    assert attempts == [":1:key"]  # one try (the key as stored), then the backoff
    assert [record.levelname for record in caplog.records] == ["WARNING"]

    now[0] += resilient.BACKOFF_SECONDS + 1
    assert unreachable.get("key", "default") == "default"
    assert len(attempts) == 2


def test_signup_the_finder_and_signing_in_work_while_the_cache_is_down(client, north, unreachable):
    finder = client.get(reverse("candidates:finder"), {"zip": "10001"})
    assert finder.status_code == 200
    assert "New York" in finder.content.decode()

    form = client.get(reverse("account_signup"))
    assert form.status_code == 200
    signup = client.post(reverse("account_signup"), signup_data(email="riley@example.org"))
    assert signup.status_code == 302
    assert Candidate.objects.filter(user__email="riley@example.org").exists()

    client.logout()
    login = client.post(reverse("account_login"), {"login": "riley@example.org"})
    assert login.status_code == 302  # on to "enter the code we emailed"


def test_my_journey_works_while_the_cache_is_down(client, candidate_user, unreachable):
    client.force_login(candidate_user)

    response = client.get(reverse("candidates:journey"))

    assert response.status_code == 200
    assert "Casey" in response.content.decode()


def test_a_reachable_redis_is_used_as_usual(settings):
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"
    require_service("Redis", port_open("127.0.0.1", int(url.split(":")[2].split("/")[0])), url)
    settings.CACHES = redis_cache_settings(url)
    cache = caches["default"]
    cache.delete_many(["rfs-test-cache-key", "rfs-test-cache-counter"])

    cache.set("rfs-test-cache-key", {"kept": True}, 30)
    assert cache.get("rfs-test-cache-key") == {"kept": True}
    assert cache.add("rfs-test-cache-key", "other") is False  # already there
    cache.set("rfs-test-cache-counter", 1, 30)
    assert cache.incr("rfs-test-cache-counter") == 2
    assert resilient.ResilientRedisCacheClient.down_until == 0.0
    cache.delete_many(["rfs-test-cache-key", "rfs-test-cache-counter"])


def test_sessions_are_read_from_the_cache_and_from_the_database_when_it_goes_down(
    client, candidate_user, request, django_assert_num_queries
):
    """SESSION_ENGINE is cached_db: a signed-in page reads its session from the cache,
    and a session saved while the cache was up still signs the person in when it is down."""
    from django.contrib.sessions.models import Session

    client.force_login(candidate_user)
    client.get(reverse("candidates:journey"))
    with django_assert_num_queries(0):
        assert client.session.get("_auth_user_id") == str(candidate_user.pk)
    assert Session.objects.filter(session_key=client.session.session_key).exists()

    request.getfixturevalue("unreachable")
    response = client.get(reverse("candidates:journey"))

    assert response.status_code == 200
    assert "Casey" in response.content.decode()
