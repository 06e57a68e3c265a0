"""Intro call pages: the candidate's list and buttons, the emailed links, the hosts' pages."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.enums import CallStatus, RegistrationStatus, Stage
from candidates.models import IntroCall, IntroCallRegistration
from rfs.enums import Role
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db

MEETING = "https://meet.example.org/intro"


def session(*, region, host, days: float = 2, capacity: int = 100, **extra) -> IntroCall:
    return IntroCall.objects.create(
        region=region,
        host=host,
        starts_at=timezone.now() + timedelta(days=days),
        meeting_url=MEETING,
        capacity=capacity,
        **extra,
    )


def place(
    call: IntroCall, candidate, status=RegistrationStatus.REGISTERED
) -> IntroCallRegistration:
    return IntroCallRegistration.objects.create(call=call, candidate=candidate, status=status)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- The candidate's list -----------------------------------------------------------------


def test_calls_list_shows_their_region_first_then_national(
    client, candidate_user, director, other_director, north, west
):
    national = session(region=None, host=director, days=1)
    regional = session(region=north, host=director, days=3)
    session(region=west, host=other_director, days=2)
    client.force_login(candidate_user)

    response = client.get(reverse("candidates:calls"))

    assert [s.pk for s in response.context["sessions"]] == [regional.pk, national.pk]


def test_calls_list_shows_times_in_the_viewers_zone_and_the_hosts_first_name(
    client, candidate_user, director, north
):
    candidate_user.time_zone = "America/Chicago"
    candidate_user.save()
    director.name = "Dana Whitfield"
    director.save()
    IntroCall.objects.create(
        region=north,
        host=director,
        starts_at=datetime(2030, 1, 15, 1, 0, tzinfo=UTC),
        meeting_url=MEETING,
    )
    client.force_login(candidate_user)

    body = client.get(reverse("candidates:calls")).content.decode()

    # 01:00 UTC on the 15th is 7 PM Central on the 14th.
    assert "Monday, January 14 · 7:00 PM CST" in body
    assert "Hosted by Dana" in body
    assert "Whitfield" not in body


def test_calls_list_counts_seats_and_offers_the_waitlist_when_full(
    client, candidate_user, director, north
):
    open_call = session(region=north, host=director, days=1, capacity=3)
    full_call = session(region=north, host=director, days=2, capacity=1)
    place(open_call, CandidateFactory(state="NY"))
    place(full_call, CandidateFactory(state="NY"))
    client.force_login(candidate_user)

    body = client.get(reverse("candidates:calls")).content.decode()

    assert "2 seats left" in body
    assert "Full — join the waitlist" in body
    assert "Join the waitlist</" in body.replace("\n", "").replace("  ", "")


def test_calls_list_highlights_their_place_and_offers_to_move(
    client, candidate_user, director, north
):
    mine = session(region=north, host=director, days=1)
    other = session(region=north, host=director, days=2)
    registration = place(mine, candidate_user.candidate)
    client.force_login(candidate_user)

    body = client.get(reverse("candidates:calls")).content.decode()

    assert "You're registered for this one." in body
    assert reverse("candidates:call_cancel", args=[registration.pk]) in body
    assert reverse("candidates:call_register", args=[other.pk]) in body
    assert "Move to this one" in body


def test_calls_list_shows_the_next_sessions_and_always_their_own(
    client, candidate_user, director, north
):
    from candidates.selectors import UPCOMING_LIMIT

    sessions = [
        session(region=north, host=director, days=day + 1) for day in range(UPCOMING_LIMIT + 3)
    ]
    far = sessions[-1]
    registration = place(far, candidate_user.candidate)
    client.force_login(candidate_user)

    response = client.get(reverse("candidates:calls"))

    shown = [item.pk for item in response.context["sessions"]]
    assert shown == [item.pk for item in sessions[:UPCOMING_LIMIT]] + [far.pk]
    body = response.content.decode()
    assert reverse("candidates:call_register", args=[sessions[UPCOMING_LIMIT].pk]) not in body
    assert reverse("candidates:call_cancel", args=[registration.pk]) in body
    assert "North" in body
    assert "Later ones show up here as these go by." in body


@pytest.mark.parametrize("count", [1, 3])
def test_calls_list_queries_do_not_grow(
    client, candidate_user, director, north, count, django_assert_num_queries
):
    for n in range(count):
        place(session(region=north, host=director, days=n + 1), CandidateFactory(state="NY"))
    place(session(region=north, host=director, days=40), candidate_user.candidate)
    client.force_login(candidate_user)

    # user with roles, candidate, the sessions (counted), their own places.
    with django_assert_num_queries(4):
        response = client.get(reverse("candidates:calls"))

    assert len(response.context["sessions"]) == count + 1
    assert "Later ones show up here" not in response.content.decode()


# --- The candidate's buttons --------------------------------------------------------------


def test_register_gives_a_place_and_says_so(
    client, candidate_user, director, north, django_capture_on_commit_callbacks
):
    call = session(region=north, host=director)
    client.force_login(candidate_user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("candidates:call_register", args=[call.pk]), follow=True)

    registration = IntroCallRegistration.objects.get(candidate=candidate_user.candidate)
    assert (registration.call, registration.status) == (call, RegistrationStatus.REGISTERED)
    assert messages_of(response)[0].startswith("You're in!")


def test_register_elsewhere_moves_in_one_step(client, candidate_user, director, north):
    first = session(region=north, host=director, days=1)
    second = session(region=north, host=director, days=2)
    old = place(first, candidate_user.candidate)
    client.force_login(candidate_user)

    client.post(reverse("candidates:call_register", args=[second.pk]))

    old.refresh_from_db()
    assert old.status == RegistrationStatus.CANCELLED
    assert IntroCallRegistration.objects.get(call=second).candidate == candidate_user.candidate


def test_register_for_another_regions_session_is_404(client, candidate_user, other_director, west):
    call = session(region=west, host=other_director)
    client.force_login(candidate_user)

    assert client.post(reverse("candidates:call_register", args=[call.pk])).status_code == 404


def test_register_for_a_cancelled_session_says_so_kindly(client, candidate_user, director, north):
    call = session(region=north, host=director, status=CallStatus.CANCELLED)
    client.force_login(candidate_user)

    response = client.post(reverse("candidates:call_register", args=[call.pk]), follow=True)

    assert "isn't open for registration" in messages_of(response)[0]
    assert not IntroCallRegistration.objects.exists()


def test_cancel_frees_their_place(client, candidate_user, director, north):
    registration = place(session(region=north, host=director), candidate_user.candidate)
    client.force_login(candidate_user)

    client.post(reverse("candidates:call_cancel", args=[registration.pk]))

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_cancel_someone_elses_place_is_404(client, candidate_user, director, north):
    registration = place(session(region=north, host=director), CandidateFactory(state="NY"))
    client.force_login(candidate_user)

    assert client.post(reverse("candidates:call_cancel", args=[registration.pk])).status_code == 404
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED


# --- The emailed links --------------------------------------------------------------------


def test_manage_link_get_changes_nothing(client, candidate_user, director, north):
    registration = place(session(region=north, host=director, days=1), candidate_user.candidate)

    response = client.get(reverse("candidates:call_manage", args=[registration.join_token]))

    registration.refresh_from_db()
    assert response.status_code == 200
    assert "I'll be there" in response.content.decode()
    assert (registration.status, registration.confirmed_at) == (RegistrationStatus.REGISTERED, None)


def test_manage_link_confirms_without_signing_in(client, candidate_user, director, north):
    registration = place(session(region=north, host=director, days=1), candidate_user.candidate)

    client.post(
        reverse("candidates:call_manage", args=[registration.join_token]), {"choice": "confirm"}
    )

    registration.refresh_from_db()
    assert registration.confirmed_at is not None


def test_manage_link_cancels(client, candidate_user, director, north):
    registration = place(session(region=north, host=director, days=1), candidate_user.candidate)

    client.post(
        reverse("candidates:call_manage", args=[registration.join_token]), {"choice": "cancel"}
    )

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED


def test_manage_link_lists_the_other_times_the_candidate_may_join(
    client, candidate_user, director, other_director, north, west
):
    mine = session(region=north, host=director, days=1)
    later = session(region=north, host=director, days=8)
    national = session(region=None, host=director, days=3)
    session(region=west, host=other_director, days=2)  # another region's: not offered
    registration = place(mine, candidate_user.candidate)

    response = client.get(reverse("candidates:call_manage", args=[registration.join_token]))

    assert [s.pk for s in response.context["other_sessions"]] == [later.pk, national.pk]
    assert response.content.decode().count('name="choice" value="move"') == 2


def test_manage_link_moves_the_place_in_one_step(
    client, candidate_user, director, north, django_capture_on_commit_callbacks
):
    registration = place(session(region=north, host=director, days=1), candidate_user.candidate)
    later = session(region=north, host=director, days=8)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("candidates:call_manage", args=[registration.join_token]),
            {"choice": "move", "call": later.pk},
        )

    registration.refresh_from_db()
    moved = IntroCallRegistration.objects.get(call=later)
    assert registration.status == RegistrationStatus.CANCELLED
    assert (moved.candidate_id, moved.status) == (
        candidate_user.candidate.pk,
        RegistrationStatus.REGISTERED,
    )
    assert response["Location"] == reverse("candidates:call_manage", args=[moved.join_token])
    from rfs.models import OutboundEmail

    assert (
        OutboundEmail.objects.filter(
            purpose="intro_confirmation", to_email=candidate_user.email
        ).count()
        == 1
    )


def test_manage_link_after_cancelling_offers_the_other_times(
    client, candidate_user, director, north
):
    registration = place(session(region=north, host=director, days=1), candidate_user.candidate)
    later = session(region=north, host=director, days=8)
    url = reverse("candidates:call_manage", args=[registration.join_token])

    response = client.post(url, {"choice": "cancel"}, follow=True)
    client.post(url, {"choice": "move", "call": later.pk})

    assert "Pick another time" in response.content.decode()
    assert IntroCallRegistration.objects.get(call=later).status == RegistrationStatus.REGISTERED


def test_manage_link_offers_no_other_time_once_they_attended(
    client, candidate_user, director, north
):
    registration = place(session(region=north, host=director, days=-1), candidate_user.candidate)
    IntroCallRegistration.objects.filter(pk=registration.pk).update(attended=True)
    session(region=north, host=director, days=8)

    response = client.get(reverse("candidates:call_manage", args=[registration.join_token]))

    assert "other_sessions" not in response.context
    assert "Pick another time" not in response.content.decode()


def test_manage_link_cannot_move_to_another_regions_session(
    client, candidate_user, other_director, director, north, west
):
    registration = place(session(region=north, host=director, days=1), candidate_user.candidate)
    elsewhere = session(region=west, host=other_director, days=2)

    response = client.post(
        reverse("candidates:call_manage", args=[registration.join_token]),
        {"choice": "move", "call": elsewhere.pk},
        follow=True,
    )

    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED
    assert not IntroCallRegistration.objects.filter(call=elsewhere).exists()
    assert "Sorry, that time" in response.content.decode()


@pytest.mark.parametrize("url_name", ["candidates:call_manage", "candidates:call_join"])
def test_unknown_token_is_404(client, url_name):
    assert client.get(reverse(url_name, args=["no-such-token"])).status_code == 404


def test_join_link_inside_the_window_goes_to_the_meeting_and_records_it(
    client, candidate_user, director, north
):
    registration = place(
        session(region=north, host=director, days=5 / (24 * 60)), candidate_user.candidate
    )

    response = client.get(reverse("candidates:call_join", args=[registration.join_token]))

    registration.refresh_from_db()
    assert (response.status_code, response["Location"]) == (302, MEETING)
    assert registration.joined_at is not None
    assert registration.attended is True


def test_join_link_too_early_says_when_it_opens(client, candidate_user, director, north):
    registration = place(session(region=north, host=director, days=1), candidate_user.candidate)

    response = client.get(reverse("candidates:call_join", args=[registration.join_token]))

    registration.refresh_from_db()
    assert response.status_code == 200
    assert "The call opens 15 minutes before it starts" in response.content.decode()
    assert registration.joined_at is None


# --- My journey ---------------------------------------------------------------------------


def test_journey_lists_their_upcoming_call(client, candidate_user, director, north):
    director.name = "Dana Whitfield"
    director.save()
    place(session(region=north, host=director), candidate_user.candidate)
    client.force_login(candidate_user)

    response = client.get(reverse("candidates:journey"))

    assert len(response.context["journey"].calls) == 1
    assert "Hosted by Dana" in response.content.decode()


def test_journey_offers_the_one_on_one_after_the_intro_call(client, candidate_user):
    candidate = candidate_user.candidate
    candidate.stage = Stage.INTRO_ATTENDED
    candidate.save()
    client.force_login(candidate_user)

    response = client.get(reverse("candidates:journey"))

    assert response.context["step"].post_url == reverse("candidates:screening_opt_in")
    assert reverse("candidates:screening_opt_in") in response.content.decode()


def test_screening_opt_in_is_recorded_and_the_step_says_what_next(client, candidate_user):
    candidate = candidate_user.candidate
    candidate.stage = Stage.INTRO_ATTENDED
    candidate.save()
    client.force_login(candidate_user)

    response = client.post(reverse("candidates:screening_opt_in"), follow=True)

    candidate.refresh_from_db()
    assert candidate.screening_opt_in_at is not None
    assert response.context["step"].post_url == ""
    assert response.context["step"].url == reverse("candidates:screening")


# --- Hosts --------------------------------------------------------------------------------


def test_someone_hosting_a_session_may_open_the_host_pages(client, screener, north):
    call = session(region=north, host=screener)
    client.force_login(screener)

    response = client.get(reverse("candidates:host_calls"))

    assert response.status_code == 200
    assert response.context["upcoming"] == [call]


def test_host_list_counts_registered_and_waitlisted(client, director, north):
    call = session(region=north, host=director, capacity=1)
    place(call, CandidateFactory(state="NY"))
    place(call, CandidateFactory(state="NY"), status=RegistrationStatus.WAITLISTED)
    client.force_login(director)

    row = client.get(reverse("candidates:host_calls")).context["upcoming"][0]

    assert (row.registered_total, row.waitlisted_total) == (1, 1)


@pytest.mark.parametrize("count", [1, 3])
def test_host_list_queries_do_not_grow(client, director, north, count, django_assert_num_queries):
    for n in range(count):
        call = session(region=north, host=director, days=n + 1)
        place(call, CandidateFactory(state="NY"))
        session(region=north, host=director, days=-(n + 1))
    client.force_login(director)

    # user with roles, the two-factor check, upcoming sessions and recent sessions
    # (each with host and region joined and the counts annotated).
    with django_assert_num_queries(4):
        response = client.get(reverse("candidates:host_calls"))

    assert (len(response.context["upcoming"]), len(response.context["past"])) == (count, count)


@pytest.mark.parametrize("count", [1, 3])
def test_roster_queries_do_not_grow(client, director, north, count, django_assert_num_queries):
    call = session(region=north, host=director)
    for _ in range(count):
        place(call, CandidateFactory(state="NY"))
    client.force_login(director)

    # user with roles, the two-factor check, the session with host and region, the
    # roster with each person joined.
    with django_assert_num_queries(4):
        response = client.get(reverse("candidates:host_call_roster", args=[call.pk]))

    assert len(response.context["roster"]) == count


def test_host_adds_a_session_in_their_zone(client, director, north):
    director.time_zone = "America/Chicago"
    director.save()
    client.force_login(director)

    response = client.post(
        reverse("candidates:host_call_new"),
        {
            "starts_at": "2030-03-05T19:00",
            "duration_minutes": 60,
            "region": north.pk,
            "host": director.pk,
            "meeting_url": MEETING,
            "capacity": 40,
        },
    )

    call = IntroCall.objects.get()
    assert response.status_code == 302
    assert (call.region, call.host, call.capacity) == (north, director, 40)
    assert call.starts_at == datetime(2030, 3, 6, 1, 0, tzinfo=UTC)


def test_director_cannot_add_a_session_in_another_region_or_national(client, director, west):
    client.force_login(director)
    data = {
        "starts_at": "2030-03-05T19:00",
        "duration_minutes": 60,
        "host": director.pk,
        "meeting_url": MEETING,
        "capacity": 40,
    }

    for region in (west.pk, ""):
        response = client.post(reverse("candidates:host_call_new"), {**data, "region": region})
        assert response.status_code == 200
        assert "region" in response.context["form"].errors

    assert not IntroCall.objects.exists()


def test_staff_may_add_a_national_session(client, staff):
    client.force_login(staff)

    client.post(
        reverse("candidates:host_call_new"),
        {
            "starts_at": "2030-03-05T19:00",
            "duration_minutes": 60,
            "region": "",
            "host": staff.pk,
            "meeting_url": MEETING,
            "capacity": 40,
        },
    )

    assert IntroCall.objects.get().region is None


def test_host_edits_a_session(client, director, north):
    call = session(region=north, host=director)
    client.force_login(director)
    form = client.get(reverse("candidates:host_call_edit", args=[call.pk])).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["starts_at"] = form["starts_at"].field.widget.format_value(form["starts_at"].value())

    response = client.post(
        reverse("candidates:host_call_edit", args=[call.pk]), {**data, "capacity": 12}
    )

    call.refresh_from_db()
    assert response.status_code == 302
    assert call.capacity == 12


def test_host_cancels_a_session_after_confirming(client, director, north):
    call = session(region=north, host=director)
    client.force_login(director)

    assert client.get(reverse("candidates:host_call_cancel", args=[call.pk])).status_code == 200
    call.refresh_from_db()
    assert call.status == CallStatus.SCHEDULED

    client.post(reverse("candidates:host_call_cancel", args=[call.pk]))
    call.refresh_from_db()
    assert call.status == CallStatus.CANCELLED


def test_roster_corrects_attendance_in_bulk(client, director, north):
    call = session(region=north, host=director, days=-1 / 24)
    came, missed = (
        place(call, CandidateFactory(state="NY")),
        place(call, CandidateFactory(state="NY")),
    )
    client.force_login(director)

    client.post(
        reverse("candidates:host_call_roster", args=[call.pk]),
        {"attended": [str(came.pk), "999999"]},
    )

    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attended, missed.attended) == (True, False)


def test_marking_held_moves_attendees_on(
    client, director, north, django_capture_on_commit_callbacks
):
    call = session(region=north, host=director, days=-1 / 24)
    registration = place(call, CandidateFactory(state="NY"))
    registration.attended = True
    registration.save()
    client.force_login(director)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("candidates:host_call_held", args=[call.pk]))

    call.refresh_from_db()
    registration.candidate.refresh_from_db()
    assert call.status == CallStatus.HELD
    assert registration.candidate.stage == Stage.INTRO_ATTENDED


def test_roster_csv_lists_everyone(client, director, north):
    call = session(region=north, host=director)
    person = CandidateFactory(state="NY", user__name="=Riley Park", user__email="riley@example.org")
    place(call, person)
    client.force_login(director)

    response = client.get(reverse("candidates:host_call_roster_csv", args=[call.pk]))

    lines = response.content.decode().splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0] == "name,email,status,registered,joined,attended"
    # A name that looks like a formula is kept as text.
    assert lines[1].startswith("'=Riley Park,riley@example.org,registered,")


def test_director_gets_404_for_another_regions_roster(client, director, other_director, west):
    call = session(region=west, host=other_director)
    client.force_login(director)

    assert client.get(reverse("candidates:host_call_roster", args=[call.pk])).status_code == 404


def test_people_who_host_nothing_get_403(client, mentor):
    client.force_login(mentor)

    assert client.get(reverse("candidates:host_calls")).status_code == 403


def test_staff_member_without_a_region_hosts_national_sessions(client, staff, director, north):
    call = session(region=None, host=UserFactory(roles=[Role.NATIONAL_STAFF]))
    client.force_login(staff)

    assert client.get(reverse("candidates:host_call_roster", args=[call.pk])).status_code == 200


@pytest.fixture
def national_session(staff, north, west):
    """A national session national staff host, with a North and a West candidate on it."""
    call = session(region=None, host=staff, days=-1 / 24)
    place(
        call, CandidateFactory(state="NY", user__name="Nora North", user__email="nora@example.org")
    )
    place(
        call, CandidateFactory(state="CA", user__name="Wendy West", user__email="wendy@example.org")
    )
    return call


def test_roster_csv_of_a_national_session_lists_only_the_directors_regions(
    client, other_director, national_session
):
    client.force_login(other_director)

    response = client.get(reverse("candidates:host_call_roster_csv", args=[national_session.pk]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "wendy@example.org" in body
    assert "nora@example.org" not in body


def test_roster_of_a_national_session_is_read_only_for_a_director(
    client, other_director, national_session
):
    client.force_login(other_director)

    response = client.get(reverse("candidates:host_call_roster", args=[national_session.pk]))

    page = response.content.decode()
    assert [line["name"] for line in response.context["roster"]] == ["Wendy West"]
    assert 'name="attended"' not in page
    assert reverse("candidates:host_call_held", args=[national_session.pk]) not in page


def test_host_list_offers_no_edit_link_for_a_national_session_to_a_director(
    client, director, national_session
):
    national_session.starts_at = timezone.now() + timedelta(days=2)
    national_session.save()
    client.force_login(director)

    page = client.get(reverse("candidates:host_calls")).content.decode()

    assert reverse("candidates:host_call_roster", args=[national_session.pk]) in page
    assert reverse("candidates:host_call_edit", args=[national_session.pk]) not in page


@pytest.mark.parametrize(
    "name", ["host_call_edit", "host_call_cancel", "host_call_roster", "host_call_held"]
)
def test_director_cannot_change_a_national_session(client, director, national_session, name):
    client.force_login(director)

    response = client.post(
        reverse(f"candidates:{name}", args=[national_session.pk]), {"attended": []}
    )

    national_session.refresh_from_db()
    assert response.status_code == 403
    assert national_session.status == CallStatus.SCHEDULED
    assert set(national_session.registrations.values_list("attended", flat=True)) == {None}


def test_director_hosting_a_national_session_edits_it_and_it_stays_national(client, director):
    call = session(region=None, host=director)
    client.force_login(director)
    form = client.get(reverse("candidates:host_call_edit", args=[call.pk])).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["starts_at"] = form["starts_at"].field.widget.format_value(form["starts_at"].value())

    response = client.post(
        reverse("candidates:host_call_edit", args=[call.pk]), {**data, "capacity": 12}
    )

    call.refresh_from_db()
    assert response.status_code == 302
    assert (call.region, call.capacity) == (None, 12)


def test_staff_cancel_a_national_session(client, staff, national_session):
    client.force_login(staff)

    client.post(reverse("candidates:host_call_cancel", args=[national_session.pk]))

    national_session.refresh_from_db()
    assert national_session.status == CallStatus.CANCELLED


# --- The admin ----------------------------------------------------------------------------


def test_admin_change_of_a_session_goes_through_the_service(client, director, north):
    call = session(region=north, host=director)
    local = timezone.localtime(call.starts_at)
    client.force_login(director)

    response = client.post(
        reverse("admin:candidates_introcall_change", args=[call.pk]),
        {
            "region": north.pk,
            "host": director.pk,
            "starts_at_0": f"{local:%Y-%m-%d}",
            "starts_at_1": f"{local:%H:%M:%S}",
            "duration_minutes": 45,
            "meeting_url": MEETING,
            "capacity": 12,
        },
    )

    call.refresh_from_db()
    assert response.status_code == 302
    assert (call.capacity, call.duration_minutes) == (12, 45)


# The manage link's page, signed out: the registration with its call, host and person;
# the other sessions with their seats taken (one query, a subquery per session kept);
# the session's and the messages' reads are absent for a visitor without a cookie.
@pytest.mark.parametrize("others", [1, 3])
def test_manage_link_query_count_is_the_same_at_1_and_3_other_sessions(
    client, candidate_user, director, north, django_assert_num_queries, others
):
    registration = place(session(region=north, host=director, days=1), candidate_user.candidate)
    for day in range(others):
        session(region=north, host=director, days=3 + day)

    with django_assert_num_queries(2):
        response = client.get(reverse("candidates:call_manage", args=[registration.join_token]))

    assert len(response.context["other_sessions"]) == others


@pytest.mark.parametrize(("persona_name", "status"), [("director", 404), ("staff", 200)])
def test_admin_national_session_is_staffs(client, persona, national_session, persona_name, status):
    client.force_login(persona(persona_name))

    response = client.get(reverse("admin:candidates_introcall_change", args=[national_session.pk]))

    assert response.status_code == status
