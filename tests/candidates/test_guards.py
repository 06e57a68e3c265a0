"""Guards in the services: nothing that sends emails and moves candidates on happens
before a call starts (national staff may override with a written reason), and a 1:1
follows an attended intro call unless a director or staff send the candidate on."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from candidates import services
from candidates.enums import CallStatus, ScreenerStatus, ScreeningNextStep, Stage
from candidates.models import Screener, ScreeningLog, StageChange
from rfs.models import OutboundEmail
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # a Monday
START = datetime(2026, 3, 10, 23, 0, tzinfo=UTC)
SLOT = datetime(2026, 3, 3, 23, 0, tzinfo=UTC)  # Tuesday, 6 pm in New York


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def call(director, north):
    return services.intro_call_create(
        host=director,
        region=north,
        starts_at=START,
        meeting_url="https://meet.example.org/i",
        capacity=10,
        by=director,
    )


@pytest.fixture
def registration(candidate_user, call):
    return services.intro_call_register(candidate=candidate_user.candidate, call=call, by=None)


# --- Intro calls: attendance and holding --------------------------------------------------


def test_mark_held_before_the_start_is_refused_and_sends_nothing(call, registration, director):
    with pytest.raises(services.TooEarly):
        services.intro_call_mark_held(call=call, by=director)

    call.refresh_from_db()
    assert call.status == CallStatus.SCHEDULED
    assert not OutboundEmail.objects.filter(purpose__in=["intro_thanks", "intro_missed"]).exists()


def test_mark_held_before_the_start_by_a_director_with_a_reason_is_still_refused(
    call, registration, director
):
    with pytest.raises(services.TooEarly):
        services.intro_call_mark_held(call=call, by=director, override_reason="I'm sure")


def test_attendance_before_the_start_is_refused(call, registration, director):
    with pytest.raises(services.TooEarly):
        services.intro_call_set_attendance(call=call, attended_ids={registration.pk}, by=director)

    registration.refresh_from_db()
    assert registration.attended is None


def test_attendance_and_held_from_the_start_are_allowed(call, registration, director, _frozen):
    _frozen.move_to(START)

    services.intro_call_set_attendance(call=call, attended_ids={registration.pk}, by=director)
    services.intro_call_mark_held(call=call, by=director)

    registration.candidate.refresh_from_db()
    assert registration.candidate.stage == Stage.INTRO_ATTENDED


def test_mark_held_early_by_national_staff_needs_a_written_reason(call, registration, staff):
    with pytest.raises(services.TooEarly):
        services.intro_call_mark_held(call=call, by=staff, override_reason="   ")

    services.intro_call_set_attendance(
        call=call,
        attended_ids={registration.pk},
        by=staff,
        override_reason="Held early on another platform",
    )
    services.intro_call_mark_held(
        call=call, by=staff, override_reason="Held early on another platform"
    )

    change = StageChange.objects.get(
        candidate=registration.candidate, to_stage=Stage.INTRO_ATTENDED
    )
    assert "Held early on another platform" in change.note
    assert change.by == staff


def test_held_button_before_the_start_shows_an_error_not_a_thank_you(
    client, call, registration, director
):
    client.force_login(director)

    response = client.post(reverse("candidates:host_call_held", args=[call.pk]), follow=True)

    assert "hasn&#x27;t started yet" in response.content.decode()
    call.refresh_from_db()
    assert call.status == CallStatus.SCHEDULED


def test_roster_before_the_start_offers_staff_a_reason_and_hosts_a_wait(
    client, call, registration, director, staff
):
    client.force_login(director)
    host_page = client.get(reverse("candidates:host_call_roster", args=[call.pk])).content.decode()
    client.force_login(staff)
    staff_page = client.get(reverse("candidates:host_call_roster", args=[call.pk])).content.decode()

    assert 'name="override_reason"' not in host_page
    assert "once the call starts" in host_page
    assert 'name="override_reason"' in staff_page


# --- 1:1 calls: who may book, and logging ------------------------------------------------


def make_screener(user, region) -> Screener:
    screener = Screener.objects.create(
        user=user,
        weekly_capacity=5,
        time_zone="America/New_York",
        status=ScreenerStatus.APPROVED,
        meeting_url="https://meet.example.org/s",
        languages=["en"],
    )
    screener.regions.add(region)
    services.availability_add(screener=screener, weekday=1, start_time=time(18), end_time=time(20))
    return screener


def test_opt_in_before_an_intro_call_is_refused(candidate_user):
    candidate = candidate_user.candidate

    with pytest.raises(services.OptInRequired):
        services.candidate_opt_in_screening(candidate=candidate, by=candidate_user)

    candidate.refresh_from_db()
    assert candidate.screening_opt_in_at is None


def test_opt_in_button_before_an_intro_call_says_why(client, candidate_user):
    client.force_login(candidate_user)

    response = client.post(reverse("candidates:screening_opt_in"), follow=True)

    assert "comes after an intro call" in response.content.decode()


def test_booking_after_signup_only_is_refused_even_with_an_old_opt_in(
    candidate_user, screener, north
):
    candidate = candidate_user.candidate
    candidate.screening_opt_in_at = NOW  # as the old, permissive opt-in left it
    candidate.save(update_fields=["screening_opt_in_at"])

    with pytest.raises(services.OptInRequired):
        services.screening_book(
            candidate=candidate,
            screener=make_screener(screener, north),
            starts_at=SLOT,
            by=candidate_user,
        )
    with pytest.raises(services.OptInRequired):
        services.screening_request_assignment(candidate=candidate, by=candidate_user)


def test_booking_after_the_host_marked_attendance_is_allowed(
    candidate_user, call, registration, director, screener, north, _frozen
):
    _frozen.move_to(START + timedelta(minutes=10))
    services.intro_call_set_attendance(call=call, attended_ids={registration.pk}, by=director)
    _frozen.move_to(NOW)  # back before the slot, as if the call were held a week earlier
    candidate = candidate_user.candidate

    services.candidate_opt_in_screening(candidate=candidate, by=candidate_user)
    booked = services.screening_book(
        candidate=candidate,
        screener=make_screener(screener, north),
        starts_at=SLOT,
        by=candidate_user,
    )

    assert booked.starts_at == SLOT


def test_director_sends_a_candidate_on_without_an_intro_call_and_it_is_recorded(
    candidate_user, director, screener, north
):
    candidate = candidate_user.candidate

    services.candidate_send_on_to_screening(candidate=candidate, by=director)
    services.screening_book(
        candidate=candidate,
        screener=make_screener(screener, north),
        starts_at=SLOT,
        by=candidate_user,
    )

    candidate.refresh_from_db()
    assert candidate.screening_sent_on_by == director


def test_other_regions_director_cannot_send_on(candidate_user, other_director):
    with pytest.raises(PermissionError):
        services.candidate_send_on_to_screening(
            candidate=candidate_user.candidate, by=other_director
        )


def _log(call, by, **extra):
    return services.screening_log_create(
        call=call,
        by=by,
        problems_to_solve="Housing",
        community_involvement="Tenants",
        concerns_notes="",
        progressive_meaning="Everyone housed",
        community_knowledge=3,
        relationships=2,
        campaign_understanding=2,
        values_alignment=4,
        concerns=[],
        next_step=ScreeningNextStep.READY,
        resources=[],
        **extra,
    )


@pytest.fixture
def booked(candidate_user, screener, north):
    candidate = CandidateFactory(state="NY", stage=Stage.INTRO_ATTENDED, screening_opt_in_at=NOW)
    return services.screening_book(
        candidate=candidate,
        screener=make_screener(screener, north),
        starts_at=SLOT,
        by=candidate.user,
    )


def test_log_before_the_call_is_refused(booked, screener):
    with pytest.raises(services.TooEarly):
        _log(booked, screener)

    assert ScreeningLog.objects.count() == 0


def test_log_from_the_start_is_allowed(booked, screener, _frozen):
    _frozen.move_to(SLOT)

    _log(booked, screener)

    booked.candidate.refresh_from_db()
    assert booked.candidate.stage == Stage.SCREENED


def test_log_early_by_national_staff_with_a_reason_is_kept_in_the_history(booked, staff):
    _log(booked, staff, override_reason="The call happened on Monday by phone")

    change = StageChange.objects.get(candidate=booked.candidate, to_stage=Stage.SCREENED)
    assert "The call happened on Monday by phone" in change.note


def test_a_director_sends_candidates_on_to_a_1_1_from_the_admin_and_it_is_recorded(
    client, candidate_user, director
):
    candidate = candidate_user.candidate
    client.force_login(director)

    client.post(
        reverse("admin:candidates_candidate_changelist"),
        {
            "action": "send_on_to_screening",
            "_selected_action": [candidate.pk],
        },
    )

    candidate.refresh_from_db()
    assert candidate.screening_sent_on_by == director
    assert candidate.screening_opt_in_at is not None
