"""The library: audiences per role, search and its ranking (PostgreSQL and SQLite),
facets, bookmarks, and list pages that keep a constant number of queries."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from resources import services
from resources.enums import Audience, Format, Topic
from resources.models import Bookmark, Resource
from resources.selectors import (
    audiences_for,
    bookmarks_for,
    library_search,
    resources_visible_to,
)
from resources.selectors.library import _search_postgresql, _search_sqlite
from tests.conftest import PERSONAS, require_service
from tests.factories import CandidateFactory, UserFactory
from tests.factories.community import endorse
from tests.factories.resources import BookmarkFactory, ResourceFactory

pytestmark = pytest.mark.django_db

ALL = {Audience.PUBLIC, Audience.CANDIDATES, Audience.ENDORSED}
PUBLIC = {Audience.PUBLIC}
CANDIDATES = {Audience.PUBLIC, Audience.CANDIDATES}


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def aged(resource: Resource, days: int) -> Resource:
    """Created ``days`` ago (created_at is auto_now_add, so set it afterwards)."""
    Resource.objects.filter(pk=resource.pk).update(created_at=timezone.now() - timedelta(days=days))
    return resource


@pytest.fixture
def endorsed(north):
    return endorse(CandidateFactory(state="NY", user__email="erin@example.org"))


# --- Who reads what ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona_name", "expected"),
    [
        ("anonymous", PUBLIC),
        ("candidate_user", CANDIDATES),
        ("screener", ALL),
        ("mentor", ALL),
        ("committee_member", ALL),
        ("director", ALL),
        ("other_director", ALL),
        ("staff", ALL),
    ],
)
def test_audiences_for_each_persona(persona, persona_name, expected):
    from django.contrib.auth.models import AnonymousUser

    user = persona(persona_name) or AnonymousUser()

    assert set(audiences_for(user)) == expected


def test_audiences_for_an_endorsed_candidate_include_endorsed(endorsed):
    assert set(audiences_for(endorsed.user)) == ALL


def test_audiences_for_someone_signed_in_without_a_role_are_public():
    assert audiences_for(UserFactory()) == [Audience.PUBLIC]


def test_resources_visible_to_never_includes_unpublished(staff):
    shown = ResourceFactory(audience=Audience.PUBLIC)
    ResourceFactory(audience=Audience.PUBLIC, published=False)

    assert list(resources_visible_to(staff)) == [shown]


# The resource page for each audience and persona: a visitor is sent to sign in for
# anything not public; anyone signed in who may not read it gets 404.
AUDIENCE_PAGE = {
    Audience.PUBLIC: dict.fromkeys(PERSONAS, 200),
    Audience.CANDIDATES: {**dict.fromkeys(PERSONAS, 200), "anonymous": 302},
    Audience.ENDORSED: {**dict.fromkeys(PERSONAS, 200), "anonymous": 302, "candidate_user": 404},
}


@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize("audience", list(Audience))
def test_resource_page_answers_each_persona_by_audience(client_as, persona_name, audience):
    resource = ResourceFactory(audience=audience, title="Secret-ish guide")

    response = client_as(persona_name).get(reverse("resources:resource", args=[resource.slug]))

    assert response.status_code == AUDIENCE_PAGE[audience][persona_name]
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("account_login"))
    if response.status_code == 200:
        assert "Secret-ish guide" in response.content.decode()


def test_resource_page_for_endorsed_opens_for_an_endorsed_candidate(client, endorsed):
    resource = ResourceFactory(audience=Audience.ENDORSED)
    client.force_login(endorsed.user)

    assert client.get(reverse("resources:resource", args=[resource.slug])).status_code == 200


@pytest.mark.parametrize("persona_name", ["anonymous", "candidate_user", "staff"])
def test_unpublished_resource_page_is_404_for_everyone(client_as, persona_name):
    resource = ResourceFactory(audience=Audience.PUBLIC, published=False)

    assert (
        client_as(persona_name).get(reverse("resources:resource", args=[resource.slug])).status_code
        == 404
    )


def test_resource_page_renders_the_body_safely(client):
    resource = ResourceFactory(
        audience=Audience.PUBLIC,
        body="## Steps\n\n<script>alert(1)</script>[x](javascript:alert(2))",
    )

    page = client.get(reverse("resources:resource", args=[resource.slug])).content.decode()

    assert "<h2>Steps</h2>" in page
    assert "<script>alert(1)" not in page and "javascript:alert(2)" not in page


@pytest.mark.parametrize(
    ("persona_name", "titles"),
    [
        ("anonymous", ["Public guide"]),
        ("candidate_user", ["Candidates guide", "Public guide"]),
        ("staff", ["Candidates guide", "Endorsed guide", "Public guide"]),
    ],
)
def test_library_lists_and_counts_only_what_the_persona_may_read(client_as, persona_name, titles):
    ResourceFactory(title="Public guide", audience=Audience.PUBLIC, topics=[Topic.BUDGET])
    ResourceFactory(title="Candidates guide", audience=Audience.CANDIDATES, topics=[Topic.BUDGET])
    ResourceFactory(title="Endorsed guide", audience=Audience.ENDORSED, topics=[Topic.BUDGET])

    response = client_as(persona_name).get(reverse("resources:library"), {"q": "guide"})

    assert sorted(row["resource"].title for row in response.context["rows"]) == titles
    assert [(facet.value, facet.count) for facet in response.context["results"].topics] == [
        ("budget", len(titles))
    ]


# --- Search and ranking ------------------------------------------------------------------------


def title_and_body_pair() -> tuple[Resource, Resource]:
    """The word only in one title, and many times in another's body (the newer one)."""
    in_title = aged(
        ResourceFactory(title="Canvassing in the rain", body="Wear boots.", description=""), days=10
    )
    in_body = ResourceFactory(
        title="Weekend plans",
        description="",
        body="Canvassing tips. " + "Canvassing again and canvassing more. " * 20,
    )
    return in_title, in_body


def test_search_ranks_a_title_match_above_a_body_match(staff):
    in_title, in_body = title_and_body_pair()
    ResourceFactory(title="Unrelated", body="Nothing about it.")

    results = library_search(user=staff, q="canvassing")

    assert list(results.page) == [in_title, in_body]


def test_sqlite_path_ranks_a_title_match_first():
    """The laptop fallback (icontains, title first); its lookups run on both databases."""
    in_title, in_body = title_and_body_pair()
    described = aged(
        ResourceFactory(title="Field notes", description="On canvassing.", body=""), days=5
    )

    ranked = list(_search_sqlite(Resource.objects.all(), "canvassing"))

    assert ranked == [in_title, described, in_body]


def test_sqlite_path_needs_every_word_and_ranks_all_in_title_first():
    both = aged(ResourceFactory(title="Door knocking guide", body=""), days=3)
    one = ResourceFactory(title="Door hangers", body="After knocking, leave one.")
    ResourceFactory(title="Door hangers two", body="Leave one.")

    assert list(_search_sqlite(Resource.objects.all(), "door knocking")) == [both, one]


def test_postgresql_path_ranks_a_title_match_first_with_stemming_and_websearch():
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "full-text search runs on PostgreSQL"
    )
    in_title, in_body = title_and_body_pair()
    described = aged(
        ResourceFactory(title="Field notes", description="On canvassing.", body=""), days=5
    )
    ResourceFactory(title="Canvass budget", body="Money for canvassing.")

    ranked = list(_search_postgresql(Resource.objects.all(), "canvass -budget"))

    # "canvass" finds "canvassing" (english stemming); "-budget" leaves one out. The
    # title match comes first; then ts_rank decides (twenty body hits outweigh one in
    # the description).
    assert ranked[0] == in_title
    assert set(ranked[1:]) == {described, in_body}


def test_postgresql_search_can_use_the_gin_index():
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "the search index exists on PostgreSQL"
    )
    ResourceFactory(title="Canvassing in the rain")
    queryset = _search_postgresql(Resource.objects.all(), "canvassing").values_list("pk")

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()

    assert "resource_search_gin" in plan


def test_empty_query_lists_newest_first(staff):
    old = aged(ResourceFactory(title="Old"), days=30)
    middle = aged(ResourceFactory(title="Middle"), days=3)
    new = ResourceFactory(title="New")

    assert list(library_search(user=staff, q="  ").page) == [new, middle, old]


def test_search_pages_hold_twelve_and_keep_the_order(staff):
    for day in range(14):
        aged(ResourceFactory(title=f"Guide {day:02d}"), days=day)

    second = library_search(user=staff, page=2)

    assert [resource.title for resource in second.page] == ["Guide 12", "Guide 13"]
    assert second.total == 14


# --- Facets -------------------------------------------------------------------------------------


@pytest.fixture
def shelf(db):
    """Four public resources over two topics and two formats."""
    return {
        "budget_guide": ResourceFactory(
            audience=Audience.PUBLIC, format=Format.GUIDE, topics=[Topic.BUDGET]
        ),
        "budget_template": ResourceFactory(
            audience=Audience.PUBLIC, format=Format.TEMPLATE, topics=[Topic.BUDGET]
        ),
        "both_guide": ResourceFactory(
            audience=Audience.PUBLIC,
            format=Format.GUIDE,
            topics=[Topic.BUDGET, Topic.FUNDRAISING],
        ),
        "safety_video": ResourceFactory(
            audience=Audience.PUBLIC, format=Format.VIDEO, topics=[Topic.SAFETY]
        ),
    }


def counts(facets) -> dict[str, int]:
    return {facet.value: facet.count for facet in facets}


def test_facets_count_every_topic_and_format_of_the_matches(shelf):
    results = library_search(user=None)

    assert counts(results.topics) == {"budget": 3, "fundraising": 1, "safety": 1}
    assert counts(results.formats) == {"guide": 2, "template": 1, "video": 1}


def test_topic_filter_keeps_any_chosen_topic_and_counts_formats_within_it(shelf):
    results = library_search(user=None, topics=["fundraising", "safety"])

    assert set(results.page) == {shelf["both_guide"], shelf["safety_video"]}
    assert counts(results.formats) == {"guide": 1, "video": 1}
    # Topic counts stay over every topic (choosing one more widens the results).
    assert counts(results.topics) == {"budget": 3, "fundraising": 1, "safety": 1}
    assert [facet.value for facet in results.topics if facet.selected] == ["fundraising", "safety"]


def test_topic_and_format_filters_combine(shelf):
    results = library_search(user=None, topics=["budget"], formats=["guide"])

    assert set(results.page) == {shelf["budget_guide"], shelf["both_guide"]}
    assert results.total == 2
    assert counts(results.topics) == {"budget": 2, "fundraising": 1}
    assert counts(results.formats) == {"guide": 2, "template": 1}


def test_library_page_ignores_unknown_facet_values(client, shelf):
    response = client.get(
        reverse("resources:library"), {"topic": ["budget", "nonsense"], "format": "<script>"}
    )

    assert response.status_code == 200
    assert response.context["results"].total == 3


def test_library_page_empty_state_invites_fewer_words(client, shelf):
    response = client.get(reverse("resources:library"), {"q": "zeppelin"})

    assert "Nothing matches yet — try fewer words" in response.content.decode()


def test_library_page_shows_the_search_box_facets_and_badges(client, shelf):
    page = client.get(reverse("resources:library")).content.decode()

    assert '<label for="library-q" class="form-label">Search the library</label>' in page
    assert 'name="topic" value="budget"' in page
    assert 'Budget <span class="text-body-secondary">(3)</span>' in page
    assert '<span class="badge text-bg-primary">Video</span>' in page


def test_library_page_links_keep_the_search_and_facets(client):
    for number in range(13):
        ResourceFactory(audience=Audience.PUBLIC, title=f"Budget {number}", topics=[Topic.BUDGET])

    page = client.get(
        reverse("resources:library"), {"q": "budget", "topic": "budget"}
    ).content.decode()

    assert 'href="?q=budget&amp;topic=budget&amp;page=2"' in page


@pytest.mark.parametrize("count", [1, 3])
def test_library_page_queries_do_not_grow_for_a_candidate(
    client, candidate_user, count, django_assert_num_queries
):
    for _ in range(count):
        BookmarkFactory(
            user=candidate_user, resource=ResourceFactory(topics=[Topic.BUDGET, Topic.SAFETY])
        )
    client.force_login(candidate_user)

    # user with roles, the candidate (endorsed?); the matches' ids, formats and
    # topics; the page's rows; their bookmarks among them.
    with django_assert_num_queries(5):
        response = client.get(reverse("resources:library"), {"q": "guide", "topic": "budget"})

    assert len(response.context["rows"]) == count
    assert all(row["bookmarked"] for row in response.context["rows"])


@pytest.mark.parametrize("count", [1, 3])
def test_library_page_queries_do_not_grow_for_a_visitor(client, count, django_assert_num_queries):
    for _ in range(count):
        ResourceFactory(audience=Audience.PUBLIC)

    # the matches' ids, formats and topics; the page's rows.
    with django_assert_num_queries(2):
        response = client.get(reverse("resources:library"))

    assert len(response.context["rows"]) == count


# --- Bookmarks -----------------------------------------------------------------------------------


def test_bookmark_toggle_adds_then_removes(candidate_user):
    resource = ResourceFactory()

    assert services.bookmark_toggle(user=candidate_user, resource=resource) is True
    assert services.bookmark_toggle(user=candidate_user, resource=resource) is False
    assert services.bookmark_toggle(user=candidate_user, resource=resource) is True
    assert Bookmark.objects.filter(user=candidate_user).count() == 1


def test_bookmark_button_bookmarks_and_goes_back(client, candidate_user):
    resource = ResourceFactory()
    client.force_login(candidate_user)
    back = reverse("resources:library") + "?q=guide"

    response = client.post(reverse("resources:bookmark", args=[resource.slug]), {"next": back})

    assert response.status_code == 302 and response["Location"] == back
    assert messages_of(response) == ["Bookmarked. You'll find it under Your bookmarks."]
    assert list(Bookmark.objects.values_list("user", "resource")) == [
        (candidate_user.pk, resource.pk)
    ]


def test_bookmark_button_ignores_a_next_address_elsewhere(client, candidate_user):
    resource = ResourceFactory()
    client.force_login(candidate_user)

    response = client.post(
        reverse("resources:bookmark", args=[resource.slug]), {"next": "https://evil.example.org/"}
    )

    assert response["Location"] == reverse("resources:resource", args=[resource.slug])


def test_bookmark_button_a_second_time_removes_it(client, candidate_user):
    resource = ResourceFactory()
    BookmarkFactory(user=candidate_user, resource=resource)
    client.force_login(candidate_user)

    response = client.post(reverse("resources:bookmark", args=[resource.slug]))

    assert messages_of(response) == ["Bookmark removed."]
    assert not Bookmark.objects.exists()


def test_bookmark_of_a_resource_they_may_not_read_is_404(client, candidate_user):
    resource = ResourceFactory(audience=Audience.ENDORSED)
    client.force_login(candidate_user)

    response = client.post(reverse("resources:bookmark", args=[resource.slug]))

    assert response.status_code == 404
    assert not Bookmark.objects.exists()


def test_resource_page_shows_bookmark_then_remove(client, candidate_user):
    resource = ResourceFactory()
    client.force_login(candidate_user)
    url = reverse("resources:resource", args=[resource.slug])

    assert ">Bookmark</button>" in client.get(url).content.decode()
    BookmarkFactory(user=candidate_user, resource=resource)
    assert ">Remove bookmark</button>" in client.get(url).content.decode()


def test_bookmarks_are_their_own_and_still_readable(candidate_user, screener):
    mine = BookmarkFactory(user=candidate_user)
    BookmarkFactory(user=screener)
    BookmarkFactory(user=candidate_user, resource=ResourceFactory(published=False))
    BookmarkFactory(user=candidate_user, resource=ResourceFactory(audience=Audience.ENDORSED))

    assert list(bookmarks_for(candidate_user)) == [mine]


def test_bookmarks_page_empty_state(client, candidate_user):
    client.force_login(candidate_user)

    assert "Nothing saved yet." in client.get(reverse("resources:bookmarks")).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_bookmarks_page_queries_do_not_grow(
    client, candidate_user, count, django_assert_num_queries
):
    for _ in range(count):
        BookmarkFactory(user=candidate_user)
    client.force_login(candidate_user)

    # user with roles, the candidate (endorsed?); the count; the page's bookmarks
    # with their resources.
    with django_assert_num_queries(4):
        response = client.get(reverse("resources:bookmarks"))

    assert len(response.context["rows"]) == count
