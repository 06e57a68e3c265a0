"""Reads of intro calls: what a candidate may join, and which sessions a host sees."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates import selectors, tasks
from candidates.enums import RegistrationStatus
from candidates.models import IntroCall, IntroCallSchedule
from candidates.services import calls as services
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def make_call(host, region=None, *, days=1, capacity=100) -> IntroCall:
    return services.intro_call_create(
        host=host,
        region=region,
        starts_at=NOW + timedelta(days=days),
        meeting_url="https://meet.example.org/intro",
        capacity=capacity,
        by=host,
    )


def test_upcoming_calls_region_first_then_national_with_counts(
    candidate_user, director, staff, north, west, other_director
):
    national = make_call(staff, None, days=1)
    regional = make_call(director, north, days=5)
    make_call(other_director, west, days=2)  # another region: not offered
    past = make_call(director, north, days=-1)
    services.intro_call_register(candidate=candidate_user.candidate, call=regional, by=None)

    with CaptureQueriesContext(connection) as queries:
        upcoming = selectors.upcoming_calls_for(candidate_user.candidate)

    assert [call.pk for call in upcoming] == [regional.pk, national.pk]
    assert [call.registered_count for call in upcoming] == [1, 0]
    assert past.pk not in {call.pk for call in upcoming}
    assert len(queries) == 1


def test_active_registrations_leave_out_cancelled_and_past(candidate_user, director, north):
    candidate = candidate_user.candidate
    soon, later = make_call(director, north, days=1), make_call(director, north, days=8)
    services.intro_call_register(candidate=candidate, call=soon, by=None)
    kept = services.intro_call_register(candidate=candidate, call=later, by=None)  # moves

    assert [r.pk for r in selectors.active_registrations_for(candidate)] == [kept.pk]


@pytest.mark.parametrize(
    ("persona_name", "expected"),
    [
        ("staff", {"north", "west", "national"}),
        ("director", {"north", "national"}),
        ("other_director", {"west", "national"}),
        ("mentor", {"hosted"}),
        ("candidate_user", set()),
    ],
)
def test_calls_visible_to_each_role(
    persona, persona_name, expected, director, other_director, staff, north, west, mentor
):
    calls = {
        "north": make_call(director, north),
        "west": make_call(other_director, west),
        "national": make_call(staff, None),
        "hosted": make_call(mentor, west, days=3),
    }
    if persona_name in ("staff", "other_director"):
        expected = expected | {"hosted"}  # the mentor's session is in the West region

    visible = set(selectors.calls_visible_to(persona(persona_name)).values_list("pk", flat=True))

    assert visible == {calls[name].pk for name in expected}


def test_roster_lists_registered_then_waitlisted_then_cancelled(director, north):
    call = make_call(director, north, capacity=1)
    first, second, third = (CandidateFactory(state="NY") for _ in range(3))
    seat = services.intro_call_register(candidate=first, call=call, by=None)
    waiting = services.intro_call_register(candidate=second, call=call, by=None)
    gone = services.intro_call_register(candidate=third, call=call, by=None)
    services.intro_call_cancel_registration(registration=gone, by=None)

    roster = list(selectors.roster_for(call, viewer=director))

    assert [(r.pk, r.status) for r in roster] == [
        (seat.pk, RegistrationStatus.REGISTERED),
        (waiting.pk, RegistrationStatus.WAITLISTED),
        (gone.pk, RegistrationStatus.CANCELLED),
    ]


@pytest.mark.parametrize(
    ("persona_name", "expected"),
    [
        ("staff", {"north", "west", "national", "hosted"}),
        ("director", {"north"}),
        ("other_director", {"west", "hosted"}),  # the mentor's session is in the West region
        ("mentor", {"hosted"}),
        ("candidate_user", set()),
    ],
)
def test_calls_run_by_each_role_leaves_national_sessions_to_host_and_staff(
    persona,
    persona_name,
    expected,
    director,
    other_director,
    staff,
    north,
    west,
    mentor,
):
    calls = {
        "north": make_call(director, north),
        "west": make_call(other_director, west),
        "national": make_call(staff, None),
        "hosted": make_call(mentor, west, days=3),
    }

    runs = set(selectors.calls_run_by(persona(persona_name)).values_list("pk", flat=True))

    assert runs == {calls[name].pk for name in expected}


@pytest.fixture
def national_roster(staff, north, west):
    """A national session staff host, with a North and a West candidate on it."""
    call = make_call(staff, None)
    for state in ("NY", "CA"):
        services.intro_call_register(candidate=CandidateFactory(state=state), call=call, by=None)
    return call


@pytest.mark.parametrize(
    ("persona_name", "states"),
    [
        ("staff", {"NY", "CA"}),
        ("director", {"NY"}),
        ("other_director", {"CA"}),
    ],
)
def test_roster_of_a_national_session_shows_a_director_their_regions_only(
    persona, national_roster, persona_name, states
):
    roster = selectors.roster_for(national_roster, viewer=persona(persona_name))

    assert {registration.candidate.state for registration in roster} == states


def test_roster_of_a_national_session_shows_its_host_everyone(director, north, west):
    call = make_call(director, None)  # a director asked by staff to host a national session
    for state in ("NY", "CA"):
        services.intro_call_register(candidate=CandidateFactory(state=state), call=call, by=None)

    assert {r.candidate.state for r in selectors.roster_for(call, viewer=director)} == {
        "NY",
        "CA",
    }


def test_tasks_run_their_services_and_are_on_the_beat_schedule(director, north):
    IntroCallSchedule.objects.create(
        region=north,
        host=UserFactory(),
        weekday=1,
        local_time=datetime(2026, 1, 1, 19).time(),
        meeting_url="https://meet.example.org/weekly",
    )

    assert tasks.intro_calls_generate_task.delay().get() == settings.RFS_INTRO_CALL_WEEKS_AHEAD
    assert tasks.intro_call_reminders_task.delay().get() == 0
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {
        "candidates.tasks.intro_calls_generate_task",
        "candidates.tasks.intro_call_reminders_task",
    } <= scheduled
