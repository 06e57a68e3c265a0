"""The offices admin: lists, an office's elections, and the CSV import page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Election, Jurisdiction, Office
from tests.candidates.test_import import csv_bytes, row, wards

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:candidates_office_import"


def saint_paul() -> Jurisdiction:
    return Jurisdiction.objects.create(
        name="Saint Paul",
        kind="municipality",
        state="MN",
        county="Ramsey County",
        city="Saint Paul",
    )


def make_offices(count: int) -> list[Office]:
    """Saint Paul council wards, each with a past and a next election."""
    jurisdiction = saint_paul()
    offices = []
    for n in range(1, count + 1):
        office = Office.objects.create(
            jurisdiction=jurisdiction,
            name="Saint Paul City Council",
            level="municipal",
            district=f"Ward {n}",
        )
        Election.objects.create(office=office, date=datetime.date(2023, 11, 7))
        Election.objects.create(
            office=office,
            date=datetime.date(2027, 11, 2),
            filing_deadline=datetime.date(2027, 8, 10),
        )
        offices.append(office)
    return offices


def upload(content: bytes, name: str = "offices.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


# --- Lists and pages --------------------------------------------------------------------


def test_office_list_shows_the_next_election(client, staff):
    make_offices(1)
    client.force_login(staff)

    response = client.get(reverse("admin:candidates_office_changelist"))

    assert [office.upcoming_elections[0].date for office in response.context["cl"].result_list] == [
        datetime.date(2027, 11, 2)
    ]
    assert "Nov. 2, 2027" in response.content.decode()


def test_office_list_filters_by_state_and_level(client, staff):
    make_offices(2)
    Office.objects.create(
        jurisdiction=Jurisdiction.objects.create(name="Madison", kind="municipality", state="WI"),
        name="Mayor of Madison",
        level="municipal",
    )
    client.force_login(staff)
    url = reverse("admin:candidates_office_changelist")

    in_wisconsin = client.get(
        url, {"jurisdiction__state__exact": "WI", "level__exact": "municipal"}
    )

    assert [office.name for office in in_wisconsin.context["cl"].result_list] == [
        "Mayor of Madison"
    ]


def test_office_list_searches_names_and_jurisdictions(client, staff):
    make_offices(2)
    client.force_login(staff)
    url = reverse("admin:candidates_office_changelist")

    assert len(client.get(url, {"q": "Saint Paul"}).context["cl"].result_list) == 2
    assert len(client.get(url, {"q": "Madison"}).context["cl"].result_list) == 0


def test_office_list_links_to_the_import_page(client, staff):
    client.force_login(staff)

    response = client.get(reverse("admin:candidates_office_changelist"))

    assert f'href="{reverse(IMPORT_URL)}"' in response.content.decode()
    assert "Import offices from CSV" in response.content.decode()


def test_office_page_lists_its_elections(client, staff):
    office = make_offices(1)[0]
    client.force_login(staff)

    response = client.get(reverse("admin:candidates_office_change", args=[office.pk]))

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.date for form in formset.forms] == [
        datetime.date(2023, 11, 7),
        datetime.date(2027, 11, 2),
    ]


# --- The import page --------------------------------------------------------------------


def test_import_page_asks_for_a_file(client, staff):
    client.force_login(staff)

    response = client.get(reverse(IMPORT_URL))

    assert response.status_code == 200
    body = response.content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert 'name="dry_run"' in body
    assert "<script>" not in body  # the admin's scripts are files: the CSP forbids inline ones


def test_import_page_dry_run_shows_the_report_and_saves_nothing(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse(IMPORT_URL), {"file": upload(csv_bytes(wards(3))), "dry_run": "on"}
    )

    assert response.status_code == 200
    report = response.context["report"]
    assert report.dry_run is True
    assert (report.offices.created, report.jurisdictions.created, report.elections.created) == (
        3,
        1,
        3,
    )
    assert "Dry run: nothing was saved" in response.content.decode()
    assert Office.objects.count() == 0


def test_import_page_imports_and_lists_bad_rows(client, staff):
    client.force_login(staff)
    rows = [*wards(2), row(district="Ward 3", level="mayor"), row(district="Ward 4", seats="-1")]

    response = client.post(reverse(IMPORT_URL), {"file": upload(csv_bytes(rows))})

    assert response.status_code == 200
    assert response.context["report"].offices.created == 2
    body = response.content.decode()
    assert "Import finished" in body
    assert "2 rows were skipped" in body
    assert "line 4: level &#x27;mayor&#x27; is not one of:" in body
    assert "line 5: seats &#x27;-1&#x27; is not a whole number, 1 or more" in body
    assert sorted(Office.objects.values_list("district", flat=True)) == ["Ward 1", "Ward 2"]


def test_import_page_says_a_second_import_changed_nothing(client, staff):
    client.force_login(staff)
    content = csv_bytes(wards(3))
    client.post(reverse(IMPORT_URL), {"file": upload(content)})

    response = client.post(reverse(IMPORT_URL), {"file": upload(content)})

    report = response.context["report"]
    assert (
        report.offices.unchanged,
        report.jurisdictions.unchanged,
        report.elections.unchanged,
    ) == (3, 1, 3)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "state,jurisdiction_name,jurisdiction_kind,office_name,level\nMN,Saint Paul,city,Maire,é\n".encode(
                "utf-16"
            ),
            "The file is not UTF-8 text.",
        ),
        (b"PK\x03\x04\x14\x00\x06\x00", "This looks like an Excel workbook, not a CSV file."),
        (
            b"name,office\nSaint Paul,Mayor\n",
            "The header is missing the required columns: state, jurisdiction_name,",
        ),
    ],
    ids=["utf-16", "excel", "no header"],
)
def test_import_page_explains_a_file_it_cannot_read(client, staff, content, message):
    client.force_login(staff)

    response = client.post(reverse(IMPORT_URL), {"file": upload(content)})

    assert response.status_code == 200
    assert response.context["report"] is None
    assert message in response.context["form"].errors["file"][0]
    assert Office.objects.count() == 0


def test_import_page_is_forbidden_to_directors(client, director):
    client.force_login(director)

    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert (
        client.post(reverse(IMPORT_URL), {"file": upload(csv_bytes(wards(1)))}).status_code == 403
    )
    assert Office.objects.count() == 0


def test_import_page_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse(IMPORT_URL))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


# --- Query counts: lists cost the same at 1 and 3 rows ------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_jurisdiction_changelist_queries_do_not_grow(
    client, staff, count, django_assert_num_queries
):
    for n in range(count):
        Jurisdiction.objects.create(name=f"Ward {n}", kind="municipality", state="MN")
    client.force_login(staff)

    # user with roles, two-factor check, Django's two permission lookups, the count,
    # the page of jurisdictions.
    with django_assert_num_queries(6):
        response = client.get(reverse("admin:candidates_jurisdiction_changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_office_changelist_queries_do_not_grow(client, staff, count, django_assert_num_queries):
    make_offices(count)
    client.force_login(staff)

    # user with roles, two-factor check, Django's two permission lookups, the count,
    # the page of offices with their jurisdiction joined, their upcoming elections.
    with django_assert_num_queries(7):
        response = client.get(reverse("admin:candidates_office_changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_election_changelist_queries_do_not_grow(client, staff, count, django_assert_num_queries):
    make_offices(count)
    Election.objects.filter(date__year=2023).delete()
    client.force_login(staff)

    # user with roles, two-factor check, Django's two permission lookups, the count,
    # the page of elections with office and jurisdiction joined.
    with django_assert_num_queries(6):
        response = client.get(reverse("admin:candidates_election_changelist"))

    assert len(response.context["cl"].result_list) == count
