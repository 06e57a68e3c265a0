"""A director's day in the workplace at 1280 px: the inbox, recommending from it, the
candidate's record with a note that mentions a colleague (who is emailed a link, not the
note) and a stage move that shows in the history; the admin list and the top menu fit."""

import re

import pytest
from django.urls import reverse

from rfs.enums import Role
from rfs.models import OutboundEmail
from tests.browser.test_intro_call import sign_in
from tests.factories import CandidateFactory, RegionFactory, UserFactory
from tests.factories.endorsements import ApplicationFactory, research_done

NOTE = "Strong ward ties; ask about the budget plan before the vote."


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_director_works_from_the_inbox_and_the_record(
    live_server, page, assert_accessible, settings
):
    from playwright.sync_api import expect

    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False
    north = RegionFactory(name="North", states=["NY", "MA"])
    UserFactory(
        email="dana@example.org",
        name="Dana Whitfield",
        roles=[Role.REGIONAL_DIRECTOR],
        directs=[north],
    )
    UserFactory(email="sky@example.org", name="Sky Lee", roles=[Role.NATIONAL_STAFF])
    candidate = CandidateFactory(
        state="NY",
        user__name="Casey Rivera",
        user__email="casey.rivera.for.county.clerk.2027@example.org",
    )
    application = ApplicationFactory(candidate=candidate, submitted=True)
    research_done(application)

    # The inbox shows the application waiting for Dana's recommendation.
    sign_in(page, live_server, "dana@example.org")
    page.goto(live_server.url + reverse("workplace:inbox"))
    waiting = page.get_by_test_id("inbox-recommend")
    expect(waiting).to_contain_text("Casey Rivera")
    assert_accessible(page, "inbox")
    waiting.get_by_role("link", name="Recommend").click()
    expect(page).to_have_url(
        live_server.url + reverse("endorsements:review", args=[application.pk])
    )
    page.get_by_label("Endorse", exact=True).check()
    page.get_by_label("Why").fill("Filed on time, and deep roots in the ward.")
    page.get_by_role("button", name="Save my recommendation").click()
    expect(page.get_by_role("alert")).to_be_visible()
    page.goto(live_server.url + reverse("workplace:inbox"))
    expect(page.get_by_test_id("inbox-recommend")).to_have_count(0)

    # The record: a note mentioning Sky, who is emailed a link and not the note.
    page.goto(live_server.url + reverse("workplace:record", args=[candidate.pk]))
    expect(page.get_by_role("heading", name="Casey Rivera", level=1)).to_be_visible()
    expect(page.get_by_test_id("record-application")).to_contain_text("recommends: Endorse")
    expect(page.get_by_text("The candidate and volunteers never do.")).to_be_visible()
    assert_accessible(page, "record")
    page.get_by_label("Add a note").fill(NOTE)
    page.get_by_label("@Sky Lee").check()
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_role("alert")).to_contain_text("Note saved.")
    expect(page.get_by_test_id("record-notes")).to_contain_text(NOTE)
    email = OutboundEmail.objects.get(purpose="note_mention", to_email="sky@example.org")
    assert "budget plan" not in email.body_text + email.body_html + email.subject
    link = re.search(r"https?://\S+/workplace/candidates/\d+/", email.body_text).group(0)

    # A stage move in one step, with the reason, shows in the history.
    page.get_by_label("Move to").select_option("intro_attended")
    page.get_by_label("Reason").fill("Came to Tuesday's intro call")
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Moved to Intro call attended.")
    expect(page.get_by_test_id("stage-history")).to_contain_text("Came to Tuesday's intro call")
    expect(page.get_by_test_id("record-stage")).to_contain_text("Intro call attended")

    # The candidate list in the admin fits at 1280 px: no column is clipped.
    page.goto(live_server.url + reverse("admin:candidates_candidate_changelist"))
    expect(page.get_by_role("link", name="Casey Rivera")).to_be_visible()
    table, box, document = page.evaluate(
        "() => { const t = document.querySelector('#result_list');"
        " const box = t.closest('.results') || t.parentElement;"
        " return [t.scrollWidth, box.clientWidth, document.documentElement.scrollWidth]; }"
    )
    assert table <= box and document <= 1280, (table, box, document)
    bare_dash = page.locator("#changelist-filter a", has_text=re.compile(r"^\s*-\s*$"))
    expect(bare_dash).to_have_count(0)

    # The top menu fits at 1024 px, "Sign out" included.
    page.set_viewport_size({"width": 1024, "height": 800})
    for name in ("dashboard", "endorsements:review_queue", "workplace:inbox"):
        page.goto(live_server.url + reverse(name))
        expect(page.get_by_role("button", name="Sign out")).to_be_in_viewport()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 1024

    # Sky follows the link with her own session and reads the note there.
    sign_in(page, live_server, "sky@example.org")
    page.goto(link.replace(link.split("/workplace/")[0], live_server.url))
    expect(page.get_by_test_id("record-notes")).to_contain_text(NOTE)
