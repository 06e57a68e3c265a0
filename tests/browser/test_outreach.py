"""A director saves a segment and emails it, at 1280 px: the preview and the count are
right, the outbox holds one row per recipient, a second submit adds none, and the people
left out are the withdrawn, the unconsenting, the unsubscribed and the suppressed."""

import pytest
from django.urls import reverse

from rfs.enums import Role
from rfs.models import OutboundEmail
from tests.browser.test_intro_call import sign_in
from tests.factories import RegionFactory, UserFactory
from tests.workplace.outreach_helpers import north_audience
from workplace.models import Segment


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_director_saves_a_segment_and_emails_it(live_server, page, assert_accessible, settings):
    from playwright.sync_api import expect

    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False
    north = RegionFactory(name="North", states=["NY", "MA"])
    RegionFactory(name="West", states=["CA", "OR"])
    UserFactory(
        email="dana@example.org",
        name="Dana Whitfield",
        roles=[Role.REGIONAL_DIRECTOR],
        directs=[north],
    )
    north_audience()

    sign_in(page, live_server, "dana@example.org")
    page.goto(live_server.url + reverse("workplace:segments"))
    page.get_by_role("link", name="New segment").click()
    page.get_by_label("Name").fill("All of North")
    page.get_by_label("Region").select_option(label="North")
    page.get_by_role("button", name="Save segment").click()
    expect(page.get_by_role("alert")).to_contain_text("Segment saved.")
    # Seven North candidates; the West one is never in a North director's segment.
    expect(page.get_by_test_id("segment-count")).to_have_text("7 candidates")
    expect(page.get_by_text("Wendy West")).to_have_count(0)
    assert_accessible(page, "segment")
    segment = Segment.objects.get()

    page.get_by_role("link", name="Email this segment").click()
    page.locator("#id_subject").fill("Your next step, {first_name}")
    page.locator("#id_body").fill("Hi {first_name}: {next_step_link} {{ x }}")
    page.get_by_label("Subject in Spanish").fill("Tu próximo paso, {first_name}")
    page.get_by_label("Message in Spanish").fill("Hola {first_name}: {next_step_link}")
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_test_id("reach-count")).to_have_text("Goes to 3 people")
    expect(page.get_by_test_id("left-out-total")).to_have_text("4 left out:")
    left_out = page.get_by_test_id("left-out")
    for reason in (
        "withdrawn: 1",
        "no email consent: 1",
        "unsubscribed: 1",
        "address suppressed after bounces: 1",
    ):
        expect(left_out).to_contain_text(reason)
    previews = page.get_by_test_id("preview")
    expect(previews).to_have_count(3)
    expect(previews.nth(0)).to_contain_text("Tu próximo paso, Ana")
    expect(previews.nth(1)).to_contain_text("Your next step, Ben")
    expect(previews.nth(1)).to_contain_text("{{ x }}")
    assert_accessible(page, "segment email preview")
    assert not OutboundEmail.objects.filter(purpose="segment_email").exists()

    # The form as it is now, to submit a second time (a double click, a retry).
    form = {
        name: page.locator(f"#main [name={name}]").input_value()
        for name in ("csrfmiddlewaretoken", "token", "subject", "body", "subject_es", "body_es")
    }
    page.get_by_role("button", name="Send to 3 people").click()
    expect(page.get_by_role("alert")).to_contain_text("Sending to 3 people.")
    rows = OutboundEmail.objects.filter(purpose="segment_email")
    assert sorted(rows.values_list("to_email", flat=True)) == [
        "ana@example.org",
        "ben@example.org",
        "cal@example.org",
    ]

    again = page.request.post(
        live_server.url + reverse("workplace:segment_email", args=[segment.pk]),
        form={**form, "action": "send"},
    )
    assert again.ok
    assert OutboundEmail.objects.filter(purpose="segment_email").count() == 3
