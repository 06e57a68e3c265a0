"""Shared fixtures: one persona per role, two regions, service guards."""

import os
import socket

import pytest

from rfs.celery import app as celery_app
from rfs.enums import Role
from tests.factories import CandidateFactory, RegionFactory, UserFactory

# Tasks run in the test process, except in integration tests that start a real worker.
celery_app.conf.task_always_eager = True

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def require_service(name: str, available: bool, detail: str = "") -> None:
    """Skip a test whose service is missing, or fail it under REQUIRE_SERVICES=1 (CI)."""
    if available:
        return
    message = f"{name} is not available{': ' + detail if detail else ''}"
    if REQUIRE_SERVICES:
        pytest.fail(f"{message} (REQUIRE_SERVICES=1)")
    pytest.skip(message)


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _require_postgres_in_ci(request):
    """Under REQUIRE_SERVICES=1 the suite must run on PostgreSQL, never quietly on SQLite."""
    if REQUIRE_SERVICES and "django_db_setup" in request.fixturenames:
        from django.db import connection

        assert connection.vendor == "postgresql", "CI must run against PostgreSQL (DATABASE_URL)"


@pytest.fixture
def north(db):
    return RegionFactory(name="North", states=["NY", "MA"])


@pytest.fixture
def west(db):
    return RegionFactory(name="West", states=["CA", "OR"])


@pytest.fixture
def candidate_user(north):
    return CandidateFactory(
        state="NY", user__email="casey@example.org", user__name="Casey Rivera"
    ).user


@pytest.fixture
def screener(db):
    return UserFactory(email="sam@example.org", roles=[Role.SCREENER])


@pytest.fixture
def mentor(db):
    return UserFactory(email="morgan@example.org", roles=[Role.MENTOR])


@pytest.fixture
def committee_member(db):
    return UserFactory(email="cam@example.org", roles=[Role.COMMITTEE_MEMBER], mfa=True)


@pytest.fixture
def director(north):
    return UserFactory(
        email="dana@example.org", roles=[Role.REGIONAL_DIRECTOR], directs=[north], mfa=True
    )


@pytest.fixture
def other_director(west):
    return UserFactory(
        email="wes@example.org", roles=[Role.REGIONAL_DIRECTOR], directs=[west], mfa=True
    )


@pytest.fixture
def staff(db):
    return UserFactory(email="sky@example.org", roles=[Role.NATIONAL_STAFF], mfa=True)


PERSONAS = [
    "anonymous",
    "candidate_user",
    "screener",
    "mentor",
    "committee_member",
    "director",
    "other_director",
    "staff",
]


@pytest.fixture
def persona(request):
    """Resolve a persona name to a user (None for anonymous), for parametrized tests."""

    def get(name: str):
        return None if name == "anonymous" else request.getfixturevalue(name)

    return get


@pytest.fixture
def client_as(client, persona):
    """A test client signed in as the named persona."""

    def login(name: str):
        user = persona(name)
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(monkeypatch):
    """``client.force_login`` stands for a whole allauth sign-in, second factor included.

    Privileged people with an authenticator app (the factories' ``mfa=True``) sign in to
    allauth with its code, and the two-factor middleware looks for that in the session.
    A test of a sign-in *without* the code uses allauth's pages, not force_login.
    """
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.utils import is_mfa_enabled
    from django.http import HttpRequest
    from django.test import Client

    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        if is_mfa_enabled(user):
            request = HttpRequest()
            request.session = self.session
            record_authentication(request, user, "mfa", type="totp")
            request.session.save()

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache (Redis in CI): each test starts afresh."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def signup_data(**overrides) -> dict:
    """A complete, valid signup form: name, email and the candidate's first answers."""
    return {
        "name": "Riley Park",
        "email": "new@example.org",
        "phone": "(212) 555-0123",
        "zip_code": "10001",
        "date_of_birth": "1990-05-01",
        "when_might_run": "two_years",
        "run_before": "never",
        **overrides,
    }


@pytest.fixture(autouse=True)
def _cache_presumed_up():
    """A test that found the cache unreachable must not leave the next test without it."""
    from rfs.cache import ResilientRedisCacheClient

    ResilientRedisCacheClient.down_until = 0.0
    yield
    ResilientRedisCacheClient.down_until = 0.0


@pytest.fixture(autouse=True)
def _broker_presumed_up():
    """A test that made a publish fail must not stop the next test's emails."""
    from rfs.services import outbox

    outbox._broker_down_until = 0.0
    yield
    outbox._broker_down_until = 0.0
