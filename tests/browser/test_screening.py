"""A 1:1 call from both sides: a candidate books a volunteer's slot, the screener logs the
call and sends the suggested resources, and My journey shows them."""

import re
from datetime import time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from candidates import services
from candidates.enums import Stage
from candidates.models import ScreenerAvailability, ScreeningCall
from resources.models import Resource
from rfs.enums import Role
from rfs.models import OutboundEmail
from tests.browser.test_intro_call import sign_in
from tests.browser.test_signup import wait_for_email
from tests.factories import CandidateFactory, RegionFactory, UserFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_on_one_from_booking_to_resources(live_server, page, assert_accessible, settings):
    from playwright.sync_api import expect

    # Everyone signs in with a password only; two-factor has its own tests.
    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False
    north = RegionFactory(name="North", states=["NY"])
    director = UserFactory(
        email="dana@example.org", roles=[Role.REGIONAL_DIRECTOR], directs=[north]
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
    services.screener_approve(screener=screener, by=director)
    # A weekly window two days from now: far enough for the 12-hour notice.
    in_two_days = timezone.localtime(timezone.now() + timedelta(days=2)).date()
    ScreenerAvailability.objects.create(
        screener=screener,
        weekday=in_two_days.weekday(),
        start_time=time(18, 0),
        end_time=time(19, 0),
    )
    fundraising = Resource.objects.create(
        title="Fundraising from zero", slug="fundraising-from-zero", topics=["fundraising"]
    )
    budget = Resource.objects.create(
        title="Your first campaign budget", slug="first-budget", topics=["budget"]
    )
    volunteers = Resource.objects.create(
        title="Finding volunteers",
        url="https://partner.example.com/volunteers",
        topics=["volunteers"],
    )
    Resource.objects.create(title="Debate night", slug="debate-night", topics=["debate_prep"])
    candidate = CandidateFactory(
        state="NY",
        user__email="casey@example.org",
        user__name="Casey Rivera",
        stage=Stage.INTRO_ATTENDED,
        screening_opt_in_at=timezone.now(),
    )

    # The candidate books the first time offered.
    sign_in(page, live_server, "casey@example.org")
    page.goto(live_server.url + reverse("candidates:screening"))
    assert_accessible(page, "booking page")
    page.get_by_role("button", name=re.compile(r"^Book .* with Sam")).first.click()
    expect(page.get_by_role("alert")).to_contain_text("You're booked!")
    expect(page.get_by_role("region", name="Your one-on-one")).to_contain_text("With Sam")

    # The screener logs the call once it has started: the in-process server's clock moves
    # to half an hour into it (the log is refused before the start).
    booked = ScreeningCall.objects.get(candidate=candidate)
    clock = time_machine.travel(booked.starts_at + timedelta(minutes=30), tick=True)
    clock.start()
    sign_in(page, live_server, "sam@example.org")
    page.goto(live_server.url + reverse("candidates:screener_home"))
    page.get_by_role("link", name="Log the call with Casey").click()
    page.get_by_label("What problems do they want to solve?").fill("Affordable housing")
    page.get_by_label("How have they been involved in their community?").fill(
        "Tenants' union for six years"
    )
    page.get_by_label("What concerns do they have about running?").fill(
        "Money, and time with two jobs"
    )
    page.get_by_label("What does progressive mean to them and their community?").fill(
        "Nobody left out"
    )
    for group, score in [
        ("Community knowledge", "3"),
        ("Relationships and network", "3"),
        ("Understanding of what a campaign takes", "2"),
        ("Values", "4"),
    ]:
        page.get_by_role("group", name=group, exact=True).get_by_label(
            re.compile(f"^{score} ·")
        ).check()
    concerns = page.get_by_role("group", name="Concerns they raised")
    concerns.get_by_label("Money and fundraising").check()
    concerns.get_by_label("Time", exact=True).check()
    page.get_by_label("Build experience first").check()
    page.get_by_role("button", name="Suggest resources").click()
    resources = page.get_by_role("group", name="Resources to send them")
    for title in (fundraising.title, budget.title, volunteers.title):
        expect(resources.get_by_label(title)).to_be_checked()
    expect(resources.get_by_label("Debate night")).not_to_be_checked()
    expect(page.get_by_label("What problems do they want to solve?")).to_have_value(
        "Affordable housing"
    )
    assert_accessible(page, "log form with suggestions")
    page.get_by_role("button", name="Save and send").click()
    expect(page.get_by_role("alert")).to_contain_text("on their way to Casey")
    clock.stop()

    # My journey: screened (the "One-on-one" milestone), with the resources, never the notes.
    wait_for_email("casey@example.org", "screening_resources")
    sign_in(page, live_server, "casey@example.org")
    page.goto(live_server.url + reverse("candidates:journey"))
    expect(page.get_by_role("navigation", name="Your progress")).to_contain_text("Done: One-on-one")
    sent = page.get_by_role("region", name="Resources sent to you")
    for resource in (fundraising, budget, volunteers):
        expect(sent.get_by_role("link", name=resource.title)).to_have_attribute(
            "href", resource.get_absolute_url()
        )
    expect(page.get_by_text("Affordable housing")).to_have_count(0)
    assert_accessible(page, "My journey after the one-on-one")

    assert OutboundEmail.objects.filter(purpose="screening_resources").count() == 1
    candidate.refresh_from_db()
    assert candidate.stage == Stage.SCREENED
    assert page.errors == [], "errors in the browser:\n" + "\n".join(page.errors)
