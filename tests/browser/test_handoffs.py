"""From signup to screened on a phone (375 px), as a nervous first-time candidate lives
it: after each action My journey's next step says what happened and what comes next,
every link in the emails we send on the way opens a working page, no page scrolls
sideways, and the host takes attendance on a phone.

Where a step needs a call to have started, the in-process live server's clock moves
(time-machine); the guards stay on.
"""

import re
from datetime import time, timedelta
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone

from candidates import services
from candidates.enums import Stage
from candidates.models import Candidate, IntroCall, ScreenerAvailability, ScreeningCall
from rfs.enums import Role
from tests.browser.test_intro_call import sign_in
from tests.browser.test_signup import CODE, wait_for_code, wait_for_email
from tests.factories import RegionFactory, UserFactory

PHONE = {"width": 375, "height": 812}
LINK = re.compile(r"https?://[^\s<>\"')]+")


def no_sideways_scroll(page, label: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{label} scrolls sideways at 375 px ({width} px wide)"


def next_step(page):
    return page.get_by_test_id("next-step")


def follow_email_links(page, live_server, email, label: str) -> list[str]:
    """Open every link of ours in an email (mapped onto the live server: the site's
    address setting may not name it), each landing on a working page that isn't the
    home page. Returns the paths followed."""
    ours = urlsplit(django_settings.SITE_URL).netloc
    followed = []
    for url in dict.fromkeys(LINK.findall(email.body_text)):
        parts = urlsplit(url)
        if parts.netloc != ours:
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = page.goto(live_server.url + path)
        assert response is not None and response.status < 400, (
            f"{label}: {path} answered {response and response.status}"
        )
        assert urlsplit(page.url).path != "/", f"{label}: {path} landed on the home page"
        no_sideways_scroll(page, f"{label} link {path}")
        followed.append(path)
    assert followed, f"{label}: no link of ours in the email"
    return followed


def measure_journey(page) -> dict:
    """My journey's height and where the next step's card ends, at 375 x 812."""
    return page.evaluate("""() => {
        const card = document.querySelector('[data-testid=next-step]').getBoundingClientRect();
        const coming = document.querySelector('[aria-labelledby=coming-heading]');
        return {
            height: document.documentElement.scrollHeight,
            step_bottom: card.bottom + window.scrollY,
            coming_bottom: coming ? coming.getBoundingClientRect().bottom + window.scrollY : null,
        };
    }""")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_signup_to_screened_on_a_phone(live_server, chromium, page, assert_accessible, settings):
    from playwright.sync_api import expect

    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False
    north = RegionFactory(name="North", states=["NY"])
    host = UserFactory(
        email="dana@example.org",
        name="Dana Whitfield",
        roles=[Role.REGIONAL_DIRECTOR],
        directs=[north],
    )
    volunteer = UserFactory(email="sam@example.org", name="Sam Okafor", roles=[Role.SCREENER])
    screener = services.screener_apply(
        user=volunteer,
        regions=[north],
        languages=["en"],
        weekly_capacity=5,
        time_zone="America/New_York",
        meeting_url="https://meet.example.org/sam",
    )
    services.screener_approve(screener=screener, by=host)
    for weekday in range(7):
        ScreenerAvailability.objects.create(
            screener=screener, weekday=weekday, start_time=time(12), end_time=time(13)
        )
    call = IntroCall.objects.create(
        region=north,
        host=host,
        starts_at=timezone.now() + timedelta(hours=3),
        meeting_url=live_server.url + "/healthz",
    )
    page.set_viewport_size(PHONE)
    email_address = "riley.okafor@example.org"

    # Signup, and the emailed code.
    page.goto(live_server.url + reverse("account_signup"))
    no_sideways_scroll(page, "signup")
    page.get_by_label("Your name").fill("Riley Okafor")
    page.locator("#id_email").fill(email_address)
    page.get_by_label("Mobile phone").fill("212 555 0123")
    page.get_by_label("ZIP code where you live").fill("10001")
    page.get_by_label("Date of birth").fill("1994-03-09")
    page.get_by_label("In the next 2 years").check()
    page.get_by_label("No, this would be my first time").check()
    page.get_by_role("button", name="Sign up").click()
    code = CODE.search(wait_for_code(email_address).body).group(1)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Confirm").click()

    # 1. Signed up: join an intro call. The next step is above the fold; the page is short.
    expect(page).to_have_url(live_server.url + reverse("candidates:journey"))
    expect(next_step(page)).to_contain_text("Join an intro call")
    new = measure_journey(page)
    print(f"My journey at 375x812, new candidate: {new}")
    assert new["step_bottom"] <= PHONE["height"], new
    assert new["height"] < 2000, new
    no_sideways_scroll(page, "My journey")
    assert_accessible(page, "My journey at 375 px, new")

    # 2. Registered: the next step is that call, with when, join and add to calendar.
    next_step(page).get_by_role("link", name="See the times").click()
    no_sideways_scroll(page, "intro call list")
    page.get_by_role("button", name="Register").first.click()
    expect(page.get_by_role("alert")).to_contain_text("You're in!")
    page.goto(live_server.url + reverse("candidates:journey"))
    expect(next_step(page)).to_contain_text("You're booked on an intro call")
    expect(next_step(page)).to_contain_text("Hosted by Dana")
    expect(next_step(page).get_by_role("link", name="Add to calendar")).to_be_visible()
    booked = measure_journey(page)
    print(f"My journey at 375x812, intro call booked: {booked}")
    assert booked["step_bottom"] <= PHONE["height"], booked
    follow_email_links(
        page, live_server, wait_for_email(email_address, "intro_confirmation"), "intro confirmation"
    )

    # 3. The call starts: the candidate joins from the link; the host takes attendance on a
    # phone and marks it held.
    clock = time_machine.travel(call.starts_at + timedelta(minutes=5), tick=True)
    clock.start()
    try:
        registration = call.registrations.get()
        page.goto(live_server.url + reverse("candidates:call_join", args=[registration.join_token]))
        expect(page).to_have_url(live_server.url + "/healthz")

        host_context = chromium.new_context(viewport=PHONE, locale="en-US", bypass_csp=True)
        host_page = host_context.new_page()
        sign_in(host_page, live_server, "dana@example.org")
        host_page.goto(live_server.url + reverse("candidates:host_calls"))
        no_sideways_scroll(host_page, "host's session list")
        host_page.goto(live_server.url + reverse("candidates:host_call_roster", args=[call.pk]))
        no_sideways_scroll(host_page, "roster")
        attended = host_page.get_by_label("Riley Okafor attended")
        expect(attended).to_be_checked()
        box = attended.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
        assert_accessible(host_page, "roster at 375 px")
        host_page.get_by_role("button", name="Save attendance").click()
        expect(host_page.get_by_role("alert")).to_contain_text("Attendance saved")
        host_page.get_by_role("button", name="Mark the call as held").click()
        expect(host_page.get_by_role("alert")).to_contain_text("Marked as held")
    finally:
        clock.stop()

    # 4. After the call: the thank-you email opens My journey, which offers the 1:1 and
    # no second intro call.
    follow_email_links(
        page, live_server, wait_for_email(email_address, "intro_thanks"), "intro thank-you"
    )
    page.goto(live_server.url + reverse("candidates:journey"))
    expect(next_step(page)).to_contain_text("Talk one-on-one with a volunteer")
    expect(page.get_by_text("Pick an intro call")).to_have_count(0)
    next_step(page).get_by_role("button", name="Yes, I'd like a one-on-one").click()
    expect(next_step(page)).to_contain_text("Book your one-on-one")

    # 5. Booking: the page names the zone; the booked call becomes the next step.
    next_step(page).get_by_role("link", name="Book your one-on-one").click()
    expect(
        page.get_by_text(re.compile(r"times are shown in your time zone, E[SD]T \(New York\)"))
    ).to_be_visible()
    no_sideways_scroll(page, "booking page")
    page.get_by_role("button", name=re.compile(r"^Book .* with Sam")).first.click()
    expect(page.get_by_role("alert")).to_contain_text("You're booked!")
    page.goto(live_server.url + reverse("candidates:journey"))
    expect(next_step(page)).to_contain_text("Your one-on-one with Sam is booked")
    expect(next_step(page)).to_contain_text(re.compile(r"\d:\d\d [AP]M E[SD]T"))
    expect(next_step(page).get_by_role("link", name="Join the call")).to_have_attribute(
        "href", "https://meet.example.org/sam"
    )
    expect(next_step(page).get_by_role("link", name="Change the time")).to_be_visible()
    follow_email_links(
        page, live_server, wait_for_email(email_address, "screening_booked_candidate"), "1:1 booked"
    )

    # 6. The 1:1 happens; the screener logs it; the resources email opens My journey,
    # whose next step is the race.
    booking = ScreeningCall.objects.get(candidate__user__email=email_address)
    clock = time_machine.travel(booking.starts_at + timedelta(minutes=30), tick=True)
    clock.start()
    try:
        screener_context = chromium.new_context(viewport=PHONE, locale="en-US", bypass_csp=True)
        screener_page = screener_context.new_page()
        sign_in(screener_page, live_server, "sam@example.org")
        screener_page.goto(live_server.url + reverse("candidates:screener_home"))
        no_sideways_scroll(screener_page, "screener's page")
        screener_page.get_by_role("link", name="Log the call with Riley").click()
        screener_page.get_by_label("What problems do they want to solve?").fill(
            "Affordable housing"
        )
        screener_page.get_by_label("How have they been involved in their community?").fill(
            "Tenants' union"
        )
        screener_page.get_by_label("What concerns do they have about running?").fill("Money")
        screener_page.get_by_label("What does progressive mean to them and their community?").fill(
            "Nobody left out"
        )
        for group in (
            "Community knowledge",
            "Relationships and network",
            "Understanding of what a campaign takes",
            "Values",
        ):
            screener_page.get_by_role("group", name=group, exact=True).get_by_label(
                re.compile(r"^3 ·")
            ).check()
        screener_page.get_by_label("Build experience first").check()
        screener_page.get_by_role("button", name="Save and send").click()
        expect(screener_page.get_by_role("alert")).to_contain_text("on their way to Riley")
    finally:
        clock.stop()
    follow_email_links(
        page, live_server, wait_for_email(email_address, "screening_resources"), "1:1 resources"
    )
    page.goto(live_server.url + reverse("candidates:journey"))
    expect(next_step(page)).to_contain_text("Tell us about your race")
    expect(page.get_by_role("region", name="What's new")).to_contain_text(
        "You had your one-on-one with a volunteer"
    )
    no_sideways_scroll(page, "My journey, screened")
    assert Candidate.objects.get(user__email=email_address).stage == Stage.SCREENED

    for context in (host_context, screener_context):
        context.close()
    assert page.errors == [], "errors in the browser:\n" + "\n".join(page.errors)
