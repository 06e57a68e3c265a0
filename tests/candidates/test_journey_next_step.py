"""My journey's next step always shows the candidate's latest action: one row per
reachable state, with its next-step title and action. And the page around it: no
second intro call offered after one, history in plain words, times in their own zone."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from candidates import services
from candidates.enums import Activity, RegistrationStatus, ScreenerStatus, Stage
from candidates.models import IntroCallRegistration, Screener
from rfs.models import OutboundEmail

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)  # a Monday
INTRO = datetime(2026, 3, 10, 23, 0, tzinfo=UTC)  # Tuesday March 10, 7 pm EDT
SLOT = datetime(2026, 3, 3, 23, 0, tzinfo=UTC)  # Tuesday March 3, 6 pm EST


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def _intro_call(director, north):
    return services.intro_call_create(
        host=director,
        region=north,
        starts_at=INTRO,
        meeting_url="https://meet.example.org/i",
        capacity=1,
        by=director,
    )


def _screener(screener_user, north) -> Screener:
    screener_user.name = "Sam Lee"
    screener_user.save()
    screener = Screener.objects.create(
        user=screener_user,
        weekly_capacity=5,
        time_zone="America/New_York",
        status=ScreenerStatus.APPROVED,
        meeting_url="https://meet.example.org/sam",
        languages=["en"],
    )
    screener.regions.add(north)
    services.availability_add(screener=screener, weekday=1, start_time=time(18), end_time=time(20))
    return screener


def _move(candidate, *stages):
    for stage in stages:
        services.candidate_move(candidate=candidate, to_stage=stage, by=None)


def _opted_in(candidate):
    _move(candidate, Stage.INTRO_ATTENDED)
    services.candidate_opt_in_screening(candidate=candidate, by=candidate.user)


def state_new(c, **_):
    pass


def state_registered(c, director, north, **_):
    services.intro_call_register(candidate=c, call=_intro_call(director, north), by=c.user)


def state_waitlisted(c, director, north, **_):
    call = _intro_call(director, north)
    IntroCallRegistration.objects.create(
        call=call, candidate=c, status=RegistrationStatus.WAITLISTED
    )


def state_attended_not_yet_held(c, director, north, _frozen, **_):
    call = _intro_call(director, north)
    registration = services.intro_call_register(candidate=c, call=call, by=c.user)
    _frozen.move_to(INTRO + timedelta(minutes=5))
    services.intro_call_set_attendance(call=call, attended_ids={registration.pk}, by=director)


def state_sent_on(c, director, **_):
    services.candidate_send_on_to_screening(candidate=c, by=director)


def state_intro_attended(c, **_):
    _move(c, Stage.INTRO_ATTENDED)


def state_opted_in(c, **_):
    _opted_in(c)


def state_booked(c, screener, north, **_):
    _opted_in(c)
    services.screening_book(
        candidate=c, screener=_screener(screener, north), starts_at=SLOT, by=c.user
    )


def state_assigned(c, screener, north, **_):
    _opted_in(c)
    _screener(screener, north)
    services.screening_request_assignment(candidate=c, by=c.user)


def state_screened(c, **_):
    _move(c, Stage.INTRO_ATTENDED, Stage.SCREENED)


def state_running(c, **_):
    _move(c, Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING)


def state_lost(c, **_):
    _move(c, Stage.RUNNING, Stage.LOST)


def state_paused(c, **_):
    services.candidate_set_activity(candidate=c, activity=Activity.PAUSED, by=c.user)


STATES = [
    # (state, next-step title, action, where the action goes: "" when it's a button)
    (state_new, "Join an intro call", "See the times", "/calls/"),
    (state_registered, "You're booked on an intro call", "Join the call", "/calls/join/"),
    (state_waitlisted, "You're on the waitlist for an intro call", "See other times", "/calls/"),
    (
        state_attended_not_yet_held,
        "Talk one-on-one with a volunteer",
        "Yes, I'd like a one-on-one",
        "",
    ),
    (state_sent_on, "Book your one-on-one", "Book your one-on-one", "/screening/"),
    (state_intro_attended, "Talk one-on-one with a volunteer", "Yes, I'd like a one-on-one", ""),
    (state_opted_in, "Book your one-on-one", "Book your one-on-one", "/screening/"),
    (
        state_booked,
        "Your one-on-one with Sam is booked",
        "Join the call",
        "https://meet.example.org/sam",
    ),
    (state_assigned, "Sam will be in touch", "See your one-on-one", "/screening/"),
    (state_screened, "Tell us about your race", "Declare a race", "/journey/race/"),
    (state_running, "Keep your race up to date", "Update my race", "/journey/race/"),
    (state_lost, "Thinking about running again?", "Declare a new race", "/journey/race/"),
    (state_paused, "Welcome back whenever you're ready", "", ""),
]


@pytest.mark.parametrize(
    ("arrange", "title", "action", "goes_to"), STATES, ids=[s[0].__name__ for s in STATES]
)
def test_next_step_shows_the_latest_action(
    client, candidate_user, director, screener, north, _frozen, arrange, title, action, goes_to
):
    candidate = candidate_user.candidate
    arrange(candidate, director=director, screener=screener, north=north, _frozen=_frozen)
    client.force_login(candidate_user)

    step = client.get(reverse("candidates:journey")).context["step"]

    assert (step.title, step.action) == (title, action)
    assert (step.url or "").startswith(goes_to) if goes_to else not step.url


def test_booked_one_on_one_shows_when_in_their_zone_join_calendar_and_reschedule(
    client, candidate_user, screener, north
):
    candidate = candidate_user.candidate
    candidate_user.time_zone = "America/Chicago"
    candidate_user.save()
    state_booked(candidate, screener=screener, north=north)
    client.force_login(candidate_user)

    page = client.get(reverse("candidates:journey")).content.decode()

    assert "Tuesday, March 3 · 5:00 PM CST" in page
    assert reverse("candidates:screening_ics") in page
    assert "Change the time" in page
    assert 'href="https://meet.example.org/sam"' in page


def test_add_to_calendar_gives_their_booked_call(client, candidate_user, screener, north):
    state_booked(candidate_user.candidate, screener=screener, north=north)
    client.force_login(candidate_user)

    response = client.get(reverse("candidates:screening_ics"))

    assert response["Content-Type"].startswith("text/calendar")
    assert b"DTSTART:20260303T230000Z" in response.content


def test_intro_call_calendar_file_is_only_for_its_candidate(
    client, candidate_user, director, north
):
    state_registered(candidate_user.candidate, director=director, north=north)
    registration = IntroCallRegistration.objects.get()
    client.force_login(candidate_user)
    mine = client.get(reverse("candidates:call_ics", args=[registration.pk]))
    client.force_login(director)
    theirs = client.get(reverse("candidates:call_ics", args=[registration.pk]))

    assert (mine.status_code, theirs.status_code) == (200, 404)
    assert b"BEGIN:VEVENT" in mine.content


@pytest.mark.parametrize(
    "arrange", [state_intro_attended, state_screened, state_attended_not_yet_held]
)
def test_after_an_intro_call_no_second_one_is_offered(
    client, candidate_user, director, north, _frozen, arrange
):
    arrange(candidate_user.candidate, director=director, north=north, _frozen=_frozen)
    _frozen.move_to(INTRO + timedelta(hours=2))
    client.force_login(candidate_user)

    page = client.get(reverse("candidates:journey")).content.decode()

    assert "Pick an intro call" not in page
    assert "Join an intro call" not in page


def test_history_is_newest_first_in_plain_words_without_staff_notes(client, candidate_user, staff):
    candidate = candidate_user.candidate
    _move(candidate, Stage.INTRO_ATTENDED)
    services.candidate_move(
        candidate=candidate,
        to_stage=Stage.SCREENED,
        by=staff,
        note="Override: logged early by phone",
    )
    client.force_login(candidate_user)

    response = client.get(reverse("candidates:journey"))

    words = [w for w, _ in response.context["history"]]
    assert words[:2] == ["You had your one-on-one with a volunteer", "You came to an intro call"]
    page = response.content.decode()
    assert "Override" not in page
    assert ">Screened<" not in page
    assert "list-group-numbered" not in page


def test_booking_page_names_their_time_zone(client, candidate_user, screener, north):
    candidate_user.time_zone = "America/Chicago"
    candidate_user.save()
    _opted_in(candidate_user.candidate)
    _screener(screener, north)
    client.force_login(candidate_user)

    page = client.get(reverse("candidates:screening")).content.decode()

    assert "times are shown in your time zone, CST (Chicago)" in page
    assert "5:00 PM CST" in page


def test_screener_page_and_email_agree_on_the_zone_they_gave(
    client, candidate_user, screener, north
):
    sam = services.screener_apply(
        user=screener,
        regions=[north],
        languages=["en"],
        weekly_capacity=5,
        time_zone="America/Chicago",
    )
    Screener.objects.filter(pk=sam.pk).update(
        status=ScreenerStatus.APPROVED, meeting_url="https://meet.example.org/sam"
    )
    services.availability_add(screener=sam, weekday=1, start_time=time(17), end_time=time(19))
    candidate = candidate_user.candidate
    _opted_in(candidate)
    services.screening_book(
        candidate=candidate,
        screener=Screener.objects.get(pk=sam.pk),
        starts_at=SLOT,
        by=candidate_user,
    )
    client.force_login(screener)

    page = client.get(reverse("candidates:screener_home")).content.decode()
    email = OutboundEmail.objects.get(purpose="screening_booked_screener")

    assert "5:00 PM CST" in page
    assert "5:00 PM CST" in email.body_text
    assert "EST" not in page.split("Upcoming", 1)[-1].split("</section>", 1)[0]
