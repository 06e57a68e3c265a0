"""A new user, on a phone: from the finder to signup to My journey."""

import re

import pytest
from django.urls import reverse

from candidates.models import Candidate
from tests.browser.test_signup import CODE, wait_for_code

PHONE = {"width": 375, "height": 740}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_from_the_finder_to_my_journey_on_a_phone(live_server, page, assert_accessible):
    from playwright.sync_api import expect

    page.set_viewport_size(PHONE)
    email_address = "jordan.lee@example.org"

    # Where can I run: 55101 is Saint Paul, Minnesota.
    page.goto(live_server.url + reverse("candidates:finder") + "?zip=55101")
    expect(page.get_by_text("Saint Paul", exact=False).first).to_be_visible()
    assert_accessible(page, "finder results at 375 px")
    page.get_by_role("link", name=re.compile(r"I might run for this \(.*House")).first.click()

    # Signup, with the office already picked.
    expect(page).to_have_url(re.compile(re.escape(reverse("account_signup"))))
    picked = page.get_by_role("checkbox", name=re.compile("House"))
    expect(picked).to_be_checked()
    assert_accessible(page, "signup with a picked office at 375 px")
    page.get_by_label("Your name").fill("Jordan Lee")
    page.locator("#id_email").fill(email_address)
    page.get_by_label("Mobile phone").fill("(651) 555-0199")
    page.get_by_label("ZIP code where you live").fill("55101")
    page.get_by_label("Date of birth").fill("1996-07-14")
    page.get_by_label("I'm not sure yet").check()
    page.get_by_label("No, this would be my first time").check()
    page.get_by_role("button", name="Sign up").click()

    # The emailed code.
    expect(page).to_have_url(live_server.url + reverse("account_email_verification_sent"))
    assert_accessible(page, "code page at 375 px")
    code = CODE.search(wait_for_code(email_address).body).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()

    # My journey: the intro call is the next step; the picked office is remembered.
    expect(page).to_have_url(live_server.url + reverse("candidates:journey"))
    expect(page.get_by_role("heading", name="Join an intro call")).to_be_visible()
    expect(page.get_by_role("region", name="Offices you're curious about")).to_contain_text("House")
    assert_accessible(page, "My journey at 375 px")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"My journey scrolls sideways ({scroll_width} px)"

    candidate = Candidate.objects.get(user__email=email_address)
    assert candidate.state == "MN"
    assert candidate.office_interests.filter(level="state_legislature").exists()
    assert page.errors == [], "errors in the browser:\n" + "\n".join(page.errors)
