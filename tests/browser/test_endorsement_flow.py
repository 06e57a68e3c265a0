"""An endorsement from application to the public page, every person in their own browser
session: an eligible candidate applies with a PDF of their filing receipt, the regional
director recommends, two committee members vote, national staff endorse in the admin,
My journey says so, and the public endorsements page lists the candidate."""

import pytest
from django.urls import reverse

from endorsements.models import Application
from endorsements.questionnaire import QUESTIONS
from rfs.enums import Role
from tests.browser.test_intro_call import sign_in
from tests.factories import CandidateFactory, RegionFactory, UserFactory
from tests.factories.endorsements import (
    PDF_BYTES,
    CycleFactory,
    make_eligible,
    use_tmp_private_storage,
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_endorsement_from_application_to_public_page(
    live_server,
    page,
    assert_accessible,
    settings,
    monkeypatch,
    tmp_path,
):
    from playwright.sync_api import expect

    # Reviewers sign in with a password only; two-factor has its own tests.
    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False
    use_tmp_private_storage(settings, monkeypatch, tmp_path / "private")
    north = RegionFactory(name="North", states=["NY"])
    UserFactory(
        email="dana@example.org",
        name="Dana Whitfield",
        roles=[Role.REGIONAL_DIRECTOR],
        directs=[north],
    )
    UserFactory(email="kim@example.org", name="Kim Okafor", roles=[Role.COMMITTEE_MEMBER])
    UserFactory(email="lee@example.org", name="Lee Moreno", roles=[Role.COMMITTEE_MEMBER])
    UserFactory(email="sam@example.org", name="Sam Castillo", roles=[Role.NATIONAL_STAFF])
    CycleFactory(name="Spring round", quorum=2)  # the two committee members below make the quorum
    candidate = make_eligible(
        CandidateFactory(
            state="NY",
            region=north,
            user__email="casey@example.org",
            user__name="Casey Rivera",
        )
    )
    receipt = tmp_path / "filing receipt.pdf"
    receipt.write_bytes(PDF_BYTES)

    # The candidate starts an application from their endorsement page.
    sign_in(page, live_server, "casey@example.org")
    page.goto(live_server.url + reverse("endorsements:eligibility"))
    assert_accessible(page, "endorsement home, eligible")
    page.get_by_role("button", name="Start your application").click()
    expect(page.get_by_role("alert")).to_contain_text("Your application is started.")

    # Step 1, the race: it is already picked.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your race")
    page.get_by_label("About your district").fill("Renters and small shops along the river.")
    page.get_by_label("How many seats are up?").fill("1")
    page.get_by_role("button", name="Save and continue").click()

    # Step 2, the filing evidence: a PDF of the receipt.
    assert_accessible(page, "filing step")
    page.get_by_label("Add a file").set_input_files(str(receipt))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="filing receipt.pdf")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()

    # Step 3, the plan.
    page.get_by_label("Your campaign budget (US dollars)").fill("18000")
    page.get_by_label("Who's on your team?").fill(
        "My neighbour Ana runs the field plan; my sister does the books."
    )
    page.get_by_label("Your win number (votes)").fill("2100")
    page.get_by_label("Your path to victory").fill(
        "Knock every door in the ward twice before early voting."
    )
    page.get_by_role("button", name="Save and continue").click()

    # Step 4, the questionnaire: a few sentences each.
    for question in QUESTIONS:
        page.get_by_label(str(question.label)).fill(f"My answer to: {question.label}")
    page.get_by_role("button", name="Save and continue").click()

    # Step 5, links, with the public listing asked for.
    page.get_by_label("Campaign website").fill("casey.example.org")
    page.get_by_label("If we endorse you, list me on our public endorsements page").check()
    page.get_by_role("button", name="Save and continue").click()

    # Step 6, the last check, then send.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and submit")
    assert_accessible(page, "review step")
    expect(page.get_by_text("Still to do before you send it")).to_have_count(0)
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", name="We're reviewing your application")).to_be_visible()
    application = Application.objects.get(candidate=candidate)
    assert application.status == "submitted"
    review_url = live_server.url + reverse("endorsements:review", args=[application.pk])

    # The regional director finds it in the queue and recommends it.
    sign_in(page, live_server, "dana@example.org")
    page.goto(live_server.url + reverse("endorsements:review_queue"))
    assert_accessible(page, "review queue")
    page.get_by_role("link", name="Casey Rivera").click()
    expect(page).to_have_url(review_url)
    assert_accessible(page, "review page, director")
    page.get_by_role("link", name="filing receipt.pdf").first.wait_for()
    # Every research item is checked before the recommendation.
    for index in range(4):
        item = page.locator(
            "#research li.card, section[aria-labelledby=research-heading] li.card"
        ).nth(index)
        item.get_by_text("Check this off").click()
        item.get_by_role("button", name="Save the check").click()
        expect(page.get_by_role("alert")).to_contain_text("is checked off")
    page.get_by_label("Endorse", exact=True).check()
    page.get_by_label("Why").fill("Filed on time, a real field plan, and deep roots in the ward.")
    page.get_by_role("button", name="Save my recommendation").click()
    expect(page.get_by_role("alert")).to_be_visible()

    # Two committee members vote to approve.
    for email in ("kim@example.org", "lee@example.org"):
        sign_in(page, live_server, email)
        page.goto(review_url)
        expect(page.get_by_text("Filed on time, a real field plan")).to_be_visible()
        page.get_by_label("Approve", exact=True).check()
        page.get_by_role("button", name="Cast my vote").click()
        expect(page.get_by_role("button", name="Change my vote")).to_be_visible()
    assert_accessible(page, "review page, committee member who voted")
    assert application.votes.filter(choice="approve").count() == 2

    # National staff endorse it in the admin.
    sign_in(page, live_server, "sam@example.org")
    page.goto(live_server.url + reverse("admin:endorsements_application_changelist"))
    row = page.get_by_role("row").filter(has_text="Casey Rivera")
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("endorse_selected")
    page.get_by_role("button", name="Go").click()
    # A confirmation first: who will be endorsed and the email they will get.
    expect(page.locator("#content-main")).to_contain_text("Casey Rivera")
    expect(page.locator("#content-main")).to_contain_text("You're endorsed by Run for Something!")
    page.get_by_role("button", name="Endorse and email them").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "1 candidate endorsed. We've emailed them."
    )
    application.refresh_from_db()
    candidate.refresh_from_db()
    assert (application.status, candidate.stage) == ("approved", "endorsed")

    # My journey tells the candidate.
    sign_in(page, live_server, "casey@example.org")
    page.goto(live_server.url + reverse("candidates:journey"))
    expect(page.get_by_role("region", name="Our endorsement")).to_contain_text("You're endorsed!")
    assert_accessible(page, "My journey, endorsed")

    # Anyone finds them on the public endorsements page.
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("endorsements:public_list"))
    card = page.get_by_role("article", name="Casey Rivera")
    expect(card).to_be_visible()
    card.get_by_role("link", name="Casey Rivera", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Casey Rivera")
    assert_accessible(page, "public page")
    assert page.errors == []
