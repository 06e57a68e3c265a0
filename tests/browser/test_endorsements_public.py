"""The public endorsements pages from both sides: an endorsed candidate adds a photo and
links, the public list and their shareable page show them, unlisting hides them, and
after election day they report a win and appear among the alumni."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from candidates.services import candidate_move
from tests.browser.test_intro_call import sign_in
from tests.factories import CandidateFactory, RaceFactory, RegionFactory
from tests.factories.endorsements import ApplicationFactory, EndorsementFactory, png_bytes


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_endorsed_candidate_listing_public_pages_and_result(
    live_server, page, assert_accessible, settings, tmp_path
):
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = tmp_path
    RegionFactory(name="North", states=["NY"])
    candidate = CandidateFactory(
        state="NY", user__email="casey@example.org", user__name="Casey Rivera"
    )
    race = RaceFactory(candidate=candidate, election_date=date.today() + timedelta(days=30))
    for stage in ("running", "applied", "endorsed"):
        candidate_move(candidate=candidate, to_stage=stage, by=None)
    endorsement = EndorsementFactory(
        application=ApplicationFactory(candidate=candidate, race=race, status="approved"),
        slug="casey-rivera-city-council",
        display_name="Casey Rivera",
    )
    photo = tmp_path / "casey.png"
    photo.write_bytes(png_bytes((64, 64)))

    # The candidate fills in their listing.
    sign_in(page, live_server, "casey@example.org")
    page.goto(live_server.url + reverse("endorsements:listing"))
    assert_accessible(page, "listing page")
    page.get_by_label("One line about you").fill("Nurse and organizer, running to fix our schools.")
    page.get_by_label("Donation link").fill("https://give.example.org/casey")
    page.get_by_label("Photo").set_input_files(str(photo))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Your public page shows the changes now.")

    # Anyone sees them on the public list and their shareable page.
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("endorsements:public_list"))
    assert_accessible(page, "public list")
    card = page.get_by_role("article", name="Casey Rivera")
    expect(card).to_contain_text("Nurse and organizer")
    expect(card.get_by_role("link", name="Donate to Casey Rivera")).to_have_attribute(
        "rel", "noopener"
    )
    card.get_by_role("link", name="Casey Rivera", exact=True).click()
    expect(page).to_have_title(re.compile(r"^Casey Rivera for City Council, Ward 3 · "))
    expect(page.get_by_role("img", name="Photo of Casey Rivera")).to_be_visible()
    assert_accessible(page, "shareable page")
    assert page.errors == []

    # Unlisted, the page is gone at once.
    sign_in(page, live_server, "casey@example.org")
    page.goto(live_server.url + reverse("endorsements:listing"))
    page.get_by_label("Show me on the public endorsements page").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("You're not on the public page now")
    response = page.request.get(
        live_server.url + reverse("endorsements:public_detail", args=[endorsement.slug])
    )
    assert response.status == 404
    page.get_by_label("Show me on the public endorsements page").check()
    page.get_by_role("button", name="Save").click()

    # After election day they tell us they won, and join the alumni.
    page.goto(live_server.url + reverse("endorsements:result_report"))
    assert_accessible(page, "result page")
    page.get_by_label("I won!").check()
    page.get_by_role("button", name="Tell us").click()
    expect(page.get_by_role("heading", name="Congratulations, you won!")).to_be_visible()
    expect(page.get_by_role("link", name="Become a mentor")).to_be_visible()
    assert_accessible(page, "result page after a win")
    page.goto(live_server.url + reverse("endorsements:alumni"))
    expect(page.get_by_role("article", name="Casey Rivera")).to_be_visible()
    assert_accessible(page, "alumni page")
