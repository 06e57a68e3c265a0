"""One way in: allauth's sign-in, with its rate limits and, for privileged roles, the
second factor. Django's admin pages hand over to it, and a session that skipped the
second factor reaches no privileged page."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib import admin
from django.urls import reverse

from rfs.enums import Role
from tests.conftest import PERSONAS
from tests.factories import UserFactory
from tests.rfs.test_permissions import MATRIX

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # the factories' password
SECRET = generate_totp_secret()


def totp_code() -> str:
    """The code the director's authenticator app shows right now."""
    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))


@pytest.fixture
def enrolled_director(north):
    """A director with an authenticator app whose secret the test knows."""
    user = UserFactory(email="della@example.org", roles=[Role.REGIONAL_DIRECTOR], directs=[north])
    TOTP.activate(user, SECRET)
    return user


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


# --- Django's admin pages hand over to allauth's ----------------------------------------


def test_admin_login_sends_visitors_to_allauths_login_with_next(client):
    response = client.get(reverse("admin:login") + "?next=/admin/candidates/")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/candidates/"


def test_admin_login_refuses_a_signed_in_person_without_an_admin_role(client, candidate_user):
    client.force_login(candidate_user)

    response = client.get(reverse("admin:login") + "?next=/admin/")

    assert response.status_code == 403
    assert b'type="password"' not in response.content


def test_admin_login_sends_a_director_on_to_the_workplace(client, director):
    client.force_login(director)

    response = client.get(reverse("admin:login"))

    assert response["Location"] == reverse("admin:index")


def test_admin_login_post_of_a_directors_password_gives_a_candidate_no_director_session(
    client, candidate_user, enrolled_director
):
    """The audit's bypass: a candidate posted the director's email and password there."""
    client.force_login(candidate_user)

    response = client.post(
        reverse("admin:login") + "?next=/admin/",
        {"username": enrolled_director.email, "password": PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 403
    assert signed_in_user_id(client) == str(candidate_user.pk)
    assert client.get(reverse("dashboard")).status_code == 403


def test_admin_login_post_of_a_directors_password_signs_nobody_in(client, enrolled_director):
    response = client.post(
        reverse("admin:login"), {"username": enrolled_director.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert signed_in_user_id(client) is None


def test_admin_login_checks_no_password_for_a_signed_in_candidate(
    client, candidate_user, enrolled_director
):
    """The audit's twelve wrong passwords were each answered by Django's form, unthrottled."""
    client.force_login(candidate_user)

    answers = [
        client.post(
            reverse("admin:login"), {"username": enrolled_director.email, "password": f"wrong{n}"}
        )
        for n in range(12)
    ]

    assert {answer.status_code for answer in answers} == {403}


def test_wrong_passwords_are_throttled_by_allauth_then_even_the_right_one_is_refused(
    client, enrolled_director
):
    """allauth's sign-in, the only one, locks the account after a few wrong passwords."""
    pages = [
        client.post(
            reverse("account_login"), {"login": enrolled_director.email, "password": "wrong"}
        )
        for _ in range(12)
    ]

    right = client.post(
        reverse("account_login"), {"login": enrolled_director.email, "password": PASSWORD}
    )

    assert "Too many failed login attempts" in pages[-1].content.decode()
    assert right.status_code == 200
    assert "Too many failed login attempts" in right.content.decode()
    assert signed_in_user_id(client) is None


def test_admin_logout_signs_out_through_allauth(client, director):
    client.force_login(director)

    response = client.post(reverse("admin:logout"), follow=True)

    assert response.redirect_chain[0] == (reverse("account_logout"), 307)
    assert signed_in_user_id(client) is None


def test_admin_password_change_is_allauths(client, director):
    client.force_login(director)

    response = client.get(reverse("admin:password_change"))

    assert response["Location"] == reverse("account_change_password")


# --- The second factor, per session -----------------------------------------------------


def test_allauth_login_with_password_and_authenticator_code_opens_the_workplace(
    client, enrolled_director
):
    password_step = client.post(
        reverse("account_login"), {"login": enrolled_director.email, "password": PASSWORD}
    )
    # After the password alone, nobody is signed in yet.
    assert password_step["Location"] == reverse("mfa_authenticate")
    assert signed_in_user_id(client) is None

    client.post(reverse("mfa_authenticate"), {"code": totp_code()})

    assert signed_in_user_id(client) == str(enrolled_director.pk)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize(
    "url_name", ["admin:index", "dashboard", "home", "account_email", "mfa_index"]
)
def test_password_only_session_is_sent_to_confirm_the_second_factor(
    client, enrolled_director, url_name
):
    """A session signed in with the password alone (Django's own login, as the admin's form
    did) opens no page but the code confirmation and sign-out."""
    assert client.login(email=enrolled_director.email, password=PASSWORD)

    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next={reverse(url_name)}"


def test_password_only_session_may_confirm_its_code_then_carry_on(client, enrolled_director):
    client.login(email=enrolled_director.email, password=PASSWORD)
    assert client.get(reverse("mfa_reauthenticate")).status_code == 200
    assert client.get(reverse("account_logout")).status_code == 200

    response = client.post(reverse("mfa_reauthenticate") + "?next=/admin/", {"code": totp_code()})

    assert response["Location"] == "/admin/"
    assert client.get(reverse("admin:index")).status_code == 200


def test_password_only_session_with_a_wrong_code_stays_out(client, enrolled_director):
    client.login(email=enrolled_director.email, password=PASSWORD)

    client.post(
        reverse("mfa_reauthenticate"), {"code": "000000" if totp_code() != "000000" else "111111"}
    )

    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("mfa_reauthenticate"))


def test_second_factor_of_a_previous_person_does_not_count_for_the_next(
    client, director, enrolled_director
):
    """allauth ties its record of the session's sign-in steps to the person."""
    client.force_login(director)
    client.login(email=enrolled_director.email, password=PASSWORD)

    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("mfa_reauthenticate"))


@pytest.mark.django_db(transaction=True)
def test_setting_up_an_authenticator_app_passes_the_second_factor(client):
    """A person given a privileged role sets up their app with one code, not two.

    allauth announces the new authenticator once its transaction commits, inside the
    request; a real commit here (not the test's wrapping transaction) does the same."""
    user = UserFactory(roles=[Role.NATIONAL_STAFF])
    client.login(email=user.email, password=PASSWORD)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    client.post(reverse("mfa_activate_totp"), {"code": code})

    assert client.get(reverse("admin:index")).status_code == 200


def test_password_only_session_is_allowed_when_the_requirement_is_off(
    client, enrolled_director, settings
):
    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False
    client.login(email=enrolled_director.email, password=PASSWORD)

    assert client.get(reverse("admin:index")).status_code == 200


# --- No password form outside allauth's own pages --------------------------------------

PASSWORD_INPUT = re.compile(r"<input[^>]*type=[\"']?password", re.IGNORECASE)


def admin_urls() -> list[str]:
    """The admin's own pages, and every registered model's list, add and change page."""
    urls = [
        reverse(f"admin:{name}")
        for name in ("index", "login", "logout", "password_change", "password_change_done")
    ]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:app_list", kwargs={"app_label": info[0]}))
        for page in ("changelist", "add"):
            urls.append(reverse("admin:{}_{}_{}".format(*info, page)))
        first = model_admin.model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
    return sorted(set(urls))


@pytest.mark.parametrize("persona_name", PERSONAS)
def test_no_page_shows_a_password_form_outside_allauths_pages(client, persona, persona_name):
    """Every URL in the permission matrix and every admin page, fetched as each persona
    following redirects: only allauth's pages under /accounts/ ask for a password."""
    urls = [
        reverse(name, kwargs=kwargs_for(persona))
        for name, (kwargs_for, _) in sorted(MATRIX.items())
    ]
    urls = sorted({*urls, *admin_urls()})
    user = persona(persona_name)
    if user is not None:
        client.force_login(user)

    offending = []
    for url in urls:
        response = client.get(url, follow=True)
        final_path = response.request["PATH_INFO"]
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            continue  # downloads (CSV, PDF, calendar files) hold no form
        if not final_path.startswith("/accounts/") and PASSWORD_INPUT.search(
            response.content.decode()
        ):
            offending.append(f"{url} -> {final_path}")

    assert offending == []
    # The walk did not sign the persona out on the way.
    assert (client.session.get("_auth_user_id") or None) == (str(user.pk) if user else None)
