"""Resources from a candidate's side (the issue's "done when"): a candidate not yet
endorsed searches the library, bookmarks a guide, completes a course lesson and sees no
perk code anywhere; once endorsed, they see the perk and claim it once. axe checks the
library, perks and community pages on the way; a second test walks the directory and the
partner organisations."""

import pytest
from django.urls import NoReverseMatch, reverse

from resources.enums import Audience, ChannelKind, Format
from resources.models import Bookmark, Course, Lesson, LessonProgress, PerkClaim, Resource
from tests.browser.test_intro_call import sign_in
from tests.browser.test_signup import check_page
from tests.factories import CandidateFactory, RegionFactory
from tests.factories.community import ChannelFactory, DirectoryProfileFactory, PerkFactory, endorse

CODE = "DEMO-VOTERFILE-2026"


def url_of(live_server, name: str, obj) -> str:
    """A library page's address by slug, or by id if the page takes one."""
    try:
        return live_server.url + reverse(name, args=[obj.slug])
    except NoReverseMatch:
        return live_server.url + reverse(name, args=[obj.pk])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_candidate_uses_the_library_then_claims_a_perk_once_endorsed(
    live_server, page, assert_accessible
):
    from playwright.sync_api import expect

    RegionFactory(name="North", states=["NY"])
    casey = CandidateFactory(state="NY", user__email="casey@example.org", user__name="Casey Rivera")
    guide = Resource.objects.create(
        title="Knocking on doors",
        slug="knocking-on-doors",
        format=Format.GUIDE,
        audience=Audience.CANDIDATES,
        topics=["voter_contact"],
        description="What to say at the door.",
        body="Smile, say your name, and **ask for their vote**.",
    )
    Resource.objects.create(
        title="Your first budget",
        slug="your-first-budget",
        format=Format.TEMPLATE,
        audience=Audience.CANDIDATES,
        topics=["budget"],
        body="Rent, printing and pizza for volunteers.",
    )
    course = Course.objects.create(
        title="Campaign basics", slug="campaign-basics", summary="Start here."
    )
    lesson = Lesson.objects.create(
        course=course, title="Why you?", position=1, body="Tell your story."
    )
    Lesson.objects.create(
        course=course, title="Your win number", position=2, body="Count the votes you need."
    )
    perk = PerkFactory(
        vendor="Demo Voter Data Co.", title="Free voter file for your district", code=CODE
    )
    ChannelFactory(name="New York candidates", kind=ChannelKind.STATE, state="NY")

    # Not endorsed yet: the library, a bookmark and a lesson done.
    sign_in(page, live_server, "casey@example.org")
    page.goto(live_server.url + reverse("resources:library"))
    check_page(page, assert_accessible, "library")
    page.get_by_label("Search the library").fill("doors")
    page.get_by_label("Search the library").press("Enter")
    page.wait_for_load_state("load")
    page.get_by_role("link", name="Knocking on doors").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Knocking on doors")
    assert_accessible(page, "a guide")
    page.get_by_role("button", name="Bookmark").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert Bookmark.objects.filter(user=casey.user, resource=guide).count() == 1

    page.goto(url_of(live_server, "resources:course", course))
    assert_accessible(page, "a course")
    page.get_by_role("link", name="Why you?").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Why you?")
    page.get_by_role("button", name="Mark as done").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert LessonProgress.objects.filter(candidate=casey, lesson=lesson).count() == 1

    # No perk code for them anywhere they go.
    for name in (
        "resources:library",
        "resources:perks",
        "resources:community",
        "candidates:journey",
    ):
        page.goto(live_server.url + reverse(name))
        assert CODE not in page.content(), name
    page.goto(live_server.url + reverse("resources:perks"))
    expect(page.get_by_role("heading", name="How perks are unlocked")).to_be_visible()
    check_page(page, assert_accessible, "perks before endorsement")
    page.goto(live_server.url + reverse("resources:community"))
    expect(page.get_by_role("region", name="Suggested for you")).to_contain_text(
        "New York candidates"
    )
    check_page(page, assert_accessible, "community")

    # Endorsed: the offer is there; claiming shows the code, and a double click claims once.
    endorse(casey)
    page.goto(live_server.url + reverse("resources:perks"))
    offer = page.locator(f"#perk-{perk.pk}")
    expect(offer).to_contain_text("Free voter file for your district")
    assert CODE not in page.content()
    check_page(page, assert_accessible, "perks for an endorsed candidate")
    offer.get_by_role("button", name="Claim").dblclick()
    expect(page.get_by_role("alert")).to_contain_text("It's yours!")
    expect(page.locator(f"#perk-{perk.pk}")).to_contain_text(CODE)
    assert_accessible(page, "a claimed perk")
    assert PerkClaim.objects.filter(perk=perk, candidate=casey).count() == 1
    assert page.errors == [], "errors in the browser:\n" + "\n".join(page.errors)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_candidate_joins_the_directory_and_finds_partners(live_server, page, assert_accessible):
    from playwright.sync_api import expect

    from resources.models import PartnerOrganization

    RegionFactory(name="North", states=["NY"])
    CandidateFactory(state="NY", user__email="casey@example.org", user__name="Casey Rivera")
    DirectoryProfileFactory(
        candidate=CandidateFactory(state="NY", user__name="Ana Diaz", city="Albany"),
        office_sought="School Board, Albany",
        one_line="Teacher running for the kids.",
    )
    PartnerOrganization.objects.create(
        name="Empire Progressives",
        slug="empire-progressives",
        focus=["state_local"],
        scope="state",
        states=["NY"],
        focus_text="Supports progressive candidates across New York.",
        url="https://example.org/",
    )

    sign_in(page, live_server, "casey@example.org")
    page.goto(live_server.url + reverse("resources:directory"))
    expect(page.get_by_role("region", name="In New York")).to_contain_text("Ana Diaz")
    check_page(page, assert_accessible, "directory")
    page.get_by_role("link", name="Add yourself").click()
    check_page(page, assert_accessible, "directory entry")
    page.get_by_label("Show me in the directory").check()
    page.get_by_label("Office you're running for or considering").fill("City Council, Ward 3")
    page.get_by_label("One line about you").fill("Nurse and union steward.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("can now find you")
    expect(page.get_by_role("region", name="Your entry")).to_contain_text("City Council, Ward 3")

    page.goto(live_server.url + reverse("resources:partners"))
    search = page.get_by_role("form", name="Search partner organizations")
    search.get_by_label("State").select_option("NY")
    search.get_by_label("Who they support").select_option("state_local")
    search.get_by_role("button", name="Search").click()
    expect(page.get_by_role("region", name="1 organization found")).to_contain_text(
        "Empire Progressives"
    )
    check_page(page, assert_accessible, "partner organizations")
    assert page.errors == [], "errors in the browser:\n" + "\n".join(page.errors)
