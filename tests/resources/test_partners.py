"""The public partner organisations page: search by state and by who they support."""

import pytest
from django.urls import reverse

from resources.models import PartnerOrganization
from resources.selectors import partners_search
from tests.factories.endorsements import PartnerOrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    """Only these groups are listed (the seeded national ones are set aside)."""
    PartnerOrganization.objects.update(active=False)
    return {
        "national": PartnerOrganizationFactory(name="National Trainers", focus=["training"]),
        "women": PartnerOrganizationFactory(name="Women Lead", focus=["women"]),
        "ny": PartnerOrganizationFactory(
            name="Empire Progressives",
            scope="state",
            states=["NY"],
            focus=["state_local", "training"],
        ),
        "albany": PartnerOrganizationFactory(
            name="Albany Runs", scope="local", states=["NY"], focus=["young"]
        ),
        "ca": PartnerOrganizationFactory(
            name="Golden State Leaders", scope="state", states=["CA"], focus=["state_local"]
        ),
    }


def listed(client, **query) -> list[str]:
    response = client.get(reverse("resources:partners"), query)
    return [row["partner"].name for row in response.context["rows"]]


def test_partners_page_lists_every_active_organisation_by_name(client, directory):
    PartnerOrganizationFactory(name="Closed Down", active=False)

    assert listed(client) == [
        "Albany Runs",
        "Empire Progressives",
        "Golden State Leaders",
        "National Trainers",
        "Women Lead",
    ]


def test_partners_by_state_lists_its_own_groups_first_then_national_ones(client, directory):
    assert listed(client, state="NY") == [
        "Albany Runs",
        "Empire Progressives",
        "National Trainers",
        "Women Lead",
    ]
    assert listed(client, state="CA") == ["Golden State Leaders", "National Trainers", "Women Lead"]
    assert listed(client, state="TX") == ["National Trainers", "Women Lead"]


def test_partners_by_focus(client, directory):
    assert listed(client, focus="training") == ["Empire Progressives", "National Trainers"]
    assert listed(client, focus="state_local", state="CA") == ["Golden State Leaders"]


def test_partners_with_an_unknown_filter_shows_the_error_and_every_group(client, directory):
    response = client.get(reverse("resources:partners"), {"state": "ZZ"})

    assert len(response.context["rows"]) == 5
    assert response.context["form"].errors["state"]


def test_partners_page_shows_each_group_with_a_safe_link(client, directory):
    PartnerOrganization.objects.filter(pk=directory["ny"].pk).update(
        description="Meets monthly in Albany."
    )

    page = client.get(
        reverse("resources:partners"), {"state": "NY", "focus": "training"}
    ).content.decode()

    assert '<a href="https://partner.example.org/" rel="noopener">Empire Progressives</a>' in page
    assert "Trains first-time candidates." in page
    assert "Meets monthly in Albany." in page
    assert "State · NY" in page
    assert "2 organizations found" in page


def test_partners_without_a_match_shows_the_empty_state(client, directory):
    page = client.get(
        reverse("resources:partners"), {"state": "TX", "focus": "veterans"}
    ).content.decode()

    assert "No organization matches in Texas yet." in page
    assert reverse("resources:partners") + '"' in page


def test_partners_page_is_paginated_and_keeps_the_filters(client, directory):
    # With the two training groups already listed: 21, one more than a page.
    for number in range(19):
        PartnerOrganizationFactory(name=f"Trainer {number:02d}", focus=["training"])

    first = client.get(reverse("resources:partners"), {"focus": "training"})
    second = client.get(reverse("resources:partners"), {"focus": "training", "page": 2})

    assert len(first.context["rows"]) == 20
    assert [row["partner"].name for row in second.context["rows"]] == ["Trainer 18"]
    assert "?focus=training&amp;page=2" in first.content.decode()


def test_partners_search_includes_the_seeded_national_groups(db):
    names = [partner.name for partner in partners_search(state="MN", focus="veterans")]

    assert names == ["Veterans Campaign"]


@pytest.mark.parametrize("count", [1, 3])
def test_partners_page_queries_do_not_grow(client, count, django_assert_num_queries):
    PartnerOrganization.objects.update(active=False)
    for number in range(count):
        PartnerOrganizationFactory(name=f"Group {number}", scope="state", states=["NY"])

    # The listed organisations: one query for a visitor (no session, no navigation roles).
    with django_assert_num_queries(1):
        response = client.get(reverse("resources:partners"), {"state": "NY"})

    assert len(response.context["rows"]) == count
