"""1:1 screening services: booking, slots, assignment by load, the log and reminders."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from candidates import tasks
from candidates.enums import (
    ChangeKind,
    ScreenerStatus,
    ScreeningCallStatus,
    ScreeningNextStep,
    Stage,
)
from candidates.models import Screener, ScreeningCall, ScreeningLog, StageChange
from candidates.selectors import (
    open_slots_for,
    screener_dashboard,
    screener_load,
    screening_logs_visible_to,
)
from candidates.services import people
from candidates.services import screening as services
from resources.models import Resource, SentResource
from rfs.enums import Role
from rfs.models import OutboundEmail
from tests.factories import CandidateFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # a Monday
SLOT = datetime(2026, 3, 3, 23, 0, tzinfo=UTC)  # Tuesday March 3, 6 pm in New York (EST)
LATER = datetime(2026, 3, 3, 23, 30, tzinfo=UTC)
NEXT_WEEK = datetime(2026, 3, 10, 22, 0, tzinfo=UTC)  # Tuesday March 10, 6 pm EDT


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def make_screener(
    user, region, *, capacity=5, zone="America/New_York", weekday=1, start=time(18), end=time(20)
) -> Screener:
    screener = Screener.objects.create(
        user=user,
        weekly_capacity=capacity,
        time_zone=zone,
        status=ScreenerStatus.APPROVED,
        meeting_url=f"https://meet.example.org/{user.pk}",
        languages=["en"],
    )
    screener.regions.add(region)
    if weekday is not None:
        services.availability_add(
            screener=screener, weekday=weekday, start_time=start, end_time=end
        )
    return screener


def emails(purpose: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(purpose=purpose).order_by("pk"))


def opted_in(**fields):
    # A 1:1 follows an attended intro call: they asked for one after it.
    return CandidateFactory(
        state="NY", screening_opt_in_at=NOW, stage=Stage.INTRO_ATTENDED, **fields
    )


@pytest.fixture
def candidate(candidate_user):
    candidate = candidate_user.candidate
    people.candidate_move(candidate=candidate, to_stage=Stage.INTRO_ATTENDED, by=None)
    candidate.screening_opt_in_at = NOW
    candidate.save(update_fields=["screening_opt_in_at"])
    return candidate


def log_at_start(frozen, call, **kwargs):
    """A 1:1 is logged once it has started."""
    frozen.move_to(call.starts_at + timedelta(minutes=30))
    return services.screening_log_create(call=call, **kwargs)


@pytest.fixture
def sam(screener, north):
    return make_screener(screener, north)


def log_fields(**overrides) -> dict:
    return {
        "problems_to_solve": "Housing costs",
        "community_involvement": "Tenant union",
        "concerns_notes": "Money",
        "progressive_meaning": "Everyone housed",
        "community_knowledge": 3,
        "relationships": 2,
        "campaign_understanding": 2,
        "values_alignment": 4,
        "concerns": ["money"],
        "next_step": ScreeningNextStep.READY,
        "resources": [],
        **overrides,
    }


# --- Booking ----------------------------------------------------------------------------


def test_book_open_slot_books_and_emails_both_with_the_invitation(candidate, sam):
    call = services.screening_book(
        candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user
    )

    assert call.status == ScreeningCallStatus.BOOKED
    assert call.starts_at == SLOT
    [to_candidate] = emails("screening_booked_candidate")
    [to_screener] = emails("screening_booked_screener")
    assert to_candidate.to_email == "casey@example.org"
    assert "Tuesday, March 3 at 6:00 PM EST" in to_candidate.body_text
    assert to_screener.to_email == "sam@example.org"
    assert sam.meeting_url in to_screener.body_text
    event = Calendar.from_ical(to_candidate.ics).walk("VEVENT")[0]
    assert event.decoded("dtstart") == SLOT
    assert str(event["location"]) == sam.meeting_url
    assert "DTSTART:20260303T230000Z" in to_candidate.ics


def test_book_taken_slot_is_refused(candidate, sam):
    other = opted_in()
    services.screening_book(candidate=other, screener=sam, starts_at=SLOT, by=other.user)

    with pytest.raises(services.SlotUnavailable):
        services.screening_book(
            candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user
        )

    assert ScreeningCall.objects.filter(candidate=candidate).count() == 0


def test_book_taken_slot_refused_by_the_database_says_someone_just_took_it(candidate, sam):
    other = opted_in()
    services.screening_book(candidate=other, screener=sam, starts_at=SLOT, by=other.user)

    with (
        mock.patch("candidates.services.screening.bookings._require_open_slot"),
        pytest.raises(services.SlotUnavailable, match="just took"),
    ):
        services.screening_book(
            candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user
        )


def test_book_time_outside_availability_is_refused(candidate, sam):
    with pytest.raises(services.SlotUnavailable):
        services.screening_book(
            candidate=candidate,
            screener=sam,
            starts_at=SLOT + timedelta(hours=5),
            by=candidate.user,
        )


def test_book_again_cancels_the_open_call_in_one_step(candidate, sam):
    first = services.screening_book(
        candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user
    )

    second = services.screening_book(
        candidate=candidate, screener=sam, starts_at=LATER, by=candidate.user
    )

    first.refresh_from_db()
    assert first.status == ScreeningCallStatus.CANCELLED
    assert second.status == ScreeningCallStatus.BOOKED
    assert [e.to_email for e in emails("screening_cancelled")] == ["sam@example.org"]
    assert (
        ScreeningCall.objects.filter(candidate=candidate, status=ScreeningCallStatus.BOOKED).count()
        == 1
    )


def test_book_without_opt_in_is_refused(candidate_user, sam):
    with pytest.raises(services.OptInRequired):
        services.screening_book(
            candidate=candidate_user.candidate, screener=sam, starts_at=SLOT, by=candidate_user
        )


def test_book_by_director_records_the_opt_in(candidate_user, sam, director):
    candidate = candidate_user.candidate

    services.screening_book(candidate=candidate, screener=sam, starts_at=SLOT, by=director)

    candidate.refresh_from_db()
    assert candidate.screening_opt_in_at == NOW


def test_send_on_by_someone_else_is_refused(candidate_user, mentor):
    with pytest.raises(PermissionError):
        services.candidate_send_on_to_screening(candidate=candidate_user.candidate, by=mentor)


def test_send_on_by_staff_sets_the_opt_in(candidate_user, staff):
    services.candidate_send_on_to_screening(candidate=candidate_user.candidate, by=staff)

    candidate_user.candidate.refresh_from_db()
    assert candidate_user.candidate.screening_opt_in_at == NOW


def test_reschedule_moves_the_call_and_sends_a_new_invitation(candidate, sam, _frozen):
    call = services.screening_book(
        candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user
    )
    _frozen.shift(timedelta(minutes=1))

    services.screening_reschedule(call=call, starts_at=NEXT_WEEK, by=candidate.user)

    call.refresh_from_db()
    assert call.starts_at == NEXT_WEEK
    assert call.status == ScreeningCallStatus.BOOKED
    latest = emails("screening_booked_candidate")[-1]
    assert len(emails("screening_booked_candidate")) == 2
    assert "new time" in latest.body_text
    assert "Tuesday, March 10 at 6:00 PM EDT" in latest.body_text
    assert "DTSTART:20260310T220000Z" in latest.ics


def test_cancel_tells_the_other_side_once(candidate, sam):
    call = services.screening_book(
        candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user
    )

    services.screening_cancel(call=call, by=candidate.user)
    services.screening_cancel(call=call, by=candidate.user)

    call.refresh_from_db()
    assert call.status == ScreeningCallStatus.CANCELLED
    [email] = emails("screening_cancelled")
    assert email.to_email == "sam@example.org"
    assert "METHOD:CANCEL" in email.ics


# --- Slots ------------------------------------------------------------------------------


def test_slots_cover_each_window_in_the_screeners_zone(candidate, sam):
    starts = [slot.starts_at for slot in open_slots_for(candidate)]

    assert starts == [
        SLOT,
        LATER,
        SLOT + timedelta(hours=1),
        SLOT + timedelta(hours=1, minutes=30),
        NEXT_WEEK,
        NEXT_WEEK + timedelta(minutes=30),
        NEXT_WEEK + timedelta(hours=1),
        NEXT_WEEK + timedelta(hours=1, minutes=30),
    ]


def test_slots_weekly_window_stays_at_6_pm_across_the_november_change(candidate, screener, north):
    make_screener(
        screener, north, zone="America/Los_Angeles", weekday=2, start=time(18), end=time(19)
    )
    monday = datetime(2026, 10, 26, 12, 0, tzinfo=UTC)  # clocks go back on Sunday, November 1

    slots = open_slots_for(candidate, now=monday)

    assert [slot.starts_at for slot in slots] == [
        datetime(2026, 10, 29, 1, 0, tzinfo=UTC),
        datetime(2026, 10, 29, 1, 30, tzinfo=UTC),  # 6 pm PDT
        datetime(2026, 11, 5, 2, 0, tzinfo=UTC),
        datetime(2026, 11, 5, 2, 30, tzinfo=UTC),  # 6 pm PST
    ]
    new_york = zoneinfo.ZoneInfo(candidate.user.time_zone)
    assert [f"{slot.starts_at.astimezone(new_york):%a %H:%M}" for slot in slots] == [
        "Wed 21:00",
        "Wed 21:30",
        "Wed 21:00",
        "Wed 21:30",
    ]


def test_slots_start_at_least_12_hours_ahead(candidate, sam, _frozen):
    _frozen.move_to(SLOT - timedelta(hours=12, minutes=15))

    starts = [slot.starts_at for slot in open_slots_for(candidate)]

    assert starts[0] == SLOT
    _frozen.move_to(SLOT - timedelta(hours=11, minutes=45))
    assert open_slots_for(candidate)[0].starts_at == LATER


def test_slots_stop_in_a_week_at_capacity(candidate, screener, north):
    sam = make_screener(screener, north, capacity=1)
    other = opted_in()
    services.screening_book(candidate=other, screener=sam, starts_at=SLOT, by=other.user)

    starts = [slot.starts_at for slot in open_slots_for(candidate)]

    assert starts and all(starts_at >= NEXT_WEEK for starts_at in starts)
    assert screener_load([sam]) == {sam.pk: 1}


def test_slots_take_the_same_number_of_queries_for_1_and_3_screeners(candidate, screener, north):
    make_screener(screener, north)
    with CaptureQueriesContext(connection) as one:
        open_slots_for(candidate)
    for _ in range(2):
        make_screener(UserFactory(roles=[Role.SCREENER]), north)
    with CaptureQueriesContext(connection) as three:
        slots = open_slots_for(candidate)

    # Screeners with their people, their availability, their calls from this week on.
    assert len(one) == len(three) == 3
    assert len({slot.screener.pk for slot in slots}) == 3


# --- Assignment by load -----------------------------------------------------------------


def region_with_screeners(count: int, capacity: int):
    east = RegionFactory(name="East", states=["PA", "NJ"])
    screeners = [
        make_screener(UserFactory(roles=[Role.SCREENER]), east, capacity=capacity, weekday=None)
        for _ in range(count)
    ]
    return east, screeners


def test_assignment_spreads_40_requests_evenly_over_10_screeners():
    _, screeners = region_with_screeners(10, capacity=5)
    candidates = [
        CandidateFactory(state="PA", screening_opt_in_at=NOW, stage=Stage.INTRO_ATTENDED)
        for _ in range(40)
    ]

    for candidate in candidates:
        services.screening_request_assignment(candidate=candidate, by=candidate.user)

    load = screener_load(screeners)
    assert sorted(load.values()) == [4] * 10
    assert (
        ScreeningCall.objects.filter(
            status=ScreeningCallStatus.ASSIGNED, assigned_by_load=True
        ).count()
        == 40
    )


def test_assignment_of_60_requests_fills_50_places_and_turns_10_away():
    _, screeners = region_with_screeners(10, capacity=5)
    candidates = [
        CandidateFactory(state="PA", screening_opt_in_at=NOW, stage=Stage.INTRO_ATTENDED)
        for _ in range(60)
    ]
    refused = 0

    for candidate in candidates:
        try:
            services.screening_request_assignment(candidate=candidate, by=candidate.user)
        except services.NoScreenerAvailable as error:
            assert "fully booked this week" in str(error)
            refused += 1

    assert refused == 10
    assert sorted(screener_load(screeners).values()) == [5] * 10


def test_assignment_emails_both_and_a_second_request_returns_the_same_call(candidate, sam):
    call = services.screening_request_assignment(candidate=candidate, by=candidate.user)
    again = services.screening_request_assignment(candidate=candidate, by=candidate.user)

    assert again.pk == call.pk
    assert call.screener == sam and call.starts_at is None
    assert [e.to_email for e in emails("screening_assigned_candidate")] == ["casey@example.org"]
    [to_screener] = emails("screening_assigned_screener")
    assert to_screener.subject.startswith("Action needed")


def test_assignment_counts_assigned_calls_in_the_week_they_were_made(_frozen):
    _, [only] = region_with_screeners(1, capacity=1)
    services.screening_request_assignment(
        candidate=CandidateFactory(state="PA", screening_opt_in_at=NOW, stage=Stage.INTRO_ATTENDED),
        by=None,
    )
    with pytest.raises(services.NoScreenerAvailable):
        services.screening_request_assignment(
            candidate=CandidateFactory(
                state="PA", screening_opt_in_at=NOW, stage=Stage.INTRO_ATTENDED
            ),
            by=None,
        )

    _frozen.shift(timedelta(days=7))

    call = services.screening_request_assignment(
        candidate=CandidateFactory(state="PA", screening_opt_in_at=NOW, stage=Stage.INTRO_ATTENDED),
        by=None,
    )
    assert call.screener == only


# --- The log ----------------------------------------------------------------------------


def test_log_moves_to_screened_and_sends_the_resources_once(candidate, sam, screener, _frozen):
    call = services.screening_book(
        candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user
    )
    guide = Resource.objects.create(
        title="Fundraising 101", url="https://example.org/fund", topics=["fundraising"]
    )
    filing = Resource.objects.create(
        title="Filing guide", url="https://example.org/file", topics=["ballot_access"]
    )
    _frozen.move_to(SLOT + timedelta(minutes=30))

    log = services.screening_log_create(
        call=call, by=screener, **log_fields(resources=[guide, filing])
    )
    again = services.screening_log_create(
        call=call, by=screener, **log_fields(resources=[guide.pk])
    )

    assert again.pk == log.pk
    assert ScreeningLog.objects.count() == 1
    call.refresh_from_db()
    candidate.refresh_from_db()
    assert call.status == ScreeningCallStatus.LOGGED
    assert candidate.stage == Stage.SCREENED
    assert (
        StageChange.objects.filter(
            candidate=candidate, to_stage=Stage.SCREENED, kind=ChangeKind.MOVE
        ).count()
        == 1
    )
    assert set(
        SentResource.objects.filter(candidate=candidate).values_list("resource__title", flat=True)
    ) == {
        "Fundraising 101",
        "Filing guide",
    }
    [email] = emails("screening_resources")
    assert email.to_email == "casey@example.org"
    assert "https://example.org/fund" in email.body_text
    assert "Filing guide" in email.body_html


def test_log_without_resources_sends_a_short_thank_you(candidate, sam, screener, _frozen):
    call = services.screening_book(
        candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user
    )

    log_at_start(_frozen, call, by=screener, **log_fields())

    [email] = emails("screening_resources")
    assert email.subject == "Thank you for your 1:1 call"
    assert "picked these" not in email.body_text


def test_log_for_someone_running_keeps_the_stage_and_records_an_event(
    candidate, sam, screener, staff, _frozen
):
    people.candidate_move(candidate=candidate, to_stage=Stage.RUNNING, by=staff)
    call = services.screening_book(
        candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user
    )

    log_at_start(_frozen, call, by=screener, **log_fields())

    candidate.refresh_from_db()
    assert candidate.stage == Stage.RUNNING
    assert (
        StageChange.objects.filter(
            candidate=candidate, to_stage=Stage.SCREENED, kind=ChangeKind.EVENT
        ).count()
        == 1
    )


def test_log_by_anyone_but_the_screener_is_refused(candidate, sam, mentor, _frozen):
    call = services.screening_book(
        candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user
    )

    with pytest.raises(PermissionError):
        log_at_start(_frozen, call, by=mentor, **log_fields())
    assert ScreeningLog.objects.count() == 0


def test_logs_visible_to_each_role(
    candidate, sam, screener, staff, director, other_director, mentor, _frozen
):
    call = services.screening_book(
        candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user
    )
    log = log_at_start(_frozen, call, by=screener, **log_fields())
    stranger = make_screener(UserFactory(roles=[Role.SCREENER]), candidate.region)

    assert list(screening_logs_visible_to(staff)) == [log]
    assert list(screening_logs_visible_to(director)) == [log]
    assert list(screening_logs_visible_to(screener)) == [log]
    assert list(screening_logs_visible_to(other_director)) == []
    assert list(screening_logs_visible_to(stranger.user)) == []
    assert list(screening_logs_visible_to(mentor)) == []
    assert list(screening_logs_visible_to(candidate.user)) == []


def test_dashboard_sorts_upcoming_waiting_and_screened(candidate, sam, screener, _frozen):
    booked = services.screening_book(
        candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user
    )
    other = opted_in()
    assigned = services.screening_request_assignment(candidate=other, by=other.user)

    before = screener_dashboard(sam)
    after = screener_dashboard(sam, now=SLOT + timedelta(minutes=31))

    assert before.upcoming == [booked]
    assert before.waiting_for_log == [assigned]
    assert after.upcoming == []
    assert set(after.waiting_for_log) == {booked, assigned}
    assert after.screened == []


# --- Reminders --------------------------------------------------------------------------


def test_reminders_go_to_both_once_even_when_the_task_runs_twice(candidate, sam, _frozen):
    services.screening_book(candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user)
    _frozen.move_to(SLOT - timedelta(hours=25))
    assert tasks.screening_reminders_task() == 0

    _frozen.move_to(SLOT - timedelta(hours=23))
    first = tasks.screening_reminders_task()
    second = tasks.screening_reminders_task()

    assert (first, second) == (2, 0)
    assert sorted(e.to_email for e in emails("screening_reminder")) == [
        "casey@example.org",
        "sam@example.org",
    ]


def test_log_due_reminder_goes_to_the_screener_once(candidate, sam, screener, _frozen):
    services.screening_book(candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user)
    _frozen.move_to(SLOT + timedelta(hours=23))
    tasks.screening_reminders_task()
    assert emails("screening_log_due") == []

    _frozen.move_to(SLOT + timedelta(days=1, minutes=31))
    tasks.screening_reminders_task()
    tasks.screening_reminders_task()

    [email] = emails("screening_log_due")
    assert email.to_email == "sam@example.org"
    assert email.subject.startswith("Action needed")


def test_log_due_reminder_skips_logged_calls(candidate, sam, screener, _frozen):
    call = services.screening_book(
        candidate=candidate, screener=sam, starts_at=SLOT, by=candidate.user
    )
    log_at_start(_frozen, call, by=screener, **log_fields())
    _frozen.move_to(SLOT + timedelta(days=2))

    tasks.screening_reminders_task()

    assert emails("screening_log_due") == []


# --- Screeners --------------------------------------------------------------------------


def test_apply_gives_the_screener_role_and_keeps_the_others(candidate_user, north):
    screener = services.screener_apply(
        user=candidate_user,
        regions=[north],
        languages=["en", "es"],
        weekly_capacity=3,
        time_zone="America/Chicago",
    )

    candidate_user.refresh_from_db()
    assert screener.status == ScreenerStatus.APPLIED
    assert list(screener.regions.all()) == [north]
    assert candidate_user.has_role(Role.SCREENER)
    assert candidate_user.has_role(Role.CANDIDATE)


def test_approve_records_who_and_emails_once(screener, north, staff):
    sam = services.screener_apply(
        user=screener,
        regions=[north],
        languages=["en"],
        weekly_capacity=5,
        time_zone="America/New_York",
    )

    services.screener_approve(screener=sam, by=staff)
    services.screener_approve(screener=sam, by=staff)

    sam.refresh_from_db()
    assert (sam.status, sam.approved_by, sam.approved_at) == (ScreenerStatus.APPROVED, staff, NOW)
    assert len(emails("screening_approved")) == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"weekday": 1, "start_time": time(19), "end_time": time(18)}, "end after it starts"),
        (
            {"start_time": time(18), "end_time": time(19)},
            "either a day of the week or a single date",
        ),
        (
            {"weekday": 1, "date": NOW.date(), "start_time": time(18), "end_time": time(19)},
            "either a day",
        ),
    ],
)
def test_availability_add_refuses_a_muddled_window(sam, fields, message):
    with pytest.raises(ValueError, match=message):
        services.availability_add(screener=sam, **fields)


def test_one_off_window_offers_slots_on_its_date_only(candidate, screener, north):
    sam = make_screener(screener, north, weekday=None)
    services.availability_add(
        screener=sam, date=datetime(2026, 3, 5).date(), start_time=time(9), end_time=time(10)
    )

    assert [slot.starts_at for slot in open_slots_for(candidate)] == [
        datetime(2026, 3, 5, 14, 0, tzinfo=UTC),
        datetime(2026, 3, 5, 14, 30, tzinfo=UTC),
    ]
