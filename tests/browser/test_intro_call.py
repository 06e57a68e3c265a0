"""An intro call from both sides: a candidate registers and joins, the host marks it held,
and My journey offers the one-on-one."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from candidates.models import IntroCall, IntroCallRegistration
from rfs.enums import Role
from tests.browser.test_signup import wait_for_email
from tests.factories import CandidateFactory, RegionFactory, UserFactory

PASSWORD = "correct horse battery staple"


def sign_in(page, live_server, email: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("account_login"))
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state("load")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_intro_call_from_registration_to_one_on_one(live_server, page, assert_accessible, settings):
    from playwright.sync_api import expect

    # The host signs in with a password only; two-factor has its own tests.
    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False
    north = RegionFactory(name="North", states=["NY"])
    host = UserFactory(
        email="dana@example.org",
        name="Dana Whitfield",
        roles=[Role.REGIONAL_DIRECTOR],
        directs=[north],
    )
    candidate = CandidateFactory(
        state="NY", user__email="casey@example.org", user__name="Casey Rivera"
    )
    call = IntroCall.objects.create(
        region=north,
        host=host,
        starts_at=timezone.now() + timedelta(minutes=5),
        meeting_url=live_server.url + "/healthz",
    )

    # The candidate picks the session.
    sign_in(page, live_server, "casey@example.org")
    expect(page).to_have_url(live_server.url + reverse("candidates:journey"))
    page.goto(live_server.url + reverse("candidates:calls"))
    expect(page.get_by_text("Hosted by Dana")).to_be_visible()
    assert_accessible(page, "intro call list")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("alert")).to_contain_text("You're in!")
    expect(page.get_by_text("You're registered for this one.")).to_be_visible()
    assert_accessible(page, "intro call list with a place")

    # My journey's next step is that call.
    page.goto(live_server.url + reverse("candidates:journey"))
    expect(page.get_by_role("region", name="You're booked on an intro call")).to_contain_text(
        "Hosted by Dana"
    )
    assert_accessible(page, "My journey with a call booked")

    # The confirmation email carries the calendar invitation.
    confirmation = wait_for_email("casey@example.org", "intro_confirmation")
    assert confirmation.ics

    # Five minutes before the start the join link is open: it goes to the meeting.
    registration = IntroCallRegistration.objects.get(call=call, candidate=candidate)
    page.goto(live_server.url + reverse("candidates:call_join", args=[registration.join_token]))
    expect(page).to_have_url(live_server.url + "/healthz")

    # The host sees who joined and marks the call as held, once it has started: the
    # in-process server's clock moves ten minutes on (holding is refused before the start).
    clock = time_machine.travel(call.starts_at + timedelta(minutes=10), tick=True)
    clock.start()
    sign_in(page, live_server, "dana@example.org")
    page.goto(live_server.url + reverse("candidates:host_call_roster", args=[call.pk]))
    expect(page.get_by_label("Casey Rivera attended")).to_be_checked()
    assert_accessible(page, "roster")
    page.get_by_role("button", name="Mark the call as held").click()
    expect(page.get_by_role("alert")).to_contain_text("Marked as held")
    clock.stop()

    # Back on My journey the candidate is offered the one-on-one.
    sign_in(page, live_server, "casey@example.org")
    expect(page).to_have_url(live_server.url + reverse("candidates:journey"))
    offer = page.get_by_role("button", name="Yes, I'd like a one-on-one")
    expect(offer).to_be_visible()
    assert_accessible(page, "My journey after the intro call")
    wait_for_email("casey@example.org", "intro_thanks")
    offer.click()
    # The next step is now booking the one-on-one.
    expect(page.get_by_role("link", name="Book your one-on-one")).to_be_visible()

    candidate.refresh_from_db()
    assert candidate.screening_opt_in_at is not None
    assert page.errors == [], "errors in the browser:\n" + "\n".join(page.errors)
