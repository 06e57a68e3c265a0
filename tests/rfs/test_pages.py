import re

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from rfs import services
from rfs.emails import RenderedEmail
from rfs.middleware import TimezoneMiddleware

pytestmark = pytest.mark.django_db


def test_home_invites_visitors_to_sign_up(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert reverse("account_signup") in response.content.decode()


def test_home_greets_a_signed_in_volunteer_by_name(client, screener):
    screener.name = "Sam Okoro"
    screener.save()
    client.force_login(screener)

    response = client.get(reverse("home"))

    assert "Welcome, Sam" in response.content.decode()


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("feature", ["camera", "microphone", "geolocation", "payment", "usb"])
def test_pages_deny_device_features_by_permissions_policy(client, feature):
    response = client.get(reverse("home"))

    assert f"{feature}=()" in response["Permissions-Policy"].split(", ")


def test_pages_have_no_inline_scripts_or_third_party_assets(client):
    body = client.get(reverse("home")).content.decode()

    scripts = re.findall(r"<script[^>]*>", body)
    assert scripts
    assert all('src="/static/' in tag for tag in scripts)
    assert "https://" not in re.sub(r'href="https://[^"]*"', "", body)  # no CDN assets


def test_home_has_a_skip_link_to_the_main_content(client):
    body = client.get(reverse("home")).content.decode()

    assert 'href="#main"' in body
    assert 'id="main"' in body


def test_missing_page_shows_a_friendly_404(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "find that page" in response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
def test_favicon_is_an_empty_answer_that_sets_no_cookie(client, director, signed_in):
    """Browsers ask for it on pages that name no icon (the admin's, /healthz). A 404 page
    there sent a CSRF cookie that could land after the next page's and overwrite it, so a
    form opened meanwhile was refused (CI saw a sign-in fail so)."""
    if signed_in:
        client.force_login(director)

    response = client.get("/favicon.ico")

    assert response.status_code == 204
    assert response["Cache-Control"] == "public, max-age=86400"
    assert "csrftoken" not in response.cookies and "sessionid" not in response.cookies


def test_navigation_follows_the_role(client, candidate_user, director):
    client.force_login(candidate_user)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()

    client.force_login(director)
    assert reverse("admin:index") in client.get(reverse("home")).content.decode()


def test_times_are_shown_in_the_viewers_time_zone(rf, candidate_user):
    candidate_user.time_zone = "America/Los_Angeles"
    seen = {}

    def view(request):
        seen["zone"] = timezone.get_current_timezone_name()
        return HttpResponse()

    request = rf.get("/")
    request.user = candidate_user
    TimezoneMiddleware(view)(request)

    assert seen["zone"] == "America/Los_Angeles"


def test_outbox_is_searchable_by_staff(client, staff):
    services.email_queue(
        purpose="welcome",
        to_email="find.me@example.org",
        content=RenderedEmail("Welcome", "Hi", ""),
    )
    services.email_queue(
        purpose="welcome", to_email="other@example.org", content=RenderedEmail("Welcome", "Hi", "")
    )
    client.force_login(staff)

    response = client.get(reverse("admin:rfs_outboundemail_changelist"), {"q": "find.me"})

    assert [email.to_email for email in response.context["cl"].result_list] == [
        "find.me@example.org"
    ]
