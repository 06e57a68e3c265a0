"""Signup: the short form that makes a visitor a candidate."""

import re
from datetime import date

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from candidates import services
from candidates.enums import Stage
from candidates.models import Candidate, Demographics, OfficeInterest, StageChange
from rfs.enums import Role
from rfs.models import OutboundEmail, User
from tests.conftest import signup_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def sign_up(client, **overrides):
    return client.post(reverse("account_signup"), signup_data(**overrides))


def test_signup_makes_a_candidate_in_their_states_region(
    client, north, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, phone="212.555.0123", zip_code="10001-2345")

    assert response.status_code == 302
    candidate = Candidate.objects.select_related("user").get()
    assert candidate.user.role_names == {Role.CANDIDATE}
    assert (candidate.zip_code, candidate.city, candidate.state, candidate.region) == (
        "10001",
        "New York",
        "NY",
        north,
    )
    assert candidate.phone == "+12125550123"
    assert candidate.date_of_birth == date(1990, 5, 1)
    assert candidate.user.time_zone == "America/New_York"
    assert candidate.stage == Stage.SIGNED_UP
    assert StageChange.objects.filter(candidate=candidate, to_stage=Stage.SIGNED_UP).count() == 1
    # The welcome waits for the address to be confirmed (see the welcome tests below).
    assert OutboundEmail.objects.filter(recipient=candidate.user, purpose="welcome").count() == 0


def test_signup_without_demographics_stores_none(client):
    sign_up(client)

    assert not Demographics.objects.exists()


def test_signup_stores_demographics_apart_from_the_profile(client):
    sign_up(client, gender="woman", race_ethnicity=["black", "latino"], veteran="yes")

    demographics = Demographics.objects.get()
    assert demographics.candidate == Candidate.objects.get()
    assert (demographics.gender, demographics.race_ethnicity, demographics.veteran) == (
        "woman",
        ["black", "latino"],
        "yes",
    )


def test_signup_records_the_campaign_that_brought_them(client):
    client.get(
        reverse("home"),
        {"utm_source": "instagram", "utm_campaign": "fall-2026"},
        HTTP_REFERER="https://instagram.example/",
    )
    client.get(reverse("home"), {"utm_source": "later-visit"})  # the first touch wins

    sign_up(client)

    candidate = Candidate.objects.get()
    assert (candidate.utm_source, candidate.utm_campaign, candidate.referrer) == (
        "instagram",
        "fall-2026",
        "https://instagram.example/",
    )


def test_signup_saves_the_offices_picked_in_the_finder(client):
    session = client.session
    session["office_interests"] = [
        {
            "label": "Minnesota House of Representatives",
            "level": "state_legislature",
            "office_id": None,
            "state": "MN",
            "zip": "55101",
        },
        {
            "label": "Saint Paul City Council",
            "level": "municipal",
            "office_id": None,
            "state": "MN",
            "zip": "55101",
        },
    ]
    session.save()

    page = client.get(reverse("account_signup")).content.decode()
    assert "Minnesota House of Representatives" in page
    sign_up(
        client,
        interests=["0"],
        other_interest="Ramsey County Sheriff",
        other_interest_level="county",
    )

    labels = set(OfficeInterest.objects.values_list("label", "level"))
    assert labels == {
        ("Minnesota House of Representatives", "state_legislature"),
        ("Ramsey County Sheriff", "county"),
    }
    assert "office_interests" not in client.session


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required."),
        ("email", "riley@", "Enter a valid email address."),
        ("phone", "555", "doesn&#x27;t look like a phone number"),
        ("phone", "call me", "doesn&#x27;t look like a phone number"),
        ("phone", "+44 20 7946 0958", "Please give a US mobile number"),  # a valid UK number
        ("email", "a" * 243 + "@example.org", "longer than email allows (254 characters)"),
        ("name", "Riley\nPark", "Please keep this to one line"),
        ("zip_code", "5510", "A ZIP code has 5 digits"),
        ("zip_code", "abcde", "A ZIP code is made of numbers only"),
        ("zip_code", "00000", "find the ZIP code 00000"),
        ("zip_code", "00901", "We don&#x27;t cover Puerto Rico yet"),  # San Juan
        ("zip_code", "55164", "ZIP code for PO boxes"),
        ("date_of_birth", "2020-01-01", "You need to be at least 18"),
        ("date_of_birth", "2090-01-01", "check the date of birth"),
        ("date_of_birth", "31/31/1990", "Enter a valid date."),
        ("when_might_run", "", "This field is required."),
        ("run_before", "someday", "Select a valid choice."),
    ],
)
def test_signup_bad_input_is_shown_on_the_field_and_keeps_what_was_typed(
    client, field, value, message
):
    response = sign_up(client, **{field: value, "name": "Riley Park" if field != "name" else value})

    assert response.status_code == 200
    assert field in response.context["form"].errors
    body = response.content.decode()
    assert message in body
    assert 'value="new@example.org"' in body or field == "email"
    assert 'value="Riley Park"' in body or field == "name"
    assert not User.objects.exists()


def test_signup_asks_which_office_they_ran_for(client):
    response = sign_up(client, run_before="ran", run_before_detail="")

    assert "Please tell us which office" in response.content.decode()
    assert not Candidate.objects.exists()


def test_signup_asks_the_kind_of_a_typed_office(client):
    response = sign_up(client, other_interest="Library board")

    assert "other_interest_level" in response.context["form"].errors
    assert 'value="Library board"' in response.content.decode()


def test_minimum_age_is_a_setting(client, settings):
    settings.RFS_MIN_SIGNUP_AGE = 40

    response = sign_up(client, date_of_birth="1990-05-01")

    assert "You need to be at least 40" in response.content.decode()


def test_signup_with_a_known_email_in_other_case_makes_no_second_account(
    client, candidate_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, email="CASEY@Example.ORG")

    assert response.status_code == 302  # the same answer as a new signup: no account enumeration
    assert User.objects.filter(email__iexact="casey@example.org").count() == 1
    assert Candidate.objects.count() == 1
    assert OutboundEmail.objects.filter(
        to_email__iexact="casey@example.org", purpose="account_already_exists"
    ).exists()


def test_signup_twice_with_the_same_new_email_makes_one_account(client):
    sign_up(client, email="twice@example.org")
    sign_up(client, email="Twice@example.org")

    assert User.objects.filter(email__iexact="twice@example.org").count() == 1


def test_signup_twice_with_a_262_character_email_is_refused_both_times(client):
    email = "a" * 250 + "@example.org"

    answers = [sign_up(client, email=email).status_code for _ in range(2)]

    assert answers == [200, 200]  # the field error, never a server error
    assert not User.objects.exists()


def test_signup_again_with_a_254_character_email_finds_the_account(
    client, django_capture_on_commit_callbacks
):
    email = "a" * 242 + "@example.org"  # 254 characters: the longest email allows
    UserFactory(email=email, roles=[Role.CANDIDATE])

    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, email=email)

    assert response.status_code == 302  # the usual answer, as for any known address
    assert User.objects.filter(email=email).count() == 1
    assert OutboundEmail.objects.filter(to_email=email, purpose="account_already_exists").exists()


def test_signup_name_loses_direction_controls(client):
    sign_up(client, name="Riley \u202eParK")

    assert User.objects.get().name == "Riley ParK"


def test_staff_signing_up_again_is_not_a_problem(client):
    UserFactory(email="sky2@example.org", roles=[Role.NATIONAL_STAFF])

    response = sign_up(client, email="sky2@example.org")

    assert response.status_code == 302
    assert not Candidate.objects.exists()


# --- What one signup costs ----------------------------------------------------------------

# Signup's POST for a new person (rate limits off, as in every test): allauth's email
# checks (the address taken? twice more while saving it; verified?), the person with their
# audit row (their time zone and the copy of their role in it), their role's group (the
# group, Django's check of their groups, the link, its audit row), their region, the
# candidate with its audit row and first stage change, the address, the verification
# code's outbox row in a savepoint, the session; and the transactions around the signup and the session. bench/profile_signup.py
# measures the same POST against PostgreSQL and Redis. It was 44 before issue 22's signup
# work (the person saved four times, the roles set as by an admin, savepoints for each
# service, a lookup of a code's outbox row before inserting it, of a session key before
# inserting it).
SIGNUP_POST_QUERIES = 29


def test_a_signup_takes_a_fixed_number_of_queries(north, django_assert_num_queries):
    sign_up(Client(), email="first@example.org")  # content types and the like, once a process

    with django_assert_num_queries(SIGNUP_POST_QUERIES):
        response = sign_up(Client(), email="second@example.org")

    assert response.status_code == 302
    assert Candidate.objects.filter(user__email="second@example.org").exists()


def test_a_signup_is_one_insert_of_the_person_with_their_name_language_and_time_zone(
    client, settings
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    with CaptureQueriesContext(connection) as queries:
        sign_up(client, name="  Riley Park ", zip_code="55101")

    user = User.objects.get(email="new@example.org")
    assert (user.name, user.language, user.time_zone) == ("Riley Park", "es", "America/Chicago")
    writes = [q["sql"] for q in queries if q["sql"].startswith(("INSERT", "UPDATE"))]
    assert len([sql for sql in writes if sql.startswith('INSERT INTO "rfs_user" ')]) == 1
    # Nothing is written to the person's row after it: their role's copy was in it.
    assert [sql for sql in writes if sql.startswith('UPDATE "rfs_user" ')] == []
    assert user.role_list == "candidate" and user.groups.get().name == Role.CANDIDATE


def test_a_signup_leaves_its_audit_trail(client):
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    sign_up(client)

    user = User.objects.get(email="new@example.org")
    candidate = Candidate.objects.get(user=user)
    entries = {
        (entry.content_type.model, entry.object_pk, entry.action): entry.changes_dict
        for entry in LogEntry.objects.select_related("content_type")
    }
    assert (
        ContentType.objects.get_for_model(User).model,
        str(user.pk),
        LogEntry.Action.CREATE,
    ) in (entries)
    assert (
        ContentType.objects.get_for_model(Candidate).model,
        str(candidate.pk),
        LogEntry.Action.CREATE,
    ) in entries
    assert any("groups" in (changes or {}) for changes in entries.values())
    assert user.groups.get().name == Role.CANDIDATE and user.role_names == {Role.CANDIDATE}


# --- The blank form's cached fields ------------------------------------------------------


def test_signup_blank_form_is_rendered_once_and_served_the_same(client):
    first = client.get(reverse("account_signup"))
    second = client.get(reverse("account_signup"))

    assert first.context["form"].blank
    # The signup form (the page's footer holds the language switcher's form too).
    fields = re.compile(r'<form method="post" action="/accounts/signup/".*?</form>', re.S)
    without_token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    [before], [after] = (
        fields.findall(first.content.decode()),
        fields.findall(second.content.decode()),
    )
    assert without_token.sub("", before) == without_token.sub("", after)
    assert 'id="id_date_of_birth"' in after and 'id="id_consent_sms"' in after


def test_signup_with_picked_offices_is_not_served_the_cached_blank_form(client):
    client.get(reverse("account_signup"))  # the blank form, now cached
    session = client.session
    session["office_interests"] = [
        {
            "label": "Saint Paul City Council",
            "level": "municipal",
            "office_id": None,
            "state": "MN",
            "zip": "55101",
        },
    ]
    session.save()

    response = client.get(reverse("account_signup"))

    assert not response.context["form"].blank
    assert "Saint Paul City Council" in response.content.decode()


def test_signup_blank_form_is_cached_per_language(client):
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    english = client.get(reverse("account_signup"))
    client.get(reverse("account_signup"), headers={"accept-language": "es"})

    version = english.context["form"].fields_version
    for language in ("en", "es"):
        assert 'id="id_name"' in cache.get(
            make_template_fragment_key("signup_fields", [version, language])
        )


def test_signup_bad_input_after_a_cached_blank_form_still_shows_the_errors(client):
    client.get(reverse("account_signup"))

    response = sign_up(client, phone="12", name="Casey Rivera")

    assert not response.context["form"].blank
    page = response.content.decode()
    assert "That doesn&#x27;t look like a phone number" in page
    assert 'value="Casey Rivera"' in page


# --- The welcome email waits for a confirmed address --------------------------------------

CODE = re.compile(r"^\s+(\S+)\s*$", re.MULTILINE)


def emailed_code(to: str) -> str:
    """The code in the last message delivered to ``to`` (the outbox row keeps none)."""
    [*_, message] = [m for m in mail.outbox if m.to == [to] and "code" in m.subject]
    return CODE.search(message.body).group(1)


def welcomes(email: str) -> int:
    return OutboundEmail.objects.filter(to_email=email, purpose="welcome").count()


def test_signup_sends_no_welcome_before_the_address_is_confirmed(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, name="Mallory Prank", email="stranger@example.org")

    assert welcomes("stranger@example.org") == 0
    assert [m.subject for m in mail.outbox] == ["Your confirmation code"]


def test_confirming_the_address_sends_the_welcome_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_email_verification_sent"), {"code": emailed_code("new@example.org")}
        )

    assert welcomes("new@example.org") == 1
    assert len([m for m in mail.outbox if m.subject.startswith("Welcome")]) == 1
    # Another confirmation (the same address again, here by hand) sends no second one.
    user = User.objects.get(email="new@example.org")
    services.candidate_welcome(user=user)
    assert welcomes("new@example.org") == 1


def test_confirming_by_a_sign_in_code_later_sends_the_welcome(
    client, django_capture_on_commit_callbacks
):
    sign_up(client)  # and never typed the code
    other_browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        other_browser.post(reverse("account_request_login_code"), {"email": "new@example.org"})
    assert welcomes("new@example.org") == 0

    with django_capture_on_commit_callbacks(execute=True):
        other_browser.post(
            reverse("account_confirm_login_code"), {"code": emailed_code("new@example.org")}
        )

    assert welcomes("new@example.org") == 1


def test_welcome_is_not_sent_again_after_an_address_change(
    candidate_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_welcome(user=candidate_user)
    candidate_user.email = "casey.new@example.org"
    candidate_user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=candidate_user).update(email="casey.new@example.org")

    services.candidate_welcome(user=candidate_user)

    assert OutboundEmail.objects.filter(recipient=candidate_user, purpose="welcome").count() == 1


def test_welcome_is_only_for_candidates_with_a_confirmed_address(staff, candidate_user):
    EmailAddress.objects.filter(user=candidate_user).update(verified=False)

    services.candidate_welcome(user=staff)
    services.candidate_welcome(user=candidate_user)

    assert not OutboundEmail.objects.filter(purpose="welcome").exists()
