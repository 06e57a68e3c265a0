"""A candidate's data: the copy they download, and the erasure that leaves nothing behind."""

import json
from datetime import date

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import reverse

from candidates import privacy, services
from candidates.enums import ChangeKind, Stage
from candidates.models import Candidate, Demographics, OfficeInterest, Race, StageChange
from rfs.emails import RenderedEmail
from rfs.enums import EmailStatus
from rfs.models import OutboundEmail, User
from rfs.services import email_queue
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("candidates:data_export")
DELETE_URL = reverse("candidates:account_delete")

# One person with a distinctive value in every field we hold about them.
NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.q@example.net"
PERSONAL = {
    "name": NAME,
    "email": EMAIL,
    "phone": "+16515550199",
    "zip": "12946",
    "city": "Quillfeather Hollow",
    "county": "Thistlewood County",
    "run_before_detail": "Ran for the Quillhollow water board in 2019",
    "heard_from_detail": "my cousin Barnaby Marchbanks",
    "utm_source": "zq-utm-source",
    "utm_medium": "zq-utm-medium",
    "utm_campaign": "zq-utm-campaign",
    "utm_term": "zq-utm-term",
    "utm_content": "zq-utm-content",
    "referrer": "https://zq-referrer.example/post",
    "self_description": "zq-self-described-gender",
    "interest": "Quillhollow School Board Seat 7",
    "race_office": "Quillhollow Water Commissioner",
    "race_jurisdiction": "Quillhollow Township",
    "race_district": "Zq Ward 9",
    "note": "Called about the Quillhollow water plan",
}
DATE_OF_BIRTH = date(1987, 3, 14)


@pytest.fixture
def person(north, staff) -> Candidate:
    """The person, in the North region, with profile, demographics, interests, a race,
    history (one move by staff) and email."""
    candidate = CandidateFactory(
        state="NY",
        user__name=NAME,
        user__email=EMAIL,
        phone=PERSONAL["phone"],
        zip_code=PERSONAL["zip"],
        city=PERSONAL["city"],
        county=PERSONAL["county"],
        date_of_birth=DATE_OF_BIRTH,
        when_might_run="two_years",
        run_before="ran",
        run_before_detail=PERSONAL["run_before_detail"],
        heard_from="friend",
        heard_from_detail=PERSONAL["heard_from_detail"],
        consent_email=True,
        utm_source=PERSONAL["utm_source"],
        utm_medium=PERSONAL["utm_medium"],
        utm_campaign=PERSONAL["utm_campaign"],
        utm_term=PERSONAL["utm_term"],
        utm_content=PERSONAL["utm_content"],
        referrer=PERSONAL["referrer"],
    )
    user = candidate.user
    Demographics.objects.create(
        candidate=candidate,
        gender="self",
        gender_self_description=PERSONAL["self_description"],
        race_ethnicity=["latino", "other"],
        lgbtq="yes",
        veteran="no",
        generation="first",
    )
    OfficeInterest.objects.create(
        candidate=candidate, label=PERSONAL["interest"], level="school_board", state="NY"
    )
    race = Race.objects.create(
        candidate=candidate,
        office_name=PERSONAL["race_office"],
        level="special_district",
        jurisdiction_name=PERSONAL["race_jurisdiction"],
        district=PERSONAL["race_district"],
        state="NY",
        election_date=date(2027, 11, 2),
        filing_status="exploring",
    )
    StageChange.objects.create(
        candidate=candidate,
        from_stage=Stage.SIGNED_UP,
        to_stage=Stage.SIGNED_UP,
        by=user,
        region=candidate.region,
        note=f"Signed up: {NAME}",
    )
    services.candidate_move(
        candidate=candidate, to_stage=Stage.SCREENED, by=staff, note=PERSONAL["note"]
    )
    # Emails: to the account, to the address only (queued before the account, other
    # case), and one to staff about the candidate that names them.
    sent = email_queue(
        purpose="welcome",
        to_email=EMAIL,
        recipient=user,
        about=candidate,
        content=RenderedEmail(
            f"Welcome, {NAME}", f"Hi {NAME}, welcome aboard.", f"<p>Hi {NAME}</p>"
        ),
    )
    OutboundEmail.objects.filter(pk=sent.pk).update(status=EmailStatus.SENT)
    email_queue(
        purpose="reminder",
        to_email=EMAIL.upper(),
        about=race,
        content=RenderedEmail("Your filing deadline", f"{NAME}, file soon.", ""),
    )
    email_queue(
        purpose="director_note",
        to_email=staff.email,
        recipient=staff,
        about=candidate,
        content=RenderedEmail(f"New candidate: {NAME}", f"{NAME} ({EMAIL}) signed up.", ""),
    )
    # The admin's history names the record it changed.
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(Candidate),
        object_id=str(candidate.pk),
        object_repr=str(candidate),
        action_flag=CHANGE,
        change_message=f"Changed phone of {NAME}.",
    )
    return candidate


def rows_holding(needles: list[str], dates: list[date] = ()) -> dict[str, list[str]]:
    """Every needle found in any text, char or JSON column of any table (dates in date
    columns), as needle -> ["app.Model.field", ...]."""
    found: dict[str, list[str]] = {}
    lowered = [needle.lower() for needle in needles]
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        text_fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        date_fields = [f for f in model._meta.concrete_fields if type(f) is models.DateField]
        fields = text_fields + date_fields
        if not fields:
            continue
        for row in model._base_manager.values_list(*[f.attname for f in fields]):
            for field, value in zip(fields, row, strict=True):
                where = f"{model._meta.label}.{field.name}"
                if field in date_fields:
                    if value in dates:
                        found.setdefault(str(value), []).append(where)
                    continue
                text = (
                    json.dumps(value) if isinstance(field, models.JSONField) else str(value or "")
                )
                for needle, low in zip(needles, lowered, strict=True):
                    if low in text.lower():
                        found.setdefault(needle, []).append(where)
    return found


# --- Export -------------------------------------------------------------------------------


@time_machine.travel("2026-11-26 12:00:00-05:00", tick=False)
def test_export_downloads_a_dated_json_file(client, candidate_user):
    client.force_login(candidate_user)

    response = client.get(EXPORT_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="my-data-2026-11-26.json"'
    assert "no-store" in response["Cache-Control"]
    assert json.loads(response.content)["account"]["email"] == "casey@example.org"


def test_export_holds_what_they_gave_us_and_what_we_sent(client, person):
    candidate = person
    other = CandidateFactory(user__email="someone.else@example.org")
    email_queue(
        purpose="welcome",
        to_email=other.user.email,
        recipient=other.user,
        content=RenderedEmail("Other", "Not yours", ""),
    )
    client.force_login(candidate.user)

    data = json.loads(client.get(EXPORT_URL).content)

    assert data["account"]["email"] == EMAIL
    assert data["account"]["name"] == NAME
    assert data["account"]["time_zone"] == candidate.user.time_zone
    assert data["profile"]["phone"] == PERSONAL["phone"]
    assert data["profile"]["zip_code"] == PERSONAL["zip"]
    assert data["profile"]["region"] == "North"
    assert data["profile"]["date_of_birth"] == "1987-03-14"
    assert data["profile"]["when_you_might_run"] == "In the next 2 years"
    assert data["profile"]["run_before_detail"] == PERSONAL["run_before_detail"]
    assert data["profile"]["heard_of_us_detail"] == PERSONAL["heard_from_detail"]
    assert data["profile"]["agrees_to_email"] is True
    assert data["profile"]["stage"] == "Screened"
    assert data["profile"]["activity"] == "Active"
    assert data["profile"]["campaign"]["utm_source"] == PERSONAL["utm_source"]
    assert data["profile"]["campaign"]["referrer"] == PERSONAL["referrer"]
    # They may see their own demographics.
    assert data["demographics"]["gender_in_your_words"] == PERSONAL["self_description"]
    assert data["demographics"]["race_and_ethnicity"] == [
        "Hispanic or Latino/a/x",
        "Another race or ethnicity",
    ]
    assert data["offices_of_interest"] == [
        {"office": PERSONAL["interest"], "level": "School board", "state": "NY"}
    ]
    assert [race["office"] for race in data["races"]] == [PERSONAL["race_office"]]
    assert [(c["from"], c["to"], c["note"]) for c in data["stage_history"]] == [
        ("Signed up", "Signed up", f"Signed up: {NAME}"),
        ("Signed up", "Screened", PERSONAL["note"]),
    ]
    assert {email["subject"] for email in data["emails"]} == {
        f"Welcome, {NAME}",
        "Your filing deadline",
    }
    assert f"Hi {NAME}, welcome aboard." in {email["text"] for email in data["emails"]}
    assert data["about"]["not_included"] == privacy.NOT_INCLUDED


def test_export_leaves_out_who_on_staff_made_each_change(client, person, staff):
    candidate = person
    client.force_login(candidate.user)

    body = client.get(EXPORT_URL).content.decode()

    assert staff.email not in body
    assert staff.name not in body
    assert all("by" not in change for change in json.loads(body)["stage_history"])


def test_export_without_demographics_says_none(candidate_user):
    data = privacy.candidate_export(candidate=candidate_user.candidate)

    assert data["demographics"] is None


@pytest.mark.parametrize("rows", [1, 3])
def test_export_queries_do_not_grow(candidate_user, staff, rows, django_assert_num_queries):
    candidate = candidate_user.candidate
    for n in range(rows):
        StageChange.objects.create(
            candidate=candidate, from_stage="signed_up", to_stage="signed_up", note=f"n{n}"
        )
        email_queue(
            purpose=f"p{n}",
            to_email=candidate_user.email,
            recipient=candidate_user,
            content=RenderedEmail("s", "t", ""),
        )
        OfficeInterest.objects.create(candidate=candidate, label=f"Office {n}", level="county")

    # The candidate with account, region and demographics; interests; races; stage
    # history; emails; endorsement applications (1); questions, mentor requests and
    # matches (3); bookmarks, lessons and courses completed (3); directory entry and perk
    # claims (2); how many team notes (1).
    with django_assert_num_queries(15):
        data = privacy.candidate_export(candidate=candidate)

    assert len(data["stage_history"]) == rows
    assert len(data["emails"]) == rows


@pytest.mark.parametrize(
    "persona_name", ["screener", "mentor", "committee_member", "director", "staff"]
)
def test_export_is_404_for_people_without_a_candidate_record(client_as, persona_name):
    assert client_as(persona_name).get(EXPORT_URL).status_code == 404


def test_export_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(EXPORT_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Erasure ------------------------------------------------------------------------------


def test_delete_page_says_what_goes_and_what_stays(client, candidate_user):
    client.force_login(candidate_user)

    body = client.get(DELETE_URL).content.decode()

    assert "can't be undone" in body
    assert "Anonymous counts" in body
    assert EXPORT_URL in body
    assert 'name="email"' in body


def test_delete_with_another_address_deletes_nothing(client, person):
    candidate = person
    client.force_login(candidate.user)

    response = client.post(DELETE_URL, {"email": "someone@example.org"})

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "That isn't the address you sign in with. Nothing has been deleted."
    ]
    assert User.objects.filter(email=EMAIL).exists()
    assert Candidate.objects.filter(pk=candidate.pk).exists()
    assert Demographics.objects.filter(candidate=candidate).exists()
    assert OutboundEmail.objects.filter(to_email__iexact=EMAIL).count() == 2
    assert client.get(reverse("candidates:journey")).status_code == 200


def test_delete_erases_the_person_and_signs_them_out(client, candidate_user):
    client.force_login(candidate_user)

    # Confirmed with the address typed in another case, with spaces.
    response = client.post(DELETE_URL, {"email": "  Casey@Example.org "}, follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Your account and your data are deleted." in response.content.decode()
    assert not User.objects.filter(email="casey@example.org").exists()
    assert not Candidate.objects.exists()
    assert not response.context["user"].is_authenticated


def test_erasure_leaves_no_personal_value_in_any_table(client, person):
    candidate = person
    needles = list(PERSONAL.values())
    assert set(rows_holding(needles, [DATE_OF_BIRTH])) == {*needles, str(DATE_OF_BIRTH)}, (
        "the scan sees every seeded value"
    )
    client.force_login(candidate.user)

    client.post(DELETE_URL, {"email": EMAIL})

    assert rows_holding(needles, [DATE_OF_BIRTH]) == {}


def test_erasure_keeps_the_stage_history_as_anonymous_rows(client, person, north):
    candidate = person
    before = list(
        StageChange.objects.filter(candidate=candidate).values_list(
            "pk", "kind", "from_stage", "to_stage", "at"
        )
    )
    client.force_login(candidate.user)

    client.post(DELETE_URL, {"email": EMAIL})

    after = StageChange.objects.filter(pk__in=[row[0] for row in before])
    assert list(after.values_list("pk", "kind", "from_stage", "to_stage", "at")) == before
    assert {(change.candidate_id, change.note, change.region_id) for change in after} == {
        (None, "", north.pk)
    }
    assert ChangeKind.MOVE in {row[1] for row in before}


def test_erasure_removes_sign_in_records(client, person):
    candidate = person
    user = candidate.user
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"}
    )
    other_session = Client()
    other_session.force_login(user)
    client.force_login(user)

    client.post(DELETE_URL, {"email": EMAIL})

    assert not EmailAddress.objects.filter(email__iexact=EMAIL).exists()
    assert not Authenticator.objects.filter(user_id=user.pk).exists()
    assert not client.login(email=EMAIL, password="correct horse battery staple")
    # A session on another device now belongs to nobody: it is treated as signed out.
    response = other_session.get(reverse("candidates:journey"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_erasure_touches_nobody_else(client, person, staff):
    candidate = person
    other = CandidateFactory(state="MA", user__name="Robin Other", phone="+16175550100")
    services.candidate_move(
        candidate=other, to_stage=Stage.RUNNING, by=staff, note="Filed in Boston"
    )
    email_queue(
        purpose="welcome",
        to_email=other.user.email,
        recipient=other.user,
        content=RenderedEmail("Hi Robin", "Hello", ""),
    )
    client.force_login(candidate.user)

    client.post(DELETE_URL, {"email": EMAIL})

    other.refresh_from_db()
    assert other.phone == "+16175550100"
    assert list(other.stage_changes.values_list("note", flat=True)) == ["Filed in Boston"]
    assert OutboundEmail.objects.filter(recipient=other.user).count() == 1
    assert User.objects.filter(pk=staff.pk).exists()


@pytest.mark.parametrize("persona_name", ["screener", "director", "staff"])
def test_delete_is_404_for_people_without_a_candidate_record(client_as, persona, persona_name):
    user = persona(persona_name)

    response = client_as(persona_name).post(DELETE_URL, {"email": user.email})

    assert response.status_code == 404
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_sends_anonymous_visitors_to_sign_in(client):
    response = client.post(DELETE_URL, {"email": "casey@example.org"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
