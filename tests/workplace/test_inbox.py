"""The workplace inbox: what needs a person now, from every app, scoped by role and
region, with one action each; its count in the navigation comes from the cache."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from endorsements.models import DirectorRecommendation
from rfs.enums import Role
from tests.factories import UserFactory
from tests.workplace.helpers import fill_inbox
from workplace.selectors import inbox_count_cached, inbox_for

pytestmark = pytest.mark.django_db

ALL_KINDS = {
    "recommend",
    "question",
    "mentor",
    "screener",
    "stuck",
    "intro_held",
    "screening_unlogged",
}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def kinds(user) -> dict[str, int]:
    return {group.kind: len(group.items) for group in inbox_for(user)}


def test_a_director_sees_each_kind_of_their_regions_and_none_of_another(
    director, other_director, north, west
):
    fill_inbox(north, "NY", host=director)
    fill_inbox(west, "CA", host=other_director)

    assert kinds(director) == dict.fromkeys(ALL_KINDS, 1)
    assert kinds(other_director) == dict.fromkeys(ALL_KINDS, 1)


def test_staff_see_every_regions_but_are_not_asked_to_recommend(staff, director, north, west):
    fill_inbox(north, "NY", host=director)
    fill_inbox(west, "CA", host=director)

    found = kinds(staff)

    assert "recommend" not in found
    assert found == dict.fromkeys(ALL_KINDS - {"recommend"}, 2)


def test_a_committee_member_is_asked_to_vote_once_recommended(committee_member, director, north):
    application = fill_inbox(north, "NY", host=director)["application"]
    assert kinds(committee_member) == {}

    DirectorRecommendation.objects.create(
        application=application, recommendation="endorse", text="Yes"
    )

    assert kinds(committee_member) == {"vote": 1}
    assert kinds(director).get("recommend") is None


def test_each_item_has_one_action_to_the_page_that_deals_with_it(director, north):
    made = fill_inbox(north, "NY", host=director)
    items = {group.kind: group.items[0] for group in inbox_for(director)}

    assert items["recommend"].url == reverse("endorsements:review", args=[made["application"].pk])
    assert items["question"].url == reverse("mentorship:question", args=[made["question"].pk])
    assert items["stuck"].candidate_id == made["stuck"].pk
    assert items["screening_unlogged"].url == reverse(
        "admin:candidates_screeningcall_change", args=[made["call"].pk]
    )


def test_volunteers_and_candidates_have_no_inbox(client, screener, mentor, candidate_user):
    for user in (screener, mentor, candidate_user):
        client.force_login(user)
        assert client.get(reverse("workplace:inbox")).status_code == 403


@pytest.mark.parametrize("items", [1, 3])
def test_the_inbox_reads_a_fixed_number_of_queries(
    client, director, north, items, django_assert_num_queries
):
    for _ in range(items):
        fill_inbox(north, "NY", host=director)
    client.force_login(director)

    # Session, person, roles, second factor; one query per kind (seven).
    with django_assert_num_queries(9):
        response = client.get(reverse("workplace:inbox"))

    assert response.status_code == 200
    assert response.content.decode().count("btn btn-sm btn-primary") == 7 * items


def test_the_navigation_count_comes_from_the_cache_and_adds_no_query(client, director, north):
    fill_inbox(north, "NY", host=director)
    client.force_login(director)
    cache.clear()
    with CaptureQueriesContext(connection) as without_count:
        response = client.get(reverse("home"))
    assert 'data-testid="nav-inbox"' in response.content.decode()
    assert ">7</span>" not in response.content.decode()

    client.get(reverse("workplace:inbox"))
    assert inbox_count_cached(director) == 7
    with CaptureQueriesContext(connection) as with_count:
        response = client.get(reverse("home"))

    assert ">7</span>" in response.content.decode()
    assert len(with_count) == len(without_count)


def test_a_change_behind_an_item_drops_the_kept_count(client, director, north):
    application = fill_inbox(north, "NY", host=director)["application"]
    client.force_login(director)
    client.get(reverse("workplace:inbox"))

    DirectorRecommendation.objects.create(
        application=application, recommendation="endorse", text="Yes"
    )

    assert inbox_count_cached(director) is None
    client.get(reverse("workplace:inbox"))
    assert inbox_count_cached(director) == 6


def test_the_count_is_kept_at_sign_in(director, north, client):
    fill_inbox(north, "NY", host=director)
    UserFactory(roles=[Role.NATIONAL_STAFF])

    client.force_login(director)

    assert inbox_count_cached(director) == 7


@pytest.mark.parametrize("items", [1, 3])
def test_staff_and_committee_inboxes_read_a_fixed_number_of_queries(
    client, staff, committee_member, director, north, items
):
    for _ in range(items):
        application = fill_inbox(north, "NY", host=director)["application"]
        DirectorRecommendation.objects.create(
            application=application, recommendation="endorse", text="Yes"
        )
    counts = {}
    for user in (staff, committee_member):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("workplace:inbox"))
        assert response.status_code == 200
        counts[user.email] = len(queries)

    # Session, person, roles, second factor; then staff one query per kind (six: they
    # aren't asked to recommend), a committee member the votes and the calls they host.
    assert counts == {staff.email: 8, committee_member.email: 4}


@pytest.mark.parametrize("persona_name", ["director", "staff"])
def test_every_items_action_opens_for_the_person_it_is_for(
    client, persona, persona_name, director, north
):
    fill_inbox(north, "NY", host=director)
    user = persona(persona_name)
    client.force_login(user)

    items = [item for group in inbox_for(user) for item in group.items]

    assert len(items) == (7 if persona_name == "director" else 6)
    for item in items:
        assert client.get(item.url).status_code == 200, item.kind
