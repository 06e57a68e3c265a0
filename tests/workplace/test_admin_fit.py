"""The admin at desk width: the candidate list's filters are the director's own places,
with no stray entries; the navigation groups its links so it fits at 1024 px."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:candidates_candidate_changelist")


def test_a_director_is_offered_only_their_states_and_regions_and_no_bare_dash(
    client, director, north, west
):
    client.force_login(director)

    body = client.get(CHANGELIST).content.decode()

    assert "?state=NY" in body and "?state=MA" in body
    assert "?state=CA" not in body and "?state=TX" not in body
    assert f"region__id__exact={north.pk}" in body
    assert f"region__id__exact={west.pk}" not in body
    assert "region__isnull" not in body


def test_national_staff_are_offered_every_state_and_candidates_without_a_region(
    client, staff, north, west
):
    client.force_login(staff)

    body = client.get(CHANGELIST).content.decode()

    assert "?state=TX" in body
    assert "region__isnull=True" in body
    assert "No region" in body


def test_the_admin_has_no_second_sidebar_and_the_list_its_desk_width_styles(client, director):
    client.force_login(director)

    body = client.get(CHANGELIST).content.decode()

    assert 'id="nav-sidebar"' not in body
    assert "css/admin-candidates.css" in body


@pytest.mark.parametrize("persona_name", ["candidate_user", "director", "staff", "screener"])
def test_the_top_menu_shows_at_most_six_links_and_groups_the_rest(client, persona, persona_name):
    client.force_login(persona(persona_name))

    body = client.get(reverse("home"), follow=True).content.decode()
    nav = body.split('id="main-nav"', 1)[1].split("</nav>", 1)[0]

    assert nav.count('class="nav-link') <= 6
    assert "dropdown-menu" in nav
    assert reverse("mfa_index") in nav


def test_the_admin_home_leads_with_the_inbox(client, director, north):
    from tests.workplace.helpers import fill_inbox

    fill_inbox(north, "NY", host=director)
    client.force_login(director)  # signing in keeps the count

    body = client.get(reverse("admin:index")).content.decode()

    assert 'id="inbox-summary"' in body
    assert "7 things in your inbox" in body
    assert body.index("inbox-summary") < body.index("dashboard-summary")
