"""The candidates admin: filters, search, the stage action, CSV, history; never demographics.

Basic region scoping (list and 404) is covered for every model in tests/rfs/test_admin.py.
"""

import csv
import io
from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from candidates.enums import ChangeKind, HeardFrom, Stage
from candidates.models import Candidate, Demographics, OfficeInterest, StageChange
from insights.analytics.refresh import analytics_refresh
from rfs import registry
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:candidates_candidate_changelist")
EXPORT = reverse("admin:candidates_candidate_export")

DEMOGRAPHIC_VALUE = "zq-self-described-gender"


def change_url(candidate: Candidate) -> str:
    return reverse("admin:candidates_candidate_change", args=[candidate.pk])


def candidate(state: str = "NY", *, stage: str = Stage.SIGNED_UP, **fields) -> Candidate:
    made = CandidateFactory(state=state, **fields)
    if stage != Stage.SIGNED_UP:
        Candidate.objects.filter(pk=made.pk).update(stage=stage)
        made.refresh_from_db()
    return made


def listed(client, query: str = "") -> set[Candidate]:
    response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def csv_rows(response) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(body[1:])))


def move(client, candidates, **data):
    """Post the move action's confirmation form for these candidates."""
    return client.post(
        CHANGELIST,
        {
            "action": "move_stage",
            "_selected_action": [c.pk for c in candidates],
            "apply": "1",
            **data,
        },
        follow=True,
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- The list -----------------------------------------------------------------------------


def test_changelist_shows_the_working_columns(client, director, north):
    casey = candidate(
        user__name="Casey Rivera", user__email="casey@example.org", stage=Stage.SCREENED
    )
    client.force_login(director)

    body = client.get(CHANGELIST).content.decode()

    for text in [
        "Casey Rivera",
        "casey@example.org",
        "North",
        "Screened",
        "Active",
        "Stage changed",
        "Signed up",
    ]:
        assert text in body
    assert change_url(casey) in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?stage__exact=screened", {"screened"}),
        ("?activity__exact=paused", {"paused"}),
        ("?state__exact=MA", {"ma"}),
    ],
)
def test_field_filters(client, director, north, query, expected):
    rows = {
        "screened": candidate(stage=Stage.SCREENED),
        "paused": candidate(activity="paused"),
        "ma": candidate("MA"),
    }
    client.force_login(director)

    assert listed(client, query) == {rows[name] for name in expected}


def test_region_filter_offers_and_filters_regions(client, staff, north, west):
    mine, theirs = candidate("NY"), candidate("CA")
    client.force_login(staff)

    assert listed(client, f"?region__id__exact={west.pk}") == {theirs}
    assert listed(client, f"?region__id__exact={north.pk}") == {mine}


def test_region_filter_offers_a_director_only_their_regions(client, director, north, west):
    client.force_login(director)

    response = client.get(CHANGELIST)

    body = response.content.decode()
    assert f"region__id__exact={north.pk}" in body
    assert f"region__id__exact={west.pk}" not in body


def test_office_level_filter_lists_each_candidate_once(client, director, north):
    curious, other = candidate(), candidate()
    OfficeInterest.objects.create(candidate=curious, label="County clerk", level="county")
    OfficeInterest.objects.create(candidate=curious, label="County executive", level="county")
    OfficeInterest.objects.create(candidate=other, label="School board", level="school_board")
    client.force_login(director)

    response = client.get(CHANGELIST + "?interest_level=county")

    assert list(response.context["cl"].result_list) == [curious]
    assert listed(client, "?interest_level=school_board") == {other}


def test_signup_month_filter_uses_the_viewers_month(client, director, north):
    october, november = candidate(), candidate()
    # 02:00 UTC on November 1st is still October 31st in New York (the director's zone).
    Candidate.objects.filter(pk=october.pk).update(
        created_at=datetime(2026, 11, 1, 2, 0, tzinfo=UTC)
    )
    Candidate.objects.filter(pk=november.pk).update(
        created_at=datetime(2026, 11, 1, 5, 0, tzinfo=UTC)
    )
    client.force_login(director)

    with time_machine.travel(datetime(2026, 11, 26, 17, 0, tzinfo=UTC)):
        body = client.get(CHANGELIST).content.decode()
        assert "signed_up=2026-11" in body
        assert "signed_up=2025-12" in body
        assert "signed_up=2025-11" not in body  # twelve months, this one included
        assert listed(client, "?signed_up=2026-10") == {october}
        assert listed(client, "?signed_up=2026-11") == {november}


def test_a_malformed_filter_value_is_an_error_not_a_crash(client, director, north):
    client.force_login(director)

    response = client.get(CHANGELIST + "?signed_up=last-week")

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_source_filter_offers_a_source_once_the_cells_are_refreshed(client, director, north, west):
    instagram = candidate(utm_source="instagram")
    candidate(utm_source="podcast")
    candidate("CA", utm_source="west-coast-radio")
    client.force_login(director)
    before = client.get(CHANGELIST).content.decode()

    analytics_refresh()
    after = client.get(CHANGELIST).content.decode()

    assert "source=instagram" not in before
    assert "source=instagram" in after
    assert "source=podcast" in after
    assert "west-coast-radio" not in after
    assert listed(client, "?source=instagram") == {instagram}


def test_source_filter_reads_the_cells_once_per_refresh(
    client, director, north, django_assert_num_queries
):
    candidate(utm_source="instagram")
    analytics_refresh()
    sources = registry.candidate_sources.provider

    assert sources(director, limit=50) == ["instagram"]
    with django_assert_num_queries(0):
        assert sources(director, limit=50) == ["instagram"]

    # The next refresh's cells are read again, new source and all.
    candidate(utm_source="podcast")
    analytics_refresh()
    with django_assert_num_queries(1):  # the cells of the director's regions
        assert sources(director, limit=50) == ["instagram", "podcast"]


def test_source_filter_counts_what_people_told_us_as_the_dashboard_does(client, director, north):
    told_us = candidate(heard_from=HeardFrom.FRIEND)
    candidate(
        utm_source="podcast", heard_from=HeardFrom.FRIEND
    )  # the dashboard counts it under podcast
    client.force_login(director)
    analytics_refresh()

    body = client.get(CHANGELIST).content.decode()

    assert "source=friend" in body
    assert "A friend or family member" in body
    assert listed(client, "?source=friend") == {told_us}


def test_source_filter_offers_staff_the_sources_of_candidates_outside_any_region(
    client, staff, north
):
    outside = candidate("TX", utm_source="texas-radio")
    client.force_login(staff)
    analytics_refresh()

    assert "source=texas-radio" in client.get(CHANGELIST).content.decode()
    assert listed(client, "?source=texas-radio") == {outside}


# --- Search -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "(651) 555-0123",
        "651-555-0123",
        "651.555.0123",
        "+1 651 555 0123",
        "6515550123",
        "555-0123",
    ],
)
def test_search_finds_a_phone_typed_any_way(client, director, north, typed):
    found = candidate(phone="+16515550123")
    candidate(phone="+16515559999")
    client.force_login(director)

    assert listed(client, "?" + f"q={typed}".replace("+", "%2B").replace(" ", "+")) == {found}


def test_search_by_zip_name_and_email(client, director, north):
    casey = candidate(zip_code="10027", user__name="Casey Rivera", user__email="casey@example.org")
    other = candidate(zip_code="02139", user__name="Robin Park", user__email="robin@example.org")
    client.force_login(director)

    assert listed(client, "?q=10027") == {casey}
    assert listed(client, "?q=Rivera") == {casey}
    assert listed(client, "?q=robin%40example") == {other}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("casey rivera", True),  # every word, in any field, any case
        ("Rivera Casey", True),
        ("%22Casey+Rivera%22", True),  # a quoted phrase is one word
        ("Casey+Park", False),
        ("1002", True),  # the start of a ZIP code
        ("0027", False),  # not its middle
        ("casey%40example.org", True),
        ("Rivera+10027", True),
    ],
)
def test_search_words_must_all_match(client, director, north, typed, found):
    casey = candidate(zip_code="10027", user__name="Casey Rivera", user__email="casey@example.org")
    candidate(zip_code="02139", user__name="Robin Park", user__email="robin@example.org")
    client.force_login(director)

    assert listed(client, f"?q={typed.replace(' ', '+')}") == ({casey} if found else set())


@pytest.mark.parametrize(
    "typed", ["Casey", "Rivera", "casey%40example", "(651)+555-0123", "16515550123", "10027"]
)
def test_search_stays_in_the_directors_regions(client, director, north, west, typed):
    """The same person in another region is never found, by any field."""
    fields = {"zip_code": "10027", "phone": "+16515550123", "user__name": "Casey Rivera"}
    mine = candidate(user__email="casey@example.org", **fields)
    candidate("CA", user__email="casey@example.com", **fields)
    client.force_login(director)

    assert listed(client, f"?q={typed}") == {mine}


def test_search_finds_nobody_outside_the_directors_regions(client, director, north, west):
    candidate("CA", phone="+14155550123")
    client.force_login(director)

    assert listed(client, "?q=(415)+555-0123") == set()


# The search matches the candidate's own copy of the name and email (search_text), so
# every way a name or an email changes must reach it.


def test_a_new_signup_is_found_by_name_and_email(client, director, north, staff):
    from tests.conftest import signup_data

    client.post(
        reverse("account_signup"), signup_data(name="Jordan Okafor", email="jordan.o@example.org")
    )
    signed_up = Candidate.objects.get(user__email="jordan.o@example.org")
    client.force_login(director)

    assert listed(client, "?q=okafor") == {signed_up}
    assert listed(client, "?q=jordan.o%40example") == {signed_up}


def test_a_name_changed_in_the_people_admin_is_searched_by_its_new_spelling(
    client, director, north, staff
):
    casey = candidate(user__name="Casey Rivera", user__email="casey@example.org")
    client.force_login(staff)

    client.post(
        reverse("admin:rfs_user_change", args=[casey.user.pk]),
        {
            "name": "Casey Rivera-Lopez",
            "time_zone": "America/New_York",
            "is_active": "on",
            "roles": ["candidate"],
        },
    )

    client.force_login(director)
    assert listed(client, "?q=rivera-lopez") == {casey}
    assert listed(client, "?q=casey%40example") == {casey}


def test_an_email_changed_by_the_candidate_is_searched_by_the_new_address(client, director, north):
    from allauth.account.models import EmailAddress

    casey = candidate(user__name="Casey Rivera", user__email="casey@example.org")
    EmailAddress.objects.create(
        user=casey.user, email="casey.rivera@example.net", verified=True, primary=False
    )
    client.force_login(casey.user)

    client.post(
        reverse("account_email"), {"action_primary": "", "email": "casey.rivera@example.net"}
    )

    casey.user.refresh_from_db()
    assert casey.user.email == "casey.rivera@example.net"
    client.force_login(director)
    assert listed(client, "?q=rivera%40example.net") == {casey}
    assert listed(client, "?q=casey%40example.org") == set()


def test_the_migration_fills_the_search_text_as_the_services_write_it(north):
    """Candidates who were here before the search text existed get the same text."""
    import importlib

    from django.db import connection

    from candidates.services import candidate_search_text

    people = [
        candidate(user__name=name, user__email=email)
        for name, email in [
            ("Casey Rivera", "casey@example.org"),
            ("Ana María Núñez", "ana@example.org"),
            ("", "no.name@example.org"),
        ]
    ]
    Candidate.objects.update(search_text="")
    fill = importlib.import_module("candidates.migrations.0006_candidate_search_text").FILL

    with connection.cursor() as cursor:
        cursor.execute(fill)

    for person in people:
        person.refresh_from_db()
        assert person.search_text == candidate_search_text(person.user)


# --- Moving stage -------------------------------------------------------------------------


def test_move_action_asks_for_the_stage_and_a_reason(client, director, north):
    casey = candidate(user__name="Casey Rivera")
    client.force_login(director)

    response = client.post(CHANGELIST, {"action": "move_stage", "_selected_action": [casey.pk]})

    assert response.status_code == 200
    assert response.templates[0].name == "admin/candidates/candidate/move_stage.html"
    body = response.content.decode()
    assert "Casey Rivera" in body
    assert 'name="reason"' in body
    assert 'name="override"' not in body  # directors make the usual steps only


def test_staff_are_offered_the_override(client, staff, north):
    casey = candidate()
    client.force_login(staff)

    response = client.post(CHANGELIST, {"action": "move_stage", "_selected_action": [casey.pk]})

    assert 'name="override"' in response.content.decode()


def test_director_makes_a_legal_move(client, director, north):
    casey = candidate()
    client.force_login(director)

    response = move(client, [casey], to_stage="screened", reason="Good call on Tuesday")

    casey.refresh_from_db()
    assert casey.stage == Stage.SCREENED
    change = casey.stage_changes.get()
    assert (change.kind, change.from_stage, change.to_stage, change.by, change.note) == (
        ChangeKind.MOVE,
        Stage.SIGNED_UP,
        Stage.SCREENED,
        director,
        "Good call on Tuesday",
    )
    assert "1 candidate moved to Screened." in messages_of(response)


def test_director_illegal_move_is_refused_and_the_others_still_move(client, director, north):
    early = candidate(user__name="Early Bird")
    running = candidate(stage=Stage.RUNNING)
    client.force_login(director)

    response = move(client, [early, running], to_stage="applied", reason="Applying")

    early.refresh_from_db()
    running.refresh_from_db()
    assert early.stage == Stage.SIGNED_UP
    assert not early.stage_changes.exists()
    assert running.stage == Stage.APPLIED
    shown = messages_of(response)
    assert "1 candidate moved to Applied for endorsement." in shown
    assert "Early Bird can't move from Signed up to Applied for endorsement." in shown


def test_director_cannot_override_even_by_posting_the_box(client, director, north):
    casey = candidate()
    client.force_login(director)

    move(client, [casey], to_stage="endorsed", reason="Trust me", override="on")

    casey.refresh_from_db()
    assert casey.stage == Stage.SIGNED_UP


def test_staff_override_with_a_reason(client, staff, north):
    casey = candidate()
    client.force_login(staff)

    response = move(
        client,
        [casey],
        to_stage="endorsed",
        reason="Endorsed by the board before signup",
        override="on",
    )

    casey.refresh_from_db()
    assert casey.stage == Stage.ENDORSED
    assert casey.stage_changes.get().note == "Endorsed by the board before signup"
    assert "1 candidate moved to Endorsed." in messages_of(response)


def test_a_move_without_a_reason_is_refused(client, staff, north):
    casey = candidate()
    client.force_login(staff)

    response = move(client, [casey], to_stage="endorsed", reason="  ", override="on")

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["This field is required."]
    casey.refresh_from_db()
    assert casey.stage == Stage.SIGNED_UP


def test_a_step_already_passed_is_noted_and_the_stage_stays(client, director, north):
    running = candidate(stage=Stage.RUNNING)
    client.force_login(director)

    response = move(client, [running], to_stage="intro_attended", reason="Came to Tuesday's call")

    running.refresh_from_db()
    assert running.stage == Stage.RUNNING
    assert running.stage_changes.get().kind == ChangeKind.EVENT
    assert any("already past" in message for message in messages_of(response))


def test_move_every_candidate_of_a_filtered_list(client, director, north):
    """'Select all' across pages: the action gets the whole filtered list."""
    signed_up = [candidate(), candidate(), candidate("MA")]
    screened = candidate(stage=Stage.SCREENED)
    client.force_login(director)

    client.post(
        CHANGELIST + "?stage__exact=signed_up",
        {
            "action": "move_stage",
            "_selected_action": [signed_up[0].pk],
            "select_across": "1",
            "apply": "1",
            "to_stage": "intro_attended",
            "reason": "Tuesday's intro call",
        },
    )

    assert set(Candidate.objects.filter(stage=Stage.INTRO_ATTENDED)) == set(signed_up)
    screened.refresh_from_db()
    assert screened.stage == Stage.SCREENED


def test_move_refuses_too_many_at_once(client, director, north, monkeypatch):
    from candidates.admin.people import actions

    monkeypatch.setattr(actions, "MOVE_LIMIT", 1)
    first, second = candidate(), candidate()
    client.force_login(director)

    response = move(client, [first, second], to_stage="screened", reason="Both")

    assert "Please move at most 1 candidates at a time (2 selected)." in messages_of(response)
    assert not StageChange.objects.exists()


def test_director_cannot_move_candidates_outside_their_regions(client, director, north, west):
    theirs = candidate("CA")
    client.force_login(director)

    move(client, [theirs], to_stage="screened", reason="Not mine")

    theirs.refresh_from_db()
    assert theirs.stage == Stage.SIGNED_UP


# --- Change page --------------------------------------------------------------------------


def test_history_inline_shows_the_moves(client, director, north, staff):
    from candidates import services

    casey = candidate()
    services.candidate_move(
        candidate=casey, to_stage=Stage.SCREENED, by=staff, note="Screened by Sam"
    )
    services.candidate_move(
        candidate=casey, to_stage=Stage.RUNNING, by=staff, note="Filed for school board"
    )
    client.force_login(director)

    response = client.get(change_url(casey))

    body = response.content.decode()
    assert body.index("Screened by Sam") < body.index("Filed for school board")
    inline = response.context["inline_admin_formsets"][0]
    assert not inline.has_add_permission
    assert not inline.has_delete_permission


def test_change_page_keeps_stage_read_only_and_normalises_the_phone(client, director, north):
    casey = candidate(phone="+16515550123")
    client.force_login(director)

    response = client.post(
        change_url(casey),
        {
            "phone": "(212) 555-0188",
            "city": "New York",
            "county": "New York County",
            "when_might_run": "later",
            "stage": "endorsed",
            "activity": "withdrawn",
            "zip_code": "90210",
            "stage_changes-TOTAL_FORMS": "0",
            "stage_changes-INITIAL_FORMS": "0",
            "stage_changes-MIN_NUM_FORMS": "0",
            "stage_changes-MAX_NUM_FORMS": "0",
        },
    )

    assert response.status_code == 302
    casey.refresh_from_db()
    assert (casey.phone, casey.city, casey.when_might_run) == ("+12125550188", "New York", "later")
    assert (casey.stage, casey.activity, casey.zip_code) == (Stage.SIGNED_UP, "active", "")


def test_candidates_cannot_be_added_or_deleted_in_the_admin(client, staff, north):
    casey = candidate()
    client.force_login(staff)

    assert client.get(reverse("admin:candidates_candidate_add")).status_code == 403
    assert (
        client.get(reverse("admin:candidates_candidate_delete", args=[casey.pk])).status_code == 403
    )


# --- CSV ----------------------------------------------------------------------------------


def test_changelist_links_to_its_csv_with_its_filters(client, director, north):
    client.force_login(director)

    body = client.get(CHANGELIST + "?stage__exact=screened&q=Casey").content.decode()

    assert f'href="{EXPORT}?q=Casey&amp;stage__exact=screened"' in body


@time_machine.travel("2026-11-26 12:00:00-05:00", tick=False)
def test_csv_download_respects_filters_search_and_scope(client, director, north, west):
    screened = candidate(stage=Stage.SCREENED, user__name="Casey Rivera", phone="+16515550123")
    candidate(stage=Stage.SCREENED, user__name="Robin Park")
    candidate(user__name="Casey Signedup")
    candidate("CA", stage=Stage.SCREENED, user__name="Casey West")
    client.force_login(director)

    response = client.get(EXPORT + "?stage__exact=screened&q=Casey")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="candidates-2026-11-26.csv"'
    rows = csv_rows(response)
    assert [
        (row["ID"], row["Name"], row["Stage"], row["Region"], row["Phone"]) for row in rows
    ] == [
        (str(screened.pk), "Casey Rivera", "Screened", "North", "+16515550123"),
    ]


def test_csv_of_everything_a_director_may_see(client, director, north, west):
    mine = {candidate(), candidate("MA")}
    candidate("CA")
    client.force_login(director)

    rows = csv_rows(client.get(EXPORT))

    assert {int(row["ID"]) for row in rows} == {c.pk for c in mine}


def test_staff_csv_includes_candidates_outside_any_region(client, staff, north):
    placed, unplaced = candidate("NY"), candidate("TX")  # Texas belongs to no region yet
    client.force_login(staff)

    rows = csv_rows(client.get(EXPORT))

    assert {(int(row["ID"]), row["Region"]) for row in rows} == {
        (placed.pk, "North"),
        (unplaced.pk, ""),
    }


def test_csv_action_exports_the_selected_rows(client, director, north):
    chosen, _other = candidate(), candidate()
    client.force_login(director)

    response = client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [chosen.pk], "index": "0"}
    )

    assert [int(row["ID"]) for row in csv_rows(response)] == [chosen.pk]


def test_csv_disarms_spreadsheet_formulas(client, director, north):
    candidate(user__name='=HYPERLINK("http://evil.example")', phone="+16515550123", city="-2+3")
    client.force_login(director)

    row = csv_rows(client.get(EXPORT))[0]

    assert row["Name"] == '\'=HYPERLINK("http://evil.example")'
    assert row["City"] == "'-2+3"
    assert row["Phone"] == "+16515550123"


@pytest.mark.parametrize("count", [1, 3])
def test_csv_queries_do_not_grow(client, director, north, count, django_assert_num_queries):
    for _ in range(count):
        candidate()
    client.force_login(director)

    # user with roles, two-factor check, the director's regions (region filter),
    # the sources (source filter), the list's count, then the rows in one query.
    with django_assert_num_queries(6):
        rows = csv_rows(client.get(EXPORT))

    assert len(rows) == count


@pytest.mark.parametrize("persona_name", ["candidate_user", "screener", "committee_member"])
def test_csv_download_needs_the_admin(client_as, persona_name):
    response = client_as(persona_name).get(EXPORT)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


# --- Demographics never appear ------------------------------------------------------------


def test_no_demographics_in_the_list_the_change_page_or_the_csv(client, staff, north):
    casey = candidate(user__name="Casey Rivera")
    Demographics.objects.create(
        candidate=casey,
        gender="self",
        gender_self_description=DEMOGRAPHIC_VALUE,
        race_ethnicity=["pacific_islander"],
        lgbtq="yes",
        veteran="yes",
        generation="first",
    )
    client.force_login(staff)

    pages = [
        client.get(CHANGELIST).content.decode(),
        client.get(change_url(casey)).content.decode(),
        client.post(
            CHANGELIST, {"action": "move_stage", "_selected_action": [casey.pk]}
        ).content.decode(),
        b"".join(client.get(EXPORT).streaming_content).decode(),
    ]

    for page in pages:
        assert "Casey Rivera" in page
        for value in [
            DEMOGRAPHIC_VALUE,
            "Pacific Islander",
            "pacific_islander",
            "First-generation",
            "LGBTQ",
            "Veteran",
        ]:
            assert value not in page
    header = csv_rows(client.get(EXPORT))[0].keys()
    assert not {"Gender", "Race and ethnicity", "LGBTQ+", "Veteran"} & set(header)


def test_demographics_have_no_admin(client, staff):
    from django.contrib import admin

    assert Demographics not in admin.site._registry
    assert StageChange not in admin.site._registry


# --- Query counts -------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_changelist_queries_do_not_grow_with_filters_in_use(
    client, director, north, count, django_assert_num_queries
):
    for _ in range(count):
        made = candidate(stage=Stage.SCREENED, utm_source="instagram")
        OfficeInterest.objects.create(candidate=made, label="County clerk", level="county")
    client.force_login(director)

    # user with roles, two-factor check, Django's two permission lookups, the
    # director's regions (region filter), the sources (source filter, from the
    # dashboard's cells), the count, and the page of candidates with person and region
    # joined.
    with django_assert_num_queries(8):
        response = client.get(
            CHANGELIST + "?stage__exact=screened&interest_level=county&source=instagram&q=example"
        )

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("typed", ["Rivera", "(651)+555-0123", "10027"])
@pytest.mark.parametrize("count", [1, 3])
def test_changelist_search_adds_no_query(
    client, director, north, count, typed, django_assert_num_queries
):
    for number in range(count):
        candidate(
            zip_code="10027",
            phone="+16515550123",
            user__name="Casey Rivera",
            user__email=f"casey{number}@example.org",
        )
    client.force_login(director)
    analytics_refresh()

    # The same ten: people are searched in a subquery of the count and of the page.
    with django_assert_num_queries(8):
        response = client.get(CHANGELIST + f"?q={typed}&o=-7")

    assert len(response.context["cl"].result_list) == count


# --- Counting no further than needed ------------------------------------------------------


def test_a_long_list_counts_to_its_cap_and_says_how_to_narrow_it(
    client, director, north, monkeypatch
):
    from candidates.admin.people import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    for _ in range(4):
        candidate()
    client.force_login(director)

    response = client.get(CHANGELIST)

    assert response.context["cl"].paginator.count == 3
    assert messages_of(response) == [
        "Showing the first 3. Filter the list to narrow it, or export it as CSV for every row."
    ]


def test_a_search_past_the_cap_asks_for_another_word(client, director, north, monkeypatch):
    from candidates.admin.people import CappedCountPaginator

    monkeypatch.setattr(CappedCountPaginator, "cap", 2)
    for first in ("Ana", "Bo", "Cy"):
        candidate(user__name=f"{first} Garcia")
    client.force_login(director)

    searched = client.get(CHANGELIST + "?q=garcia")
    narrowed = client.get(CHANGELIST + "?q=ana+garcia")

    assert searched.context["cl"].paginator.count == 2
    assert messages_of(searched) == [
        "2 or more people match. Add a word (a last name, a town) to narrow the search."
    ]
    assert narrowed.context["cl"].paginator.count == 1 and messages_of(narrowed) == []
