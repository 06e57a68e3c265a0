"""1:1 screening pages: the candidate's booking page, the screener's home and log form,
and who may read a log's notes."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from candidates.enums import ScreeningCallStatus, Stage
from candidates.models import Screener, ScreenerAvailability, ScreeningCall, ScreeningLog
from resources.models import Resource, SentResource
from rfs.enums import Role
from rfs.models import OutboundEmail
from tests.conftest import PERSONAS
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db

# A Monday, well before any slot: slots open 12 hours ahead.
NOW = datetime(2030, 3, 4, 12, 0, tzinfo=UTC)
NOTE = "Wants to fix the bus route on Elm Street (private-note-7391)"


def make_screener(user, *regions, status="approved") -> Screener:
    screener = Screener.objects.create(user=user, status=status, time_zone="America/New_York")
    screener.regions.add(*regions)
    return screener


def weekly(screener, weekday=2, start=time(18, 0), end=time(19, 0)) -> ScreenerAvailability:
    return ScreenerAvailability.objects.create(
        screener=screener, weekday=weekday, start_time=start, end_time=end
    )


def book(candidate, screener, starts_at=None) -> ScreeningCall:
    return ScreeningCall.objects.create(
        candidate=candidate,
        screener=screener,
        starts_at=starts_at or timezone.now() + timedelta(days=2),
    )


def log_for(call, note=NOTE) -> ScreeningLog:
    call.status = ScreeningCallStatus.LOGGED
    call.save()
    return ScreeningLog.objects.create(
        call=call,
        candidate=call.candidate,
        screener=call.screener,
        problems_to_solve=note,
        community_knowledge=3,
        relationships=2,
        campaign_understanding=2,
        values_alignment=4,
        concerns=["money"],
        next_step="build_experience",
    )


def opted_in(user):
    candidate = user.candidate
    candidate.stage = Stage.INTRO_ATTENDED
    candidate.screening_opt_in_at = timezone.now()
    candidate.save()
    return candidate


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


LOG_DATA = {
    "problems_to_solve": "Housing",
    "community_involvement": "Tenants' union",
    "concerns_notes": "Money",
    "progressive_meaning": "Everyone housed",
    "community_knowledge": "3",
    "relationships": "2",
    "campaign_understanding": "2",
    "values_alignment": "4",
    "concerns": ["money", "time"],
    "next_step": "build_experience",
}


# --- The candidate's booking page ---------------------------------------------------------


def test_booking_page_offers_opt_in_before_they_ask(client, candidate_user):
    client.force_login(candidate_user)

    response = client.get(reverse("candidates:screening"))

    assert response.templates[0].name == "candidates/screening/opt_in.html"
    assert reverse("candidates:screening_opt_in") in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_booking_page_shows_slots_grouped_by_day_in_the_viewers_zone(
    client, candidate_user, screener, north
):
    candidate_user.time_zone = "America/Chicago"
    candidate_user.save()
    opted_in(candidate_user)
    weekly(make_screener(screener, north))  # Wednesdays 6–7 pm Eastern
    client.force_login(candidate_user)

    response = client.get(reverse("candidates:screening"))

    body = response.content.decode()
    assert [day for day, _ in response.context["days"]][:2] == [
        datetime(2030, 3, 6).date(),
        datetime(2030, 3, 13).date(),
    ]
    # 6 pm Eastern is 5 pm Central.
    assert "5:00 PM" in body and "5:30 PM" in body


@time_machine.travel(NOW, tick=False)
def test_booking_a_slot_books_the_call(client, candidate_user, screener, north):
    candidate = opted_in(candidate_user)
    found = make_screener(screener, north)
    weekly(found)
    client.force_login(candidate_user)
    starts_at = datetime(2030, 3, 6, 23, 0, tzinfo=UTC)  # 6 pm Eastern

    response = client.post(
        reverse("candidates:screening_book"),
        {"screener": found.pk, "starts_at": starts_at.isoformat()},
        follow=True,
    )

    call = ScreeningCall.objects.get(candidate=candidate)
    assert (call.screener, call.starts_at, call.status) == (
        found,
        starts_at,
        ScreeningCallStatus.BOOKED,
    )
    assert response.context["call"] == call


@time_machine.travel(NOW, tick=False)
def test_booking_a_taken_slot_says_so_and_goes_back_to_the_list(
    client, candidate_user, screener, north
):
    opted_in(candidate_user)
    found = make_screener(screener, north)
    weekly(found)
    starts_at = datetime(2030, 3, 6, 23, 0, tzinfo=UTC)
    book(CandidateFactory(state="NY"), found, starts_at)
    client.force_login(candidate_user)

    response = client.post(
        reverse("candidates:screening_book"),
        {"screener": found.pk, "starts_at": starts_at.isoformat()},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("candidates:screening")
    assert response.context["call"] is None
    assert len(messages_of(response)) == 1


@time_machine.travel(NOW, tick=False)
def test_choosing_another_slot_moves_their_call(client, candidate_user, screener, north):
    candidate = opted_in(candidate_user)
    found = make_screener(screener, north)
    weekly(found)
    call = book(candidate, found, datetime(2030, 3, 6, 23, 0, tzinfo=UTC))
    later = datetime(2030, 3, 6, 23, 30, tzinfo=UTC)
    client.force_login(candidate_user)

    client.post(
        reverse("candidates:screening_book"), {"screener": found.pk, "starts_at": later.isoformat()}
    )

    open_calls = ScreeningCall.objects.filter(
        candidate=candidate, status=ScreeningCallStatus.BOOKED
    )
    assert [c.starts_at for c in open_calls] == [later]
    call.refresh_from_db()
    assert call.starts_at == later or call.status == ScreeningCallStatus.CANCELLED


@time_machine.travel(NOW, tick=False)
def test_booking_before_asking_for_a_call_says_so(client, candidate_user, screener, north):
    found = make_screener(screener, north)
    weekly(found)
    client.force_login(candidate_user)

    response = client.post(
        reverse("candidates:screening_book"),
        {"screener": found.pk, "starts_at": datetime(2030, 3, 6, 23, 0, tzinfo=UTC).isoformat()},
        follow=True,
    )

    assert not ScreeningCall.objects.exists()
    assert len(messages_of(response)) == 1


@time_machine.travel(NOW, tick=False)
def test_cancel_frees_their_call(client, candidate_user, screener, north):
    candidate = opted_in(candidate_user)
    call = book(candidate, make_screener(screener, north))
    client.force_login(candidate_user)

    client.post(reverse("candidates:screening_cancel"))

    call.refresh_from_db()
    assert call.status == ScreeningCallStatus.CANCELLED


# The candidate's user with roles, candidate with region, their open call, then the
# slots: approved screeners with users, their availability, their calls.
BOOKING_QUERIES = 6


@pytest.mark.parametrize("count", [1, 3])
@time_machine.travel(NOW, tick=False)
def test_booking_page_queries_do_not_grow_with_screeners(
    client, candidate_user, north, count, django_assert_num_queries
):
    opted_in(candidate_user)
    for _ in range(count):
        weekly(make_screener(UserFactory(roles=[Role.SCREENER]), north))
    client.force_login(candidate_user)

    with django_assert_num_queries(BOOKING_QUERIES):
        response = client.get(reverse("candidates:screening"))

    assert (
        len({slot.screener.pk for _, slots in response.context["days"] for slot in slots}) == count
    )


# --- The screener's pages -----------------------------------------------------------------


def test_screener_home_needs_a_screener_record(client, screener):
    client.force_login(screener)

    assert client.get(reverse("candidates:screener_home")).status_code == 403


def test_screener_home_says_when_waiting_for_approval(client, screener, north):
    make_screener(screener, north, status="applied")
    client.force_login(screener)

    response = client.get(reverse("candidates:screener_home"))

    assert "approve you soon" in response.content.decode()


def test_applying_creates_a_screener_record(client, mentor, north):
    client.force_login(mentor)

    response = client.post(
        reverse("candidates:screener_apply"),
        {
            "regions": [north.pk],
            "languages": ["en"],
            "weekly_capacity": "3",
            "time_zone": "America/Denver",
            "meeting_url": "meet.example.org/morgan",
        },
    )

    assert response.status_code == 302
    applied = Screener.objects.get(user=mentor)
    assert (list(applied.regions.all()), applied.time_zone, applied.status) == (
        [north],
        "America/Denver",
        "applied",
    )


def test_availability_is_added_and_removed(client, screener, north):
    found = make_screener(screener, north)
    client.force_login(screener)

    client.post(
        reverse("candidates:screener_availability_add"),
        {"weekday": "1", "start_time": "18:00", "end_time": "20:00"},
    )
    window = found.availability.get()
    client.post(reverse("candidates:screener_availability_remove", args=[window.pk]))

    assert (window.weekday, window.start_time) == (1, time(18, 0))
    assert not found.availability.exists()


def test_availability_of_another_screener_cannot_be_removed(client, screener, north):
    make_screener(screener, north)
    theirs = weekly(make_screener(UserFactory(roles=[Role.SCREENER]), north))
    client.force_login(screener)

    response = client.post(reverse("candidates:screener_availability_remove", args=[theirs.pk]))

    assert response.status_code == 404
    assert ScreenerAvailability.objects.filter(pk=theirs.pk).exists()


# User with roles, the screener, open calls with candidates, their logs with
# candidates, their availability.
SCREENER_HOME_QUERIES = 5


@pytest.mark.parametrize("count", [1, 3])
def test_screener_home_queries_do_not_grow_with_calls(
    client, screener, north, count, django_assert_num_queries
):
    found = make_screener(screener, north)
    for _ in range(count):
        book(CandidateFactory(state="NY"), found)
    client.force_login(screener)

    with django_assert_num_queries(SCREENER_HOME_QUERIES):
        response = client.get(reverse("candidates:screener_home"))

    assert len(response.context["upcoming"]) == count


def test_suggest_keeps_what_was_typed_and_ticks_suggestions(
    client, candidate_user, screener, north
):
    call = book(candidate_user.candidate, make_screener(screener, north))
    fundraising = Resource.objects.create(
        title="Fundraising 101", slug="fundraising-101", topics=["fundraising"]
    )
    Resource.objects.create(title="Debate prep", slug="debate-prep", topics=["debate_prep"])
    client.force_login(screener)

    response = client.post(
        reverse("candidates:screening_log", args=[call.pk]), {**LOG_DATA, "action": "suggest"}
    )

    form = response.context["form"]
    assert form["problems_to_solve"].value() == "Housing"
    assert form["resources"].value() == [str(fundraising.pk)]
    assert not ScreeningLog.objects.exists()


def test_save_and_send_logs_the_call_and_sends_the_ticked_resources(
    client, candidate_user, screener, north, django_capture_on_commit_callbacks
):
    candidate = opted_in(candidate_user)
    call = book(candidate, make_screener(screener, north))
    guide = Resource.objects.create(
        title="Fundraising 101", slug="fundraising-101", topics=["fundraising"]
    )
    client.force_login(screener)

    with (
        time_machine.travel(call.starts_at + timedelta(minutes=30)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            reverse("candidates:screening_log", args=[call.pk]),
            {**LOG_DATA, "resources": [guide.pk], "action": "save"},
        )

    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:screener_home")
    candidate.refresh_from_db()
    assert candidate.stage == Stage.SCREENED
    assert list(
        SentResource.objects.filter(candidate=candidate).values_list("resource", flat=True)
    ) == [guide.pk]
    assert OutboundEmail.objects.filter(purpose="screening_resources").count() == 1


def test_log_form_offers_only_resources_the_candidate_can_open(
    client, candidate_user, screener, north
):
    from resources.enums import Audience

    call = book(candidate_user.candidate, make_screener(screener, north))
    page = Resource.objects.create(
        title="Filing guide", slug="filing-guide", topics=["fundraising"]
    )
    link = Resource.objects.create(
        title="Partner video", url="https://partner.example.com/v", topics=["fundraising"]
    )
    Resource.objects.create(title="Bare title", topics=["fundraising"])
    Resource.objects.create(
        title="Perks for endorsed", slug="perks", audience=Audience.ENDORSED, topics=["fundraising"]
    )
    Resource.objects.create(
        title="Unpublished", slug="draft", published=False, topics=["fundraising"]
    )
    client.force_login(screener)

    offered = (
        client.get(reverse("candidates:screening_log", args=[call.pk]))
        .context["form"]
        .fields["resources"]
        .queryset
    )
    suggested = (
        client.post(
            reverse("candidates:screening_log", args=[call.pk]), {**LOG_DATA, "action": "suggest"}
        )
        .context["form"]["resources"]
        .value()
    )

    assert list(offered) == [page, link]
    assert sorted(suggested) == sorted([str(page.pk), str(link.pk)])


def test_sent_resources_link_to_their_page_file_or_link_in_the_email_and_on_my_journey(
    client, candidate_user, screener, north, settings, tmp_path
):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = str(tmp_path)
    candidate = opted_in(candidate_user)
    # A call that has started: a 1:1 is logged from its start.
    call = book(
        candidate, make_screener(screener, north), starts_at=timezone.now() - timedelta(minutes=10)
    )
    page = Resource.objects.create(title="Filing guide", slug="filing-guide")
    link = Resource.objects.create(title="Partner video", url="https://partner.example.com/v")
    upload = Resource.objects.create(title="Budget sheet")
    upload.file.save("budget.csv", ContentFile(b"a,b\n"), save=True)
    client.force_login(screener)
    client.post(
        reverse("candidates:screening_log", args=[call.pk]),
        {**LOG_DATA, "resources": [page.pk, link.pk, upload.pk], "action": "save"},
    )

    [email] = OutboundEmail.objects.filter(purpose="screening_resources")
    client.force_login(candidate_user)
    journey = client.get(reverse("candidates:journey")).content.decode()

    for resource, href in (
        (page, reverse("resources:resource", args=["filing-guide"])),
        (link, "https://partner.example.com/v"),
        (upload, upload.file.url),
    ):
        absolute = href if href.startswith("http") else settings.SITE_URL + href
        assert f'<a href="{absolute}">{resource.title}</a>' in email.body_html
        assert f"{resource.title}: {absolute}" in email.body_text
        assert f'<a href="{href}">{resource.title}</a>' in journey


def test_save_and_send_before_the_call_starts_keeps_the_notes_and_says_when(
    client, candidate_user, screener, north
):
    candidate = opted_in(candidate_user)
    call = book(candidate, make_screener(screener, north))
    client.force_login(screener)

    response = client.post(
        reverse("candidates:screening_log", args=[call.pk]), {**LOG_DATA, "action": "save"}
    )

    assert response.status_code == 200
    assert "hasn&#x27;t started yet" in response.content.decode()
    assert LOG_DATA["problems_to_solve"] in response.content.decode()
    candidate.refresh_from_db()
    assert (candidate.stage, ScreeningLog.objects.count()) == (Stage.INTRO_ATTENDED, 0)


def test_log_form_is_only_for_the_calls_screener(client, candidate_user, north):
    call = book(candidate_user.candidate, make_screener(UserFactory(roles=[Role.SCREENER]), north))
    other = UserFactory(roles=[Role.SCREENER])
    make_screener(other, north)
    client.force_login(other)

    assert client.get(reverse("candidates:screening_log", args=[call.pk])).status_code == 404
    assert (
        client.post(
            reverse("candidates:screening_log", args=[call.pk]), {**LOG_DATA, "action": "save"}
        ).status_code
        == 404
    )


# --- Who reads the notes ------------------------------------------------------------------

# The writing screener, the region's director and national staff; nobody else.
SEES_NOTE = {"screener", "director", "staff"}


@pytest.mark.parametrize("persona_name", [*PERSONAS, "another_screener"])
def test_a_logs_notes_reach_only_its_screener_the_regions_director_and_staff(
    client, persona, persona_name, candidate_user, screener, north
):
    writer = make_screener(screener, north)
    log = log_for(book(candidate_user.candidate, writer))
    SentResource.objects.create(
        candidate=candidate_user.candidate,
        resource=Resource.objects.create(title="Guide"),
        screening_log=log,
    )
    if persona_name == "another_screener":
        user = UserFactory(roles=[Role.SCREENER])
        make_screener(user, north)
    else:
        user = persona(persona_name)
        # Every persona exists, so the directors of both regions are there to be wrong about.
        persona("director")
        persona("other_director")
    if user is not None:
        client.force_login(user)
    urls = [
        reverse("candidates:screening"),
        reverse("candidates:screener_home"),
        reverse("candidates:screening_log", args=[log.call_id]),
        reverse("candidates:journey"),
        reverse("candidates:data_export"),
        reverse("admin:candidates_screeninglog_changelist"),
        reverse("admin:candidates_screeninglog_change", args=[log.pk]),
        reverse("admin:candidates_screeningcall_change", args=[log.call_id]),
    ]

    seen = [url for url in urls if NOTE in client.get(url).content.decode()]

    assert bool(seen) == (persona_name in SEES_NOTE), seen
