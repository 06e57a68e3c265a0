"""The candidates list's rows (candidates/admin/people/rows.py) are Django's, cell for cell."""

from datetime import UTC, datetime

import pytest
from django.contrib.admin.templatetags.admin_list import results
from django.urls import reverse
from django.utils import translation

from candidates.admin.people.rows import candidate_rows
from candidates.enums import Stage
from candidates.models import Candidate
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:candidates_candidate_changelist")


def draw_both(client, query: str, language: str) -> tuple[list[list[str]], list[list[str]]]:
    response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    cl = response.context["cl"]
    with translation.override(language):
        return [list(row) for row in candidate_rows(cl)], [list(row) for row in results(cl)]


@pytest.fixture
def people(north):
    made = [
        CandidateFactory(
            state="NY", user__name='<b>O\'Neil & "Co"</b>', user__email="o@example.org"
        ),
        CandidateFactory(state="MA", user__name="", user__email="no.name@example.org"),
        CandidateFactory(state="NY", user__name="   ", user__email="spaces@example.org"),
        CandidateFactory(state="NY", user__name="Ana Lee", activity="paused"),
        # No region holds Texas: national staff see the row with an empty region.
        CandidateFactory(state="TX", user__name="Tex Lee"),
    ]
    Candidate.objects.filter(pk=made[3].pk).update(stage=Stage.SCREENED)
    return made


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "?o=-7",
        "?q=lee&o=2.-7&stage__exact=screened",
        "?q=%22O%27Neil+%26%22&activity__exact=active",
    ],
)
def test_rows_are_drawn_as_django_draws_them(client, staff, director, people, query, language):
    for person in (staff, director):
        client.force_login(person)

        ours, djangos = draw_both(client, query, language)

        assert ours == djangos


def test_the_rows_cover_every_kind_of_cell(client, staff, people):
    client.force_login(staff)

    ours, djangos = draw_both(client, "?o=1", "en")

    assert ours == djangos and len(ours) == len(people)
    cells = [cell for row in ours for cell in row]
    assert '<td class="field-region nowrap">-</td>' in cells  # Texas, no region
    assert any(">—</a></th>" in cell for cell in cells)  # no name
    assert any("&lt;b&gt;O&#x27;Neil &amp; &quot;Co&quot;&lt;/b&gt;" in cell for cell in cells)
    assert any("_changelist_filters=o%3D1" in cell for cell in cells)


def test_a_list_the_rows_were_not_written_for_is_drawn_by_django(client, staff, people):
    client.force_login(staff)

    ours, djangos = draw_both(client, "?_popup=1&_to_field=id", "en")

    assert ours == djangos
    assert any("data-popup-opener" in cell for row in ours for cell in row)


# --- A searched list's pages (candidates/admin/people/paging.py) ---------------------------


@pytest.fixture
def five_lees(north, monkeypatch):
    from candidates.admin.people import CandidateAdmin

    monkeypatch.setattr(CandidateAdmin, "list_per_page", 2)
    made = [CandidateFactory(state="NY", user__name=f"{first} Lee") for first in "ECADB"]
    CandidateFactory(state="NY", user__name="Someone Else")
    for days, person in enumerate(made):
        Candidate.objects.filter(pk=person.pk).update(
            stage_changed_at=datetime(2026, 3, 1 + days % 3, tzinfo=UTC)  # ties: the pk decides
        )
    return made


@pytest.mark.parametrize("order", ["-7", "7", "1", "-2.1"])
def test_a_searched_list_is_counted_and_paged_as_its_order_says(
    client, director, five_lees, order, django_assert_num_queries
):
    client.force_login(director)
    expected = list(
        Candidate.objects.filter(user__name__endswith=" Lee").order_by(*ORDERS[order], "-pk")
    )

    pages = []
    for number in (1, 2, 3):
        # The source filter's list is read on the first view only (kept until a refresh).
        with django_assert_num_queries(8 if number == 1 else 7):
            response = client.get(CHANGELIST + f"?q=lee&o={order}&p={number}")
        assert response.context["cl"].result_count == 5
        pages.append(list(response.context["cl"].result_list))

    assert pages == [expected[0:2], expected[2:4], expected[4:5]]


def test_a_page_past_a_searchs_matches_is_not_an_error(client, director, five_lees):
    client.force_login(director)

    response = client.get(CHANGELIST + "?q=lee&p=9")

    assert response.status_code in (200, 302)


ORDERS = {
    "-7": ["-stage_changed_at"],
    "7": ["stage_changed_at"],
    "1": ["user__name"],
    "-2.1": ["-user__email", "user__name"],
}
