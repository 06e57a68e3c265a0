import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rfs import selectors, services
from rfs.emails import unsubscribe_token
from rfs.enums import Role
from rfs.models import OutboundEmail, User
from tests.conftest import signup_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^\s+(\S+)\s*$", re.MULTILINE)


def sign_up(client, email="new@example.org", name="Riley Park"):
    return client.post(reverse("account_signup"), signup_data(name=name, email=email))


def codes_sent_to(address: str) -> list[str]:
    """The codes in the messages as delivered, oldest first: the outbox row loses its code
    once sent."""
    return [
        CODE.search(m.body).group(1)
        for m in mail.outbox
        if m.to == [address] and CODE.search(m.body)
    ]


def code_from(email: OutboundEmail) -> str:
    return codes_sent_to(email.to_email)[-1]


def test_signup_asks_for_no_password(client):
    response = client.get(reverse("account_signup"))

    body = response.content.decode()
    assert 'name="email"' in body
    assert 'name="name"' in body
    assert 'type="password"' not in body


def test_signup_saves_a_candidate_and_emails_a_code_through_the_outbox(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)

    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")
    assert user.name == "Riley Park"
    assert user.has_usable_password() is False
    assert user.role_names == {Role.CANDIDATE}
    email = OutboundEmail.objects.get(
        to_email="new@example.org", purpose="email_confirmation_signup"
    )
    assert email.recipient == user
    [delivered] = [m for m in mail.outbox if m.subject == email.subject]
    assert "Hi Riley," in delivered.body
    assert "user user" not in delivered.body
    # The welcome waits for the address to be confirmed (tests/candidates/test_signup.py).
    assert [m.subject for m in mail.outbox] == ["Your confirmation code"]


def test_signup_code_confirms_the_email_and_signs_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    code = code_from(
        OutboundEmail.objects.get(to_email="new@example.org", purpose="email_confirmation_signup")
    )

    response = client.post(reverse("account_email_verification_sent"), {"code": code}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("candidates:journey")
    assert "Hi Riley, here" in response.content.decode()
    assert EmailAddress.objects.get(email="new@example.org").verified is True


def test_signup_with_a_bad_email_keeps_what_was_typed(client):
    response = sign_up(client, email="not-an-email")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter a valid email address." in body
    assert 'value="Riley Park"' in body
    assert User.objects.count() == 0


def test_login_by_code_emails_a_new_code_each_time(
    candidate_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # two browsers, or a second try after the first code expired
            Client().post(reverse("account_request_login_code"), {"email": candidate_user.email})

    emails = OutboundEmail.objects.filter(to_email=candidate_user.email, purpose="login_code")
    assert emails.count() == 2
    assert len(set(codes_sent_to(candidate_user.email))) == 2
    assert emails.first().subject.startswith("Your sign-in code")


def test_login_by_code_signs_in(client, candidate_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": candidate_user.email})
    code = code_from(OutboundEmail.objects.get(purpose="login_code"))

    response = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)

    assert response.context["user"] == candidate_user


def test_people_may_add_a_password(client, candidate_user):
    candidate_user.set_unusable_password()
    candidate_user.save()
    client.force_login(candidate_user)

    response = client.post(
        reverse("account_set_password"),
        {"password1": "a-long-new-passphrase", "password2": "a-long-new-passphrase"},
    )

    assert response.status_code == 302
    candidate_user.refresh_from_db()
    assert candidate_user.check_password("a-long-new-passphrase")


def test_password_reset_emails_through_the_outbox(
    client, candidate_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": candidate_user.email})

    assert OutboundEmail.objects.filter(
        to_email=candidate_user.email, purpose="password_reset_key"
    ).exists()


def test_admin_login_is_allauths_throttled_login(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_failed_logins_are_rate_limited(client, candidate_user):
    pages = [
        client.post(reverse("account_login"), {"login": candidate_user.email, "password": "wrong"})
        for _ in range(6)
    ]

    assert "password you specified are not correct" in pages[0].content.decode()
    assert "Too many failed login attempts" in pages[-1].content.decode()


# --- Two-factor authentication ---------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.NATIONAL_STAFF, Role.REGIONAL_DIRECTOR, Role.COMMITTEE_MEMBER]
)
def test_privileged_roles_must_set_up_two_factor_first(client, role):
    client.force_login(UserFactory(roles=[role]))

    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", [Role.NATIONAL_STAFF, Role.REGIONAL_DIRECTOR])
def test_privileged_roles_without_two_factor_cannot_reach_the_admin(client, role):
    client.force_login(UserFactory(roles=[role]))

    response = client.get(reverse("admin:index"))

    assert response["Location"] == reverse("mfa_activate_totp")


def test_two_factor_setup_page_stays_open(client):
    client.force_login(UserFactory(roles=[Role.NATIONAL_STAFF]))

    response = client.get(reverse("mfa_activate_totp"), follow=True)

    # allauth asks to confirm who you are first; both pages are open to the person.
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))


def test_password_login_works_for_people_who_set_one(client, candidate_user):
    response = client.post(
        reverse("account_login"),
        {"login": candidate_user.email, "password": "correct horse battery staple"},
    )

    assert response.status_code == 302
    assert client.get(reverse("candidates:journey")).context["user"] == candidate_user


def test_two_factor_requirement_can_be_switched_off_for_a_demo(client, settings):
    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False
    client.force_login(UserFactory(roles=[Role.NATIONAL_STAFF]))

    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.SCREENER, Role.MENTOR])
def test_two_factor_is_optional_for_other_roles(client, role):
    client.force_login(UserFactory(roles=[role]))

    assert client.get(reverse("home")).status_code == 200


# --- Roles and invitations --------------------------------------------------------------


def test_user_set_roles_gives_admin_access_to_directors_and_staff(candidate_user):
    services.user_set_roles(user=candidate_user, roles=[Role.CANDIDATE, Role.MENTOR])
    assert candidate_user.is_staff is False

    services.user_set_roles(user=candidate_user, roles=[Role.MENTOR, Role.REGIONAL_DIRECTOR])
    candidate_user.refresh_from_db()
    assert candidate_user.is_staff is True
    assert candidate_user.role_names == {Role.MENTOR, Role.REGIONAL_DIRECTOR}


def test_user_set_roles_removing_director_leaves_their_regions(director, north):
    services.user_set_roles(user=director, roles=[Role.MENTOR])

    assert list(north.directors.all()) == []
    director.refresh_from_db()
    assert director.is_staff is False


def test_user_invite_creates_a_passwordless_person_and_emails_them(
    staff, north, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.user_invite(
            email="New.Director@Example.org",
            name="Nia Director",
            roles=[Role.REGIONAL_DIRECTOR],
            regions=[north],
            invited_by=staff,
        )

    assert invited.email == "new.director@example.org"
    assert invited.has_usable_password() is False
    assert invited.is_staff is True
    assert list(invited.directed_regions.all()) == [north]
    assert mail.outbox[0].to == ["new.director@example.org"]
    assert "Regional director" in mail.outbox[0].body


def test_user_invite_of_an_existing_person_adds_roles(staff, candidate_user):
    services.user_invite(email=candidate_user.email, name="", roles=[Role.MENTOR], invited_by=staff)

    candidate_user.refresh_from_db()
    assert candidate_user.role_names == {Role.CANDIDATE, Role.MENTOR}
    assert User.objects.filter(email=candidate_user.email).count() == 1


def test_admin_add_person_invites_them(client, staff, north, django_capture_on_commit_callbacks):
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:rfs_user_add"),
            {"email": "mentor.new@example.org", "name": "Max", "roles": [Role.MENTOR]},
            follow=True,
        )

    assert response.status_code == 200
    assert User.objects.get(email="mentor.new@example.org").role_names == {Role.MENTOR}
    assert "Invitation sent to mentor.new@example.org" in response.content.decode()
    assert mail.outbox[0].to == ["mentor.new@example.org"]


def test_admin_invite_refuses_regions_for_non_directors(client, staff, north):
    client.force_login(staff)

    response = client.post(
        reverse("admin:rfs_user_add"),
        {"email": "m@example.org", "name": "Max", "roles": [Role.MENTOR], "regions": [north.pk]},
    )

    assert response.status_code == 200
    assert "Only regional directors direct regions." in response.content.decode()
    assert not User.objects.filter(email="m@example.org").exists()


def test_admin_changes_roles(client, staff, candidate_user):
    client.force_login(staff)

    client.post(
        reverse("admin:rfs_user_change", args=[candidate_user.pk]),
        {
            "name": "Casey Rivera",
            "time_zone": "America/Chicago",
            "is_active": "on",
            "roles": [Role.CANDIDATE, Role.SCREENER],
        },
    )

    candidate_user.refresh_from_db()
    assert candidate_user.role_names == {Role.CANDIDATE, Role.SCREENER}
    assert candidate_user.time_zone == "America/Chicago"


def test_admin_deactivates_people(client, staff, candidate_user, screener):
    client.force_login(staff)

    client.post(
        reverse("admin:rfs_user_changelist"),
        {"action": "deactivate", "_selected_action": [candidate_user.pk, screener.pk, staff.pk]},
    )

    assert set(User.objects.filter(is_active=False)) == {candidate_user, screener}


# --- Unsubscribe --------------------------------------------------------------------------


def test_unsubscribe_link_does_nothing_on_get(client, candidate_user):
    response = client.get(reverse("unsubscribe", args=[unsubscribe_token(candidate_user.pk)]))

    candidate_user.refresh_from_db()
    assert response.status_code == 200
    assert candidate_user.unsubscribed_at is None


def test_unsubscribe_button_unsubscribes(client, candidate_user):
    response = client.post(reverse("unsubscribe", args=[unsubscribe_token(candidate_user.pk)]))

    candidate_user.refresh_from_db()
    assert response.status_code == 200
    assert candidate_user.unsubscribed_at is not None


def test_unsubscribe_with_a_forged_token_is_refused(client, candidate_user):
    response = client.post(reverse("unsubscribe", args=[f"{candidate_user.pk}:forged"]))

    candidate_user.refresh_from_db()
    assert response.status_code == 404
    assert candidate_user.unsubscribed_at is None


# --- Health -------------------------------------------------------------------------------


def test_healthz_reports_database_and_broker(client, monkeypatch):
    monkeypatch.setattr(
        selectors, "PROCESS_STARTED_AT", timezone.now()
    )  # just started: no sweep yet

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "ok",
        "outbox_sweep": {"status": "starting", "last_run_at": None},
    }


def test_healthz_reports_a_broker_outage(client, monkeypatch):
    from kombu import Connection

    from rfs.celery import app

    # Nothing listens on port 1: the broker is down.
    monkeypatch.setattr(app, "connection_for_write", lambda: Connection("redis://127.0.0.1:1/0"))

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    assert response.json()["broker"] == "unavailable"
