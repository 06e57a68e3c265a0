"""150 people registering at once for a 100-seat intro call, on PostgreSQL.

The call row lock in ``intro_call_register`` is what keeps the seat count right: without
it two registrations could both count 99 seats taken and both take the hundredth.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from candidates.enums import RegistrationStatus
from candidates.models import IntroCallRegistration
from candidates.services import calls as services
from rfs.enums import Role
from tests.conftest import require_service
from tests.factories import CandidateFactory, RegionFactory, UserFactory

ATTEMPTS = 150
THREADS = 25  # Debian's PostgreSQL allows 100 connections; pytest and services hold some.


@pytest.mark.django_db(transaction=True)
def test_150_simultaneous_registrations_fill_100_seats_and_waitlist_50():
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "row locks need a real database"
    )
    north = RegionFactory(name="North", states=["NY", "MA"])
    host = UserFactory(roles=[Role.REGIONAL_DIRECTOR], directs=[north])
    call = services.intro_call_create(
        host=host,
        region=north,
        starts_at=timezone.now() + timedelta(days=3),
        meeting_url="https://meet.example.org/intro",
        capacity=100,
        by=host,
    )
    candidates = [CandidateFactory(state="NY") for _ in range(ATTEMPTS)]
    errors: list[BaseException] = []

    def attempt(candidate, barrier: threading.Barrier) -> None:
        try:
            barrier.wait(timeout=60)
            services.intro_call_register(candidate=candidate, call=call, by=candidate.user)
        except BaseException as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for start in range(0, ATTEMPTS, THREADS):
            batch = candidates[start : start + THREADS]
            barrier = threading.Barrier(len(batch))
            list(pool.map(lambda c, b=barrier: attempt(c, b), batch))

    assert errors == []
    statuses = list(
        IntroCallRegistration.objects.filter(call=call).values_list("status", flat=True)
    )
    assert statuses.count(RegistrationStatus.REGISTERED) == 100
    assert statuses.count(RegistrationStatus.WAITLISTED) == 50
    assert len(statuses) == ATTEMPTS
    assert (
        IntroCallRegistration.objects.filter(call=call).values("candidate").distinct().count()
        == ATTEMPTS
    )
