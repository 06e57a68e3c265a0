"""Simultaneous 1:1 bookings and assignments, on PostgreSQL.

The screener row lock in ``screening_book`` makes bookings of one screener take turns,
and the partial unique constraint backs it up: 30 people clicking the same slot get one
booking. In ``screening_request_assignment`` the lock on the region's screeners makes
each request see the load the previous one left, so assignments spread evenly.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from candidates.enums import ScreenerStatus, ScreeningCallStatus, Stage
from candidates.models import Screener, ScreeningCall
from candidates.selectors import open_slots_for, screener_load
from candidates.services import screening as services
from rfs.enums import Role
from tests.conftest import require_service
from tests.factories import CandidateFactory, RegionFactory, UserFactory

THREADS = 25  # Debian's PostgreSQL allows 100 connections; pytest and services hold some.


def make_screener(region, *, capacity: int) -> Screener:
    screener = Screener.objects.create(
        user=UserFactory(roles=[Role.SCREENER]),
        weekly_capacity=capacity,
        status=ScreenerStatus.APPROVED,
        time_zone="UTC",
        meeting_url="https://meet.example.org/screen",
    )
    screener.regions.add(region)
    return screener


def run_together(items, action) -> tuple[list, list[BaseException]]:
    """Run ``action(item)`` for every item, released together in batches of THREADS."""
    results, errors = [], []

    def attempt(item, barrier: threading.Barrier) -> None:
        try:
            barrier.wait(timeout=60)
            results.append(action(item))
        except BaseException as error:  # collected and asserted by the caller
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        for start in range(0, len(items), THREADS):
            batch = items[start : start + THREADS]
            barrier = threading.Barrier(len(batch))
            list(pool.map(lambda item, b=barrier: attempt(item, b), batch))
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_30_people_booking_the_same_slot_get_one_booking():
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "row locks need a real database"
    )
    north = RegionFactory(name="North", states=["NY", "MA"])
    screener = make_screener(north, capacity=40)
    # Every day, so a slot two days out exists whatever day the test runs.
    day = (timezone.now() + timedelta(days=2)).astimezone(UTC).date()
    services.availability_add(screener=screener, date=day, start_time=time(15), end_time=time(16))
    starts_at = datetime.combine(day, time(15), tzinfo=UTC)
    candidates = [
        CandidateFactory(state="NY", screening_opt_in_at=timezone.now(), stage=Stage.INTRO_ATTENDED)
        for _ in range(30)
    ]
    assert open_slots_for(candidates[0])[0].starts_at == starts_at

    results, errors = run_together(
        candidates,
        lambda c: services.screening_book(
            candidate=c, screener=screener, starts_at=starts_at, by=c.user
        ),
    )

    assert len(results) == 1
    assert len(errors) == 29
    assert all(isinstance(error, services.SlotUnavailable) for error in errors), errors
    assert (
        ScreeningCall.objects.filter(screener=screener, status=ScreeningCallStatus.BOOKED).count()
        == 1
    )


@pytest.mark.django_db(transaction=True)
def test_20_simultaneous_assignment_requests_give_4_screeners_5_each():
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "row locks need a real database"
    )
    north = RegionFactory(name="North", states=["NY", "MA"])
    screeners = [make_screener(north, capacity=5) for _ in range(4)]
    candidates = [
        CandidateFactory(state="NY", screening_opt_in_at=timezone.now(), stage=Stage.INTRO_ATTENDED)
        for _ in range(20)
    ]

    results, errors = run_together(
        candidates, lambda c: services.screening_request_assignment(candidate=c, by=c.user)
    )

    assert errors == []
    assert len(results) == 20
    assert sorted(screener_load(screeners).values()) == [5, 5, 5, 5]
