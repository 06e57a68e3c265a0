"""Ask the experts from both sides (the issue's "done when"): a candidate asks a
fundraising question, a fundraising mentor sees it on their page, claims and answers it,
and the candidate follows up, marks it resolved and rates it."""

import pytest
from django.urls import reverse

from mentorship.enums import QuestionStatus
from mentorship.models import Question
from rfs.enums import Role
from tests.browser.test_intro_call import sign_in
from tests.browser.test_signup import check_page, wait_for_email
from tests.factories import CandidateFactory, RegionFactory, UserFactory
from tests.factories.mentorship import ExpertiseAreaFactory, MentorFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_question_from_asking_to_resolved(live_server, page, assert_accessible, settings):
    from playwright.sync_api import expect

    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False
    RegionFactory(name="North", states=["NY"])
    fundraising = ExpertiseAreaFactory(
        slug="fundraising", name="Fundraising", keywords="donor, money, call time"
    )
    ExpertiseAreaFactory(
        slug="field", name="Field and canvassing", keywords="canvass, doors", position=1
    )
    MentorFactory(
        user=UserFactory(email="morgan@example.org", name="Morgan Lee", roles=[Role.MENTOR]),
        areas=[fundraising],
    )
    CandidateFactory(state="NY", user__email="casey@example.org", user__name="Casey Rivera")

    # The candidate asks, without picking an area: the form suggests Fundraising.
    sign_in(page, live_server, "casey@example.org")
    page.goto(live_server.url + reverse("mentorship:question_ask"))
    check_page(page, assert_accessible, "ask page")
    page.get_by_label("Your question").fill("How do I find my first donors?")
    page.get_by_label("Anything that would help a mentor answer").fill(
        "I'm running for school board in Albany."
    )
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_role("status").filter(has_text="We think this fits")).to_contain_text(
        "Fundraising"
    )
    expect(page.get_by_label("Area", exact=True)).to_have_value(str(fundraising.pk))
    expect(page.get_by_label("Your question")).to_have_value("How do I find my first donors?")
    page.get_by_role("button", name="Send my question").click()
    expect(page.get_by_role("alert")).to_contain_text("on its way to mentors who know Fundraising")
    expect(page.get_by_role("heading", level=1)).to_have_text("How do I find my first donors?")
    assert_accessible(page, "the thread as asked")
    wait_for_email("casey@example.org", "question_received")

    # The mentor finds it on their page, claims it and answers.
    sign_in(page, live_server, "morgan@example.org")
    page.goto(live_server.url + reverse("mentorship:mentor_home"))
    waiting = page.get_by_role("region", name="Waiting in your areas")
    expect(waiting).to_contain_text("How do I find my first donors?")
    check_page(page, assert_accessible, "mentor home")
    waiting.get_by_role("link", name="How do I find my first donors?").click()
    page.get_by_role("button", name="I'll answer this").click()
    expect(page.get_by_role("alert")).to_contain_text("It's yours.")
    page.get_by_label("Your answer").fill(
        "Start with the ten people who'd be hurt if you didn't ask them."
    )
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_role("alert")).to_contain_text("Sent. We've emailed Casey")
    assert_accessible(page, "the thread for its mentor")
    page.goto(live_server.url + reverse("mentorship:mentor_home"))
    expect(page.get_by_role("region", name="Yours to answer")).to_contain_text(
        "How do I find my first donors?"
    )

    # The candidate reads the answer, follows up, then marks it resolved with a rating.
    wait_for_email("casey@example.org", "question_answered")
    sign_in(page, live_server, "casey@example.org")
    page.goto(live_server.url + reverse("mentorship:questions"))
    page.get_by_role("link", name="How do I find my first donors?").click()
    conversation = page.get_by_role("region", name="Conversation", exact=True)
    expect(conversation).to_contain_text("Start with the ten people")
    expect(conversation).to_contain_text("Morgan")
    page.get_by_label("Ask a follow-up").fill("How much should I ask each of them for?")
    page.get_by_role("button", name="Send follow-up").click()
    expect(page.get_by_role("alert")).to_contain_text("Your mentor will see your follow-up")
    expect(conversation).to_contain_text("How much should I ask each of them for?")
    resolve = page.get_by_role("region", name="Did this answer your question?")
    resolve.get_by_label("5 · It really helped").check()
    resolve.get_by_label("Anything you'd like your mentor to know? (optional)").fill(
        "Thank you, Morgan!"
    )
    check_page(page, assert_accessible, "the thread for the candidate")
    resolve.get_by_role("button", name="This answered my question").click()
    expect(page.get_by_role("alert")).to_contain_text("Thanks for letting us know")
    expect(page.get_by_role("region", name="Resolved")).to_contain_text("Rated 5 out of 5.")

    question = Question.objects.get()
    assert (question.status, question.rating, question.rating_comment) == (
        QuestionStatus.RESOLVED,
        5,
        "Thank you, Morgan!",
    )
    assert question.owner.user.email == "morgan@example.org"
    wait_for_email("morgan@example.org", "question_follow_up")
    wait_for_email("morgan@example.org", "question_resolved")
    assert page.errors == [], "errors in the browser:\n" + "\n".join(page.errors)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_mentor_match_from_request_to_confirmed(live_server, page, assert_accessible, settings):
    """The other pages, checked by axe on the way: applying to mentor, asking for a
    mentor, the director's requests and ranking, and the match on both sides."""
    from playwright.sync_api import expect

    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False
    north = RegionFactory(name="North", states=["NY"])
    UserFactory(email="dana@example.org", roles=[Role.REGIONAL_DIRECTOR], directs=[north])
    fundraising = ExpertiseAreaFactory(slug="fundraising", name="Fundraising")
    MentorFactory(
        user=UserFactory(email="morgan@example.org", name="Morgan Lee", roles=[Role.MENTOR]),
        areas=[fundraising],
        states=["NY"],
        languages=["en"],
        match_capacity=2,
    )
    CandidateFactory(state="NY", user__email="casey@example.org", user__name="Casey Rivera")
    UserFactory(email="sam@example.org", name="Sam Okafor", roles=[Role.SCREENER])

    # A volunteer offers to mentor.
    sign_in(page, live_server, "sam@example.org")
    page.goto(live_server.url + reverse("mentorship:mentor_apply"))
    assert_accessible(page, "mentor application")
    page.get_by_role("group", name="Areas you know well").get_by_label("Fundraising").check()
    page.get_by_label("States whose politics you know").select_option(["NY", "MA"])
    page.get_by_label("A short bio").fill("Organiser for ten years.")
    page.get_by_role("button", name="Apply to mentor").click()
    expect(page.get_by_role("alert")).to_contain_text("Thank you for offering to mentor!")
    expect(page.get_by_role("status").filter(has_text="Thanks for offering")).to_be_visible()
    assert_accessible(page, "mentor home while applied")

    # The candidate asks for a mentor.
    sign_in(page, live_server, "casey@example.org")
    page.goto(live_server.url + reverse("mentorship:match_request_new"))
    assert_accessible(page, "ask for a mentor")
    page.get_by_role("group", name="What would you like help with?").get_by_label(
        "Fundraising"
    ).check()
    page.get_by_label("Tell us about your campaign").fill("City council, Ward 2.")
    page.get_by_role("button", name="Ask for a mentor").click()
    expect(page.get_by_role("region", name="We're finding your mentor")).to_contain_text(
        "Fundraising"
    )

    # Their director confirms the best fit.
    sign_in(page, live_server, "dana@example.org")
    page.goto(live_server.url + reverse("mentorship:match_requests"))
    assert_accessible(page, "mentor requests")
    page.get_by_role("link", name="Casey Rivera").click()
    expect(page.get_by_role("region", name="Mentors who fit best")).to_contain_text(
        "Knows Fundraising"
    )
    assert_accessible(page, "one mentor request")
    page.get_by_role("button", name="Confirm match with Morgan Lee").click()
    expect(page.get_by_role("alert")).to_contain_text("Matched!")

    # The candidate sees their mentor.
    sign_in(page, live_server, "casey@example.org")
    page.goto(live_server.url + reverse("mentorship:match_request_new"))
    expect(page.get_by_role("heading", name="Morgan Lee is your mentor")).to_be_visible()
    assert_accessible(page, "the candidate's match")
    assert page.errors == [], "errors in the browser:\n" + "\n".join(page.errors)
