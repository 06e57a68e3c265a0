"""Every email the platform sends keeps its word: each link opens a working page.

The emails come from ``tests/emails_registry.py``: each is made the way it happens (real
objects, the real service), then every link in its text, its HTML and its
List-Unsubscribe header is followed with the recipient's session (none for one-click
links such as unsubscribe) and must land on a 2xx page that is neither the home page,
nor a sign-in page, nor an error. A template without a registry entry fails here.
"""

import html
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests.emails_registry import EMAILS, NOW
from tests.factories.endorsements import use_tmp_private_storage

pytestmark = pytest.mark.django_db

# An address unlike Django's test host and the old default, so a link built from anything
# but RFS_SITE_URL shows up.
SITE_URL = "http://127.0.0.1:8123"
# Links that work without signing in, by design: the token is the authorisation.
ONE_CLICK = {"unsubscribe", "candidates:call_manage", "candidates:call_join"}
# Emails read before the person has ever signed in (or while signing in).
NO_SESSION_YET = {
    "invitation",
    "account/email/login_code",
    "account/email/email_confirmation_signup",
    "account/email/unknown_account",
    "account/email/account_already_exists",
}
REDIRECTS = {301, 302, 303, 307, 308}
TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.fixture(autouse=True)
def _world(settings, monkeypatch, tmp_path):
    settings.SITE_URL = SITE_URL
    settings.MEDIA_ROOT = str(tmp_path / "media")
    use_tmp_private_storage(settings, monkeypatch, tmp_path / "private")
    with time_machine.travel(NOW, tick=False):
        yield


def links_in(email) -> list[str]:
    found = [html.unescape(href) for href in re.findall(r'href="([^"]*)"', email.body_html)]
    found += re.findall(r"https?://[^\s<>\"')]+", email.body_text)
    found += re.findall(r"<([^>]+)>", email.headers.get("List-Unsubscribe", ""))
    return list(dict.fromkeys(link.rstrip(".,;") for link in found))


def url_name(path: str) -> str:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return ""
    return match.view_name


def follow(client: Client, url: str):
    """GET ``url`` and its redirects inside the site; stop at a redirect off the site."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    for _ in range(10):
        response = client.get(path)
        if response.status_code not in REDIRECTS:
            return response, path
        location = urlsplit(response["Location"])
        if location.netloc and f"{location.scheme}://{location.netloc}" != SITE_URL:
            return response, response["Location"]
        path = location.path + (f"?{location.query}" if location.query else "")
    raise AssertionError(f"{url} redirects too often")


def registered_templates() -> set[str]:
    ours = {path.name.split(".")[0] for path in (TEMPLATES / "emails").glob("*.subject.txt")} - {
        "base"
    }
    allauth = {
        "account/email/" + path.name.removesuffix("_subject.txt")
        for path in (TEMPLATES / "account" / "email").glob("*_subject.txt")
    }
    return ours | allauth


def test_email_registry_covers_every_email_template():
    assert sorted(registered_templates() - set(EMAILS)) == []
    assert sorted(set(EMAILS) - registered_templates()) == []


@pytest.mark.parametrize("name", sorted(EMAILS))
def test_email_links_land_on_a_working_page_for_the_recipient(name):
    case = EMAILS[name]
    made = case.make()
    for email in made if isinstance(made, list) else [made]:
        check_links(name, case, email)


def check_links(name, case, email) -> None:
    links = links_in(email)
    signed_in = Client()
    if email.recipient is not None and name not in NO_SESSION_YET:
        signed_in.force_login(email.recipient)

    home, sign_in = reverse("home"), reverse("account_login")
    landed: dict[str, list[str]] = {}
    for link in links:
        assert link.startswith(("http://", "https://")), (
            f"{name}: a relative or empty link {link!r}"
        )
        if not link.startswith(SITE_URL + "/"):
            # Off the site (a meeting room, a partner's page): never our own old address.
            assert "localhost" not in link and "testserver" not in link, (
                f"{name}: {link} is not on RFS_SITE_URL"
            )
            continue
        view = url_name(link.removeprefix(SITE_URL))
        client = Client() if view in ONE_CLICK else signed_in
        response, final = follow(client, link)
        if final.startswith("http"):
            continue  # the join link, on to the meeting room
        where = f"{name} to {email.to_email}: {link} -> {final}"
        assert 200 <= response.status_code < 300, f"{where} answered {response.status_code}"
        assert urlsplit(final).path != home, f"{where} lands on the home page"
        assert urlsplit(final).path != sign_in, f"{where} asks to sign in"
        landed.setdefault(view, []).append(response.content.decode())

    assert bool(links) == case.has_links, (
        f"{name}: links {links}, expected {'some' if case.has_links else 'none'}"
    )
    for view, words in case.lands_on.items():
        assert view in landed, f"{name} has no link to {view}"
        assert any(words in page for page in landed[view]), (
            f"{name}: no {view} page shows {words!r}"
        )


def test_email_links_are_built_from_rfs_site_url_only():
    email = EMAILS["intro_confirmation"].make()

    assert "localhost:8000" not in email.body_text + email.body_html
    assert f"{SITE_URL}/calls/r/" in email.body_text
