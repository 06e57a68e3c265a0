"""The admin is the directors' workplace: each model admin keeps to the user's regions."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from candidates.models import (
    Candidate,
    Election,
    IntroCall,
    IntroCallRegistration,
    IntroCallSchedule,
    Jurisdiction,
    Office,
    Screener,
    ScreeningCall,
    ScreeningLog,
)
from endorsements.models import Application, Cycle, Endorsement
from mentorship.models import ExpertiseArea, Match, MatchRequest, Mentor, Question
from resources.models import (
    Channel,
    Course,
    DirectoryProfile,
    PartnerOrganization,
    PartnerTraining,
    Perk,
    PerkClaim,
    Resource,
    SentResource,
)
from rfs.admin import RegionScopedAdmin
from rfs.models import AuditEvent, EmailSuppression, OutboundEmail, Region, User
from tests.factories import CandidateFactory, UserFactory
from tests.factories.endorsements import ApplicationFactory
from tests.factories.mentorship import (
    MatchFactory,
    MatchRequestFactory,
    MentorFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

OWN_APPS = {"rfs", "candidates", "endorsements", "mentorship", "resources"}


def candidate_in(region: Region) -> Candidate:
    return CandidateFactory(state=region.states.order_by("state").first().state)


def intro_call_in(region: Region) -> IntroCall:
    return IntroCall.objects.create(
        region=region,
        host=UserFactory(),
        starts_at=timezone.now() + timedelta(days=3),
        meeting_url="https://meet.example.org/intro",
    )


def intro_call_schedule_in(region: Region) -> IntroCallSchedule:
    return IntroCallSchedule.objects.create(
        region=region,
        host=UserFactory(),
        weekday=1,
        local_time="19:00",
        meeting_url="https://meet.example.org/weekly",
    )


def intro_call_registration_in(region: Region) -> IntroCallRegistration:
    return IntroCallRegistration.objects.create(
        call=intro_call_in(region), candidate=candidate_in(region)
    )


def screener_in(region: Region) -> Screener:
    screener = Screener.objects.create(user=UserFactory(), status="approved")
    screener.regions.add(region)
    return screener


def screening_call_in(region: Region) -> ScreeningCall:
    return ScreeningCall.objects.create(
        candidate=candidate_in(region),
        screener=screener_in(region),
        starts_at=timezone.now() + timedelta(days=3),
    )


def screening_log_in(region: Region) -> ScreeningLog:
    call = screening_call_in(region)
    return ScreeningLog.objects.create(
        call=call,
        candidate=call.candidate,
        screener=call.screener,
        community_knowledge=2,
        relationships=2,
        campaign_understanding=2,
        values_alignment=3,
        next_step="build_experience",
    )


# Models whose rows belong to a region: how to make a row in a given region.
REGIONAL = {
    Candidate: candidate_in,
    Region: lambda region: region,
    IntroCallSchedule: intro_call_schedule_in,
    IntroCall: intro_call_in,
    IntroCallRegistration: intro_call_registration_in,
    Screener: screener_in,
    ScreeningCall: screening_call_in,
    ScreeningLog: screening_log_in,
    Mentor: lambda region: MentorFactory(region=region),
    Question: lambda region: QuestionFactory(candidate=candidate_in(region)),
    MatchRequest: lambda region: MatchRequestFactory(candidate=candidate_in(region)),
    Match: lambda region: MatchFactory(candidate=candidate_in(region)),
    Application: lambda region: ApplicationFactory(candidate=candidate_in(region), submitted=True),
}
# Models only national staff may open in the admin.
STAFF_ONLY = {
    User,
    OutboundEmail,
    EmailSuppression,
    AuditEvent,
    Jurisdiction,
    Office,
    Election,
    Resource,
    SentResource,
    ExpertiseArea,
    Cycle,
    Endorsement,
    Channel,
    Course,
    DirectoryProfile,
    PartnerTraining,
    Perk,
    PerkClaim,
}
# The public directory of partner organisations every director sees (tests/endorsements/test_admin.py).
SHARED = {PartnerOrganization}


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_every_own_model_admin_is_region_scoped_and_in_a_table():
    own = {
        model: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OWN_APPS
    }

    assert set(own) == set(REGIONAL) | STAFF_ONLY | SHARED
    assert all(isinstance(model_admin, RegionScopedAdmin) for model_admin in own.values())


@pytest.mark.parametrize("model", REGIONAL, ids=lambda m: m.__name__)
def test_director_lists_only_their_regions_rows(client, director, north, west, model):
    mine, theirs = REGIONAL[model](north), REGIONAL[model](west)
    client.force_login(director)

    response = client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [mine]
    assert theirs not in response.context["cl"].result_list


@pytest.mark.parametrize("model", REGIONAL, ids=lambda m: m.__name__)
def test_director_gets_404_outside_their_regions(client, director, north, west, model):
    mine, theirs = REGIONAL[model](north), REGIONAL[model](west)
    client.force_login(director)

    assert client.get(admin_url(model, "change", mine.pk)).status_code == 200
    assert client.get(admin_url(model, "change", theirs.pk)).status_code == 404
    assert client.get(admin_url(model, "history", theirs.pk)).status_code == 404


@pytest.mark.parametrize("model", REGIONAL, ids=lambda m: m.__name__)
def test_staff_see_every_region(client, staff, north, west, model):
    rows = {REGIONAL[model](north), REGIONAL[model](west)}
    client.force_login(staff)

    response = client.get(admin_url(model, "changelist"))

    assert set(response.context["cl"].result_list) == rows


@pytest.mark.parametrize("model", STAFF_ONLY, ids=lambda m: m.__name__)
def test_staff_only_admins_refuse_directors(client, director, staff, model):
    client.force_login(director)
    assert client.get(admin_url(model, "changelist")).status_code == 403

    client.force_login(staff)
    assert client.get(admin_url(model, "changelist")).status_code == 200


def test_director_cannot_open_someone_elses_person_page(client, director, candidate_user):
    client.force_login(director)

    # The same answer as for a person who does not exist.
    assert client.get(admin_url(User, "change", candidate_user.pk)).status_code == 404


@pytest.mark.parametrize(
    "persona_name", ["candidate_user", "screener", "mentor", "committee_member"]
)
def test_people_without_an_admin_role_are_sent_to_sign_in(client, persona, persona_name):
    client.force_login(persona(persona_name))

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(admin_url(Candidate, "changelist"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_director_sees_their_regions_on_the_admin_index(client, director):
    client.force_login(director)

    response = client.get(reverse("admin:index"))

    body = response.content.decode()
    assert admin_url(Candidate, "changelist") in body
    assert admin_url(Region, "changelist") in body
    assert admin_url(User, "changelist") not in body


def test_region_form_refuses_a_state_another_region_has(client, staff, north, west):
    client.force_login(staff)

    response = client.post(
        admin_url(Region, "change", west.pk), {"name": "West", "member_states": ["CA", "NY"]}
    )

    assert response.status_code == 200
    assert "Already taken: NY (North)" in response.content.decode()
    assert set(west.states.values_list("state", flat=True)) == {"CA", "OR"}


def test_region_form_saves_states(client, staff, west):
    client.force_login(staff)

    response = client.post(
        admin_url(Region, "change", west.pk), {"name": "West", "member_states": ["CA", "WA"]}
    )

    assert response.status_code == 302
    assert set(west.states.values_list("state", flat=True)) == {"CA", "WA"}


# --- Query counts: lists cost the same at 1 and 3 rows ------------------------------------


def make_candidates(region: Region, count: int) -> None:
    for _ in range(count):
        candidate_in(region)


@pytest.mark.parametrize("count", [1, 3])
def test_candidate_changelist_queries_do_not_grow(
    client, director, north, count, django_assert_num_queries
):
    make_candidates(north, count)
    client.force_login(director)

    # user with roles, the two-factor check, Django's two permission
    # lookups, the director's regions (region filter), the campaign sources (source
    # filter), the count, and the page of candidates with person and region joined.
    with django_assert_num_queries(CANDIDATE_CHANGELIST_QUERIES):
        response = client.get(admin_url(Candidate, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_region_changelist_queries_do_not_grow(client, staff, count, django_assert_num_queries):
    for n in range(count):
        region = Region.objects.create(name=f"R{n}")
        region.directors.add(staff)

    client.force_login(staff)

    with django_assert_num_queries(REGION_CHANGELIST_QUERIES):
        response = client.get(admin_url(Region, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_people_changelist_queries_do_not_grow(client, staff, count, django_assert_num_queries):
    # The staff member is one of the people listed.
    from tests.factories import UserFactory

    for _ in range(count - 1):
        UserFactory(roles=["mentor"])
    client.force_login(staff)

    with django_assert_num_queries(PEOPLE_CHANGELIST_QUERIES):
        response = client.get(admin_url(User, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_outbox_changelist_queries_do_not_grow(client, staff, count, django_assert_num_queries):
    from rfs.emails import RenderedEmail
    from rfs.services import email_queue

    for n in range(count):
        email_queue(
            purpose="test",
            to_email=f"p{n}@example.org",
            recipient=staff,
            content=RenderedEmail("s", "t", ""),
        )
    client.force_login(staff)

    with django_assert_num_queries(OUTBOX_CHANGELIST_QUERIES):
        response = client.get(admin_url(OutboundEmail, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize(
    "model", [IntroCallSchedule, IntroCall, IntroCallRegistration], ids=lambda m: m.__name__
)
@pytest.mark.parametrize("count", [1, 3])
def test_intro_call_changelists_queries_do_not_grow(
    client, director, north, model, count, django_assert_num_queries
):
    for _ in range(count):
        REGIONAL[model](north)
    client.force_login(director)

    with django_assert_num_queries(INTRO_CALL_CHANGELIST_QUERIES):
        response = client.get(admin_url(model, "changelist"))

    assert len(response.context["cl"].result_list) == count


# Each: user with roles, two-factor check, Django's two permission lookups, then the
# list's own queries (above for candidates; regions: count, page, states and directors
# prefetched, filter; people: count, page, groups prefetched, group filter; outbox:
# count, page with recipient joined, purpose filter; intro call schedules, sessions and
# registrations: count, page with region and host (or candidate and call) joined, the
# director's regions for the region filter).
CANDIDATE_CHANGELIST_QUERIES = 8
REGION_CHANGELIST_QUERIES = 9
PEOPLE_CHANGELIST_QUERIES = 8
OUTBOX_CHANGELIST_QUERIES = 7
INTRO_CALL_CHANGELIST_QUERIES = 7
