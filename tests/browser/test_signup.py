"""A visitor signs up in a real browser: name and email, the emailed code, then home.

Every page on the way passes axe-core's checks, at desktop width and at 375 px (phone).
"""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from rfs.models import OutboundEmail, User

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}  # the context's size (conftest.DESKTOP)

# allauth's email verification code, e.g. BCDF-GHJK: two dashed groups of four.
CODE = re.compile(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b")


def wait_for_email(to_email: str, purpose: str, timeout: float = 10.0) -> OutboundEmail:
    """Poll the outbox until the live server has committed the email's row."""
    deadline = time.monotonic() + timeout
    while True:
        email = (
            OutboundEmail.objects.filter(to_email=to_email, purpose=purpose).order_by("-pk").first()
        )
        if email is not None:
            return email
        if time.monotonic() > deadline:
            seen = list(OutboundEmail.objects.values_list("to_email", "purpose"))
            pytest.fail(
                f"no {purpose!r} email to {to_email} within {timeout} s; outbox holds {seen}"
            )
        time.sleep(0.05)


def wait_for_code(to_email: str, timeout: float = 10.0):
    """Poll the messages delivered (the test mail backend) for one to ``to_email`` with a
    code, and return it. The outbox row loses its code once the email is sent."""
    deadline = time.monotonic() + timeout
    while True:
        for message in reversed(mail.outbox):
            if message.to == [to_email] and CODE.search(message.body):
                return message
        if time.monotonic() > deadline:
            pytest.fail(f"no email with a code to {to_email} within {timeout} s")
        time.sleep(0.05)


def check_page(page, assert_accessible, label: str) -> None:
    """axe at desktop width; then at phone width, with the menu closed and open; then back.

    On a phone the page must not scroll sideways.
    """
    from playwright.sync_api import expect

    assert_accessible(page, label)
    page.set_viewport_size(PHONE)
    try:
        phone = f"{label} at {PHONE['width']} px"
        assert_accessible(page, phone)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= PHONE["width"], f"{phone} scrolls sideways ({scroll_width} px wide)"

        toggler = page.get_by_role("button", name="Show menu")
        expect(toggler).to_be_visible()
        toggler.click()
        expect(toggler).to_have_attribute("aria-expanded", "true")
        # Bootstrap adds "show" once the opening transition is over.
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"\bshow\b"))
        assert_accessible(page, f"{phone}, menu open")
        toggler.click()
        expect(page.locator("#main-nav")).not_to_have_class(re.compile(r"\b(show|collapsing)\b"))
    finally:
        page.set_viewport_size(DESKTOP)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_signs_up_with_an_emailed_code(live_server, page, assert_accessible):
    from playwright.sync_api import expect

    email_address = "riley.okafor@example.org"

    # The front door invites the visitor to sign up.
    page.goto(live_server.url + reverse("home"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("You could run for office")
    check_page(page, assert_accessible, "home page (visitor)")

    page.get_by_role("main").get_by_role("link", name="Sign up").click()
    expect(page).to_have_url(live_server.url + reverse("account_signup"))
    check_page(page, assert_accessible, "signup page")

    # A short form with no password field.
    expect(page.locator("input[type=password]")).to_have_count(0)
    page.get_by_label("Your name").fill("Riley Okafor")
    page.locator("#id_email").fill(email_address)
    page.get_by_label("Mobile phone").fill("651 555 0123")
    page.get_by_label("ZIP code where you live").fill("55101")
    page.get_by_label("Date of birth").fill("1994-03-09")
    page.get_by_label("In the next 2 years").check()
    page.get_by_label("No, this would be my first time").check()
    page.get_by_role("button", name="Sign up").click()

    # allauth asks for the code it emailed.
    expect(page).to_have_url(live_server.url + reverse("account_email_verification_sent"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verification Code")
    check_page(page, assert_accessible, "email verification code page")

    # The code comes from the email as delivered; the outbox row keeps no code.
    wait_for_email(email_address, "email_confirmation_signup")
    message = wait_for_code(email_address)
    code = CODE.search(message.body).group(1)
    assert code not in message.subject
    assert "Hi Riley," in message.body

    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()

    # Signed in, on My journey, with the intro call as the next step.
    expect(page).to_have_url(live_server.url + reverse("candidates:journey"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hi Riley")
    expect(page.get_by_role("heading", name="Join an intro call")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_page(page, assert_accessible, "My journey")

    user = User.objects.get(email=email_address)
    assert user.is_active
    assert user.name == "Riley Okafor"
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(
        user=user, email=email_address, verified=True, primary=True
    ).exists()

    assert page.errors == [], "errors in the browser:\n" + "\n".join(page.errors)
