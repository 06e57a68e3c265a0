"""Intro-call services: registrations, waitlist, sessions, reminders, joining, attendance."""

from datetime import UTC, datetime, time, timedelta
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from candidates.enums import CallStatus, ChangeKind, RegistrationStatus, Stage
from candidates.ics import intro_call_ics
from candidates.models import IntroCall, IntroCallRegistration, IntroCallSchedule, StageChange
from candidates.services import calls as services
from candidates.services.people import candidate_move
from rfs import services as rfs_services
from rfs.enums import EmailStatus
from rfs.models import OutboundEmail
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # a Monday
START = datetime(2026, 3, 10, 23, 0, tzinfo=UTC)  # Tuesday March 10, 7 pm in New York (EDT)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def make_call(host, region=None, *, starts_at=START, capacity=100, **fields) -> IntroCall:
    return services.intro_call_create(
        host=host,
        region=region,
        starts_at=starts_at,
        meeting_url="https://meet.example.org/intro",
        capacity=capacity,
        by=host,
        **fields,
    )


def join_path(registration: IntroCallRegistration) -> str:
    return reverse("candidates:call_join", args=[registration.join_token])


def emails(purpose: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(purpose=purpose).order_by("pk"))


@pytest.fixture
def call(director, north):
    return make_call(director, north)


@pytest.fixture
def candidate(candidate_user):
    return candidate_user.candidate


# --- Registering ------------------------------------------------------------------------


def test_register_with_free_seats_registers_and_sends_the_invitation(candidate, call):
    registration = services.intro_call_register(candidate=candidate, call=call, by=candidate.user)

    assert registration.status == RegistrationStatus.REGISTERED
    [email] = emails("intro_confirmation")
    assert email.to_email == "casey@example.org"
    assert "Tuesday, March 10 at 7:00 PM EDT" in email.body_text
    assert call.host.get_short_name() in email.body_text
    assert join_path(registration) in email.body_text
    assert "BEGIN:VCALENDAR" in email.ics


def test_register_shows_the_time_in_the_recipients_own_zone(candidate, call):
    candidate.user.time_zone = "America/Chicago"
    candidate.user.save()

    services.intro_call_register(candidate=candidate, call=call, by=candidate.user)

    assert "Tuesday, March 10 at 6:00 PM CDT" in emails("intro_confirmation")[0].subject


def test_register_when_full_waitlists(candidate, director, north):
    full = make_call(director, north, capacity=1)
    services.intro_call_register(candidate=CandidateFactory(state="MA"), call=full, by=None)

    registration = services.intro_call_register(candidate=candidate, call=full, by=candidate.user)

    assert registration.status == RegistrationStatus.WAITLISTED
    assert [e.to_email for e in emails("intro_waitlisted")] == ["casey@example.org"]


def test_register_twice_does_nothing_twice(candidate, call):
    first = services.intro_call_register(candidate=candidate, call=call, by=candidate.user)
    second = services.intro_call_register(candidate=candidate, call=call, by=candidate.user)

    assert second.pk == first.pk
    assert IntroCallRegistration.objects.count() == 1
    assert len(emails("intro_confirmation")) == 1


def test_register_again_after_cancelling_reactivates_with_a_fresh_email(candidate, call, _frozen):
    registration = services.intro_call_register(candidate=candidate, call=call, by=candidate.user)
    services.intro_call_cancel_registration(registration=registration, by=candidate.user)
    _frozen.shift(timedelta(minutes=5))

    again = services.intro_call_register(candidate=candidate, call=call, by=candidate.user)

    assert again.pk == registration.pk
    assert again.status == RegistrationStatus.REGISTERED
    assert len(emails("intro_confirmation")) == 2


@pytest.mark.parametrize("status", [CallStatus.CANCELLED, CallStatus.HELD])
def test_register_on_a_closed_call_is_refused(candidate, call, status):
    IntroCall.objects.filter(pk=call.pk).update(status=status)

    with pytest.raises(services.CallUnavailable):
        services.intro_call_register(candidate=candidate, call=call, by=candidate.user)


def test_register_on_a_started_call_is_refused(candidate, call, _frozen):
    _frozen.move_to(START + timedelta(minutes=1))

    with pytest.raises(services.CallUnavailable):
        services.intro_call_register(candidate=candidate, call=call, by=candidate.user)


def test_move_cancels_the_old_place_in_one_step(candidate, call, director, north):
    later = make_call(director, north, starts_at=START + timedelta(days=7))
    old = services.intro_call_register(candidate=candidate, call=call, by=candidate.user)

    new = services.intro_call_move(registration=old, to_call=later, by=candidate.user)

    old.refresh_from_db()
    assert (old.status, new.status, new.call_id) == (
        RegistrationStatus.CANCELLED,
        RegistrationStatus.REGISTERED,
        later.pk,
    )
    assert (
        IntroCallRegistration.objects.filter(
            candidate=candidate, status=RegistrationStatus.REGISTERED
        ).count()
        == 1
    )


def test_cancel_registration_promotes_the_earliest_waitlisted_with_email(
    candidate, director, north, _frozen
):
    small = make_call(director, north, capacity=1)
    first = services.intro_call_register(candidate=candidate, call=small, by=None)
    waiting = []
    for _ in range(2):
        _frozen.shift(timedelta(seconds=1))
        waiting.append(
            services.intro_call_register(
                candidate=CandidateFactory(state="MA"), call=small, by=None
            )
        )

    services.intro_call_cancel_registration(registration=first, by=candidate.user)
    services.intro_call_cancel_registration(registration=first, by=candidate.user)  # idempotent

    statuses = [IntroCallRegistration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
    [promoted] = emails("intro_promoted")
    assert promoted.to_email == waiting[0].candidate.user.email
    assert "BEGIN:VCALENDAR" in promoted.ics


# --- Sessions ---------------------------------------------------------------------------


def test_cancel_call_tells_registrants_the_next_session(candidate, call, director, north, staff):
    national = make_call(staff, None, starts_at=START + timedelta(days=2))
    make_call(director, north, starts_at=START + timedelta(days=7))
    registration = services.intro_call_register(candidate=candidate, call=call, by=None)

    services.intro_call_cancel(call=call, by=director)
    services.intro_call_cancel(call=call, by=director)

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    [email] = emails("intro_cancelled")
    assert "Thursday, March 12 at 7:00 PM EDT" in email.body_text  # the national one, sooner
    assert reverse("candidates:calls") in email.body_text
    assert "METHOD:CANCEL" in email.ics
    assert national.status == CallStatus.SCHEDULED


def test_update_time_sends_changed_email_with_new_invitation(candidate, call, director):
    services.intro_call_register(candidate=candidate, call=call, by=None)

    services.intro_call_update(call=call, by=director, starts_at=START + timedelta(hours=1))
    services.intro_call_update(call=call, by=director, starts_at=START + timedelta(hours=1))

    [email] = emails("intro_changed")
    assert "Tuesday, March 10 at 8:00 PM EDT" in email.subject
    assert "DTSTART:20260311T000000Z" in email.ics


def test_generate_is_idempotent_and_dst_correct(director, north):
    IntroCallSchedule.objects.create(
        region=north,
        host=director,
        weekday=1,
        local_time=time(19, 0),
        time_zone="America/Chicago",
        meeting_url="https://meet.example.org/weekly",
    )
    now = datetime(2026, 10, 21, 12, 0, tzinfo=UTC)  # Wednesday; DST ends Sunday November 1

    created = services.intro_calls_generate(now=now)
    again = services.intro_calls_generate(now=now)

    starts = list(IntroCall.objects.values_list("starts_at", flat=True))
    assert (created, again) == (4, 0)
    assert starts == [
        datetime(2026, 10, 28, 0, 0, tzinfo=UTC),  # 7 pm CDT
        datetime(2026, 11, 4, 1, 0, tzinfo=UTC),  # 7 pm CST
        datetime(2026, 11, 11, 1, 0, tzinfo=UTC),
        datetime(2026, 11, 18, 1, 0, tzinfo=UTC),
    ]
    assert set(IntroCall.objects.values_list("region", "capacity")) == {(north.pk, 100)}


@pytest.mark.parametrize(
    "change",
    [
        lambda call, by: services.intro_call_update(call=call, by=by, capacity=5),
        lambda call, by: services.intro_call_cancel(call=call, by=by),
        lambda call, by: services.intro_call_set_attendance(call=call, attended_ids=set(), by=by),
        lambda call, by: services.intro_call_mark_held(call=call, by=by),
    ],
    ids=["update", "cancel", "attendance", "held"],
)
def test_national_session_is_changed_only_by_its_host_or_staff(change, candidate, director, staff):
    national = make_call(staff, None)
    services.intro_call_register(candidate=candidate, call=national, by=None)

    with pytest.raises(PermissionError):
        change(national, director)

    national.refresh_from_db()
    assert (national.status, national.capacity) == (CallStatus.SCHEDULED, 100)
    assert IntroCallRegistration.objects.get().attended is None
    with time_machine.travel(national.starts_at + timedelta(minutes=5), tick=False):
        change(national, staff)  # its host (staff) may, once the call has started


def test_regional_session_stays_with_its_regions_director(call, director, other_director):
    with pytest.raises(PermissionError):
        services.intro_call_cancel(call=call, by=other_director)

    services.intro_call_cancel(call=call, by=director)

    call.refresh_from_db()
    assert call.status == CallStatus.CANCELLED


# --- Reminders --------------------------------------------------------------------------


def test_reminders_each_queued_once_at_the_right_time(candidate, call):
    services.intro_call_register(candidate=candidate, call=call, by=None)

    before = services.intro_call_reminders_queue(now=START - timedelta(hours=24, seconds=1))
    day = services.intro_call_reminders_queue(now=START - timedelta(hours=24))
    day_again = services.intro_call_reminders_queue(now=START - timedelta(hours=3))
    gap = services.intro_call_reminders_queue(now=START - timedelta(hours=1, seconds=1))
    hour = services.intro_call_reminders_queue(now=START - timedelta(hours=1))
    hour_again = services.intro_call_reminders_queue(now=START - timedelta(minutes=5))

    assert (before, day, day_again, gap, hour, hour_again) == (0, 1, 0, 0, 1, 0)
    [day_email] = emails("intro_reminder_24h")
    assert day_email.subject.startswith("Action needed: confirm your spot")
    registration = IntroCallRegistration.objects.get()
    assert reverse("candidates:call_manage", args=[registration.join_token]) in day_email.body_text
    assert join_path(registration) in emails("intro_reminder_1h")[0].body_text


def test_reminders_not_doubled_when_sending_is_retried(
    candidate, call, django_capture_on_commit_callbacks
):
    services.intro_call_register(candidate=candidate, call=call, by=None)
    with (
        mock.patch("rfs.services.sending._deliver", side_effect=OSError("smtp down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.intro_call_reminders_queue(now=START - timedelta(hours=20))
    [email] = emails("intro_reminder_24h")
    # The task retried eagerly and gave up for now: the row waits for the sweep.
    assert email.status == EmailStatus.QUEUED and email.attempts >= 1

    queued_again = services.intro_call_reminders_queue(now=START - timedelta(hours=19))
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=START - timedelta(hours=30))
    retried = rfs_services.email_send(email_id=email.pk)
    queued_after_retry = services.intro_call_reminders_queue(now=START - timedelta(hours=18))

    assert (queued_again, retried, queued_after_retry) == (0, True, 0)
    assert [e.status for e in emails("intro_reminder_24h")] == [EmailStatus.SENT]


def test_reminder_24h_is_due_24_real_hours_before_across_dst(director, north, candidate):
    # Registered in October for a 7 pm Chicago call on Tuesday November 3 (after DST ends).
    with time_machine.travel(datetime(2026, 10, 20, 15, 0, tzinfo=UTC), tick=False):
        november = make_call(director, north, starts_at=datetime(2026, 11, 4, 1, 0, tzinfo=UTC))
        services.intro_call_register(candidate=candidate, call=november, by=None)

    early = services.intro_call_reminders_queue(now=datetime(2026, 11, 3, 0, 59, tzinfo=UTC))
    due = services.intro_call_reminders_queue(now=datetime(2026, 11, 3, 1, 0, tzinfo=UTC))

    assert (early, due) == (0, 1)


def test_rescheduled_call_gets_fresh_reminders(candidate, call, director):
    services.intro_call_register(candidate=candidate, call=call, by=None)
    services.intro_call_reminders_queue(now=START - timedelta(hours=20))

    services.intro_call_update(call=call, by=director, starts_at=START + timedelta(days=1))
    queued = services.intro_call_reminders_queue(now=START + timedelta(hours=4))

    assert queued == 1
    assert len(emails("intro_reminder_24h")) == 2


def test_reminders_skip_waitlisted_and_cancelled(candidate, director, north):
    small = make_call(director, north, capacity=1)
    other = CandidateFactory(state="MA")
    seat = services.intro_call_register(candidate=other, call=small, by=None)
    services.intro_call_register(candidate=candidate, call=small, by=None)  # waitlisted
    IntroCallRegistration.objects.filter(pk=seat.pk).update(status=RegistrationStatus.CANCELLED)

    assert services.intro_call_reminders_queue(now=START - timedelta(hours=20)) == 0


def test_reminders_skip_the_hour_reminder_when_registered_minutes_before(candidate, call):
    with time_machine.travel(START - timedelta(minutes=20), tick=False):
        services.intro_call_register(candidate=candidate, call=call, by=None)
        queued = services.intro_call_reminders_queue(now=START - timedelta(minutes=19))

    assert queued == 0
    assert emails("intro_reminder_1h") == [] and emails("intro_reminder_24h") == []


def test_reminders_skip_the_day_reminder_when_registered_after_its_moment(candidate, call):
    with time_machine.travel(START - timedelta(hours=10), tick=False):
        services.intro_call_register(candidate=candidate, call=call, by=None)

    day = services.intro_call_reminders_queue(now=START - timedelta(hours=9))
    hour = services.intro_call_reminders_queue(now=START - timedelta(minutes=50))

    assert (day, hour) == (0, 1)
    assert emails("intro_reminder_24h") == []


def test_reminders_query_count_does_not_grow_per_row_beyond_the_inserts(director, north):
    def run(count: int) -> int:
        small = make_call(director, north, starts_at=START + timedelta(days=count))
        for _ in range(count):
            services.intro_call_register(
                candidate=CandidateFactory(state="NY"), call=small, by=None
            )
        with CaptureQueriesContext(connection) as queries:
            assert (
                services.intro_call_reminders_queue(now=small.starts_at - timedelta(hours=20))
                == count
            )
        return len(queries)

    one, three = run(1), run(3)
    # Fixed: the registrations with call, host and person; the reminders already queued;
    # the transaction's savepoint. Per row, inside email_queue: look up the unique key,
    # then SAVEPOINT, INSERT, RELEASE.
    assert three - one == 2 * 4


# --- Joining ----------------------------------------------------------------------------


def test_join_link_opened_by_a_mail_scanner_records_nothing(candidate, call):
    registration = services.intro_call_register(candidate=candidate, call=call, by=None)

    found, url = services.intro_call_join(token=registration.join_token, now=NOW)

    registration.refresh_from_db()
    assert (found.pk, url, registration.joined_at, registration.attended) == (
        registration.pk,
        None,
        None,
        None,
    )


def test_join_ten_minutes_before_records_attendance(candidate, call):
    registration = services.intro_call_register(candidate=candidate, call=call, by=None)
    first = START - timedelta(minutes=10)

    _, url = services.intro_call_join(token=registration.join_token, now=first)
    services.intro_call_join(token=registration.join_token, now=START + timedelta(minutes=5))

    registration.refresh_from_db()
    assert (url, registration.joined_at, registration.attended) == (
        "https://meet.example.org/intro",
        first,
        True,
    )


def test_join_after_the_end_records_nothing(candidate, call):
    registration = services.intro_call_register(candidate=candidate, call=call, by=None)

    _, url = services.intro_call_join(
        token=registration.join_token, now=START + timedelta(minutes=61)
    )

    registration.refresh_from_db()
    assert (url, registration.joined_at) == (None, None)


def test_join_unknown_token():
    assert services.intro_call_join(token="nope") == (None, None)


# --- After the call ---------------------------------------------------------------------


def test_mark_held_moves_attendees_thanks_them_and_invites_no_shows(
    candidate, call, director, _frozen
):
    runner = CandidateFactory(state="NY", stage=Stage.RUNNING)
    no_show = CandidateFactory(state="MA")
    joined = services.intro_call_register(candidate=candidate, call=call, by=None)
    marked = services.intro_call_register(candidate=runner, call=call, by=None)
    services.intro_call_register(candidate=no_show, call=call, by=None)
    services.intro_call_join(token=joined.join_token, now=START + timedelta(minutes=2))
    _frozen.move_to(START + timedelta(minutes=50))  # attendance and holding only from the start
    services.intro_call_set_attendance(call=call, attended_ids={marked.pk, joined.pk}, by=director)

    services.intro_call_mark_held(call=call, by=director)
    services.intro_call_mark_held(call=call, by=director)

    candidate.refresh_from_db()
    runner.refresh_from_db()
    assert (candidate.stage, runner.stage) == (Stage.INTRO_ATTENDED, Stage.RUNNING)
    event = StageChange.objects.get(candidate=runner, to_stage=Stage.INTRO_ATTENDED)
    assert event.kind == ChangeKind.EVENT
    assert sorted(e.to_email for e in emails("intro_thanks")) == sorted(
        [candidate.user.email, runner.user.email]
    )
    assert [e.to_email for e in emails("intro_missed")] == [no_show.user.email]
    assert reverse("candidates:calls") in emails("intro_missed")[0].body_text
    assert reverse("candidates:journey") in emails("intro_thanks")[0].body_text


def test_confirm_and_screening_opt_in_keep_the_first_time(candidate, call, _frozen):
    registration = services.intro_call_register(candidate=candidate, call=call, by=None)
    candidate_move(
        candidate=candidate, to_stage=Stage.INTRO_ATTENDED, by=None
    )  # a 1:1 follows an intro call
    services.intro_call_confirm(registration=registration)
    services.candidate_opt_in_screening(candidate=candidate, by=candidate.user)
    _frozen.shift(timedelta(hours=1))

    services.intro_call_confirm(registration=registration)
    services.candidate_opt_in_screening(candidate=candidate, by=candidate.user)

    registration.refresh_from_db()
    candidate.refresh_from_db()
    assert (registration.confirmed_at, candidate.screening_opt_in_at) == (NOW, NOW)


# --- Calendar invitation ----------------------------------------------------------------


def test_ics_has_the_start_in_utc_and_the_personal_join_link(candidate, call):
    registration = services.intro_call_register(candidate=candidate, call=call, by=None)

    calendar = Calendar.from_ical(intro_call_ics(call, registration))

    [event] = calendar.walk("VEVENT")
    join = join_path(registration)
    assert calendar["METHOD"] == "REQUEST"
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert event.decoded("DTEND") == START + timedelta(minutes=60)
    assert str(event["UID"]) == f"introcall-{call.pk}-{registration.pk}@rfs"
    assert (
        join in str(event["URL"])
        and join in str(event["LOCATION"])
        and join in str(event["DESCRIPTION"])
    )
    assert str(event["SUMMARY"]) == "Intro call: Run for Something"
