"""The resources admin: national staff only, lists at a constant query count, perks with
their claims counted, Markdown previewed as the library shows it."""

import pytest
from django.urls import reverse

from resources.admin import PerkAdmin
from resources.models import (
    Channel,
    Course,
    DirectoryProfile,
    PartnerTraining,
    Perk,
    PerkClaim,
    Resource,
    SentResource,
)
from tests.factories import CandidateFactory
from tests.factories.community import (
    ChannelFactory,
    DirectoryProfileFactory,
    PerkClaimFactory,
    PerkFactory,
)
from tests.factories.endorsements import PartnerOrganizationFactory
from tests.factories.resources import CourseFactory, PartnerTrainingFactory, ResourceFactory

pytestmark = pytest.mark.django_db


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def sent_resource() -> SentResource:
    return SentResource.objects.create(candidate=CandidateFactory(), resource=ResourceFactory())


def perk_with_claims() -> Perk:
    perk = PerkFactory()
    for _ in range(2):
        PerkClaimFactory(perk=perk)
    return perk


# How to make one row of each model, and the queries its list costs. Every list: user,
# roles, the two-factor check, Django's two permission lookups, then its own
# queries (named beside each).
ROWS = {
    # the count; the page (bodies deferred).
    Resource: (ResourceFactory, 6),
    # the count; the page with resource and candidate's person joined.
    SentResource: (sent_resource, 6),
    # the count; the page with lessons counted.
    Course: (lambda: CourseFactory(lessons=2), 6),
    # the count; the page with the organiser joined; the date hierarchy's first and last
    # dates, and its days.
    PartnerTraining: (lambda: PartnerTrainingFactory(organiser=PartnerOrganizationFactory()), 8),
    # the count; the page with claims counted.
    Perk: (perk_with_claims, 6),
    # the count; the page with perk and candidate's person joined; the category filter.
    PerkClaim: (PerkClaimFactory, 6),
    # the count; the page.
    Channel: (ChannelFactory, 6),
    # the count; the page with the candidate's person joined.
    DirectoryProfile: (DirectoryProfileFactory, 6),
}


@pytest.mark.parametrize("model", ROWS, ids=lambda m: m.__name__)
@pytest.mark.parametrize("count", [1, 3])
def test_changelist_queries_do_not_grow(client, staff, model, count, django_assert_num_queries):
    make, queries = ROWS[model]
    for _ in range(count):
        make()
    client.force_login(staff)

    with django_assert_num_queries(queries):
        response = client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("model", ROWS, ids=lambda m: m.__name__)
def test_only_national_staff_open_the_lists(client, director, model):
    ROWS[model][0]()
    client.force_login(director)

    assert client.get(admin_url(model, "changelist")).status_code == 403


@pytest.mark.parametrize(
    "model", [SentResource, PerkClaim, DirectoryProfile], ids=lambda m: m.__name__
)
def test_written_elsewhere_lists_are_read_only(client, staff, model):
    row = ROWS[model][0]()
    client.force_login(staff)

    assert client.get(admin_url(model, "add")).status_code == 403
    assert client.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).exists()


def test_perk_list_counts_claims_per_offer(client, staff):
    popular = perk_with_claims()
    PerkFactory(vendor="Nobody yet")
    client.force_login(staff)

    response = client.get(admin_url(Perk, "changelist"))

    counts = {perk.vendor: perk.claims_total for perk in response.context["cl"].result_list}
    assert counts == {popular.vendor: 2, "Nobody yet": 0}


def test_perk_page_shows_the_latest_claims_and_links_to_all_of_them(client, staff, settings):
    settings.LANGUAGE_CODE = "en"
    perk = PerkFactory()
    PerkClaimFactory(perk=perk, candidate=CandidateFactory(user__name="Claire Claimer"))
    for n in range(PerkAdmin.RECENT_CLAIMS):
        PerkClaimFactory(
            perk=perk, candidate=CandidateFactory(user__name=f"Recent Claimer {n:02d}")
        )
    other = PerkClaimFactory(candidate=CandidateFactory(user__name="Otto Other"))
    client.force_login(staff)

    page = client.get(admin_url(Perk, "change", perk.pk)).content.decode()

    assert all(f"Recent Claimer {n:02d}" in page for n in range(PerkAdmin.RECENT_CLAIMS))
    assert "Claire Claimer" not in page  # the oldest of 21: past the latest 20
    assert "Otto Other" not in page  # another offer's
    all_claims = admin_url(PerkClaim, "changelist") + f"?perk__exact={perk.pk}"
    assert f'href="{all_claims}"' in page
    assert "See all 21 claims" in page

    listed = client.get(all_claims).context["cl"].result_list
    assert len(listed) == 21 and other not in listed


def test_perk_page_without_claims_says_so(client, staff):
    perk = PerkFactory()
    client.force_login(staff)

    page = client.get(admin_url(Perk, "change", perk.pk)).content.decode()

    assert "Nobody has claimed this offer yet." in page


@pytest.mark.parametrize("count", [1, 3])
def test_perk_page_queries_do_not_grow_with_claims(client, staff, count, django_assert_num_queries):
    perk = PerkFactory()
    for _ in range(count):
        PerkClaimFactory(perk=perk)
    client.force_login(staff)

    # user with roles, the two-factor check, Django's two permission lookups, the
    # offer with its claims counted, the latest claims with their people.
    with django_assert_num_queries(6):
        response = client.get(admin_url(Perk, "change", perk.pk))

    assert response.status_code == 200


def test_resource_page_previews_the_body_sanitised(client, staff):
    resource = ResourceFactory(
        body="## Steps\n\n<script>alert(1)</script> [x](javascript:alert(2))"
    )
    client.force_login(staff)

    page = client.get(admin_url(Resource, "change", resource.pk)).content.decode()

    assert "<h2>Steps</h2>" in page
    assert "<script>alert(1)" not in page and 'href="javascript:alert(2)"' not in page
    assert "Raw HTML and images are not shown" in page


def resource_form(**overrides) -> dict:
    return {
        "title": "Reading a city budget",
        "slug": "reading-a-city-budget",
        "format": "guide",
        "url": "",
        "description": "Where the money goes.",
        "body": "**Start** with the summary.",
        "topics": ["budget"],
        "audience": "candidates",
        "published": "on",
        **overrides,
    }


def test_staff_add_a_resource(client, staff):
    client.force_login(staff)

    response = client.post(admin_url(Resource, "add"), resource_form())

    assert response.status_code == 302
    resource = Resource.objects.get()
    assert (resource.slug, resource.topics, resource.audience) == (
        "reading-a-city-budget",
        ["budget"],
        "candidates",
    )


@pytest.mark.parametrize(
    ("slug", "error"),
    [
        ("bookmarks", "This address is taken by a page of the library."),
        ("", "This field is required."),
    ],
)
def test_resource_slug_is_required_and_not_a_library_page(client, staff, slug, error):
    client.force_login(staff)

    response = client.post(admin_url(Resource, "add"), resource_form(slug=slug))

    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Resource.objects.exists()


def test_staff_add_a_course_with_its_lessons(client, staff):
    client.force_login(staff)
    data = {
        "title": "Fundraising basics",
        "slug": "fundraising-basics",
        "summary": "",
        "topics": ["fundraising"],
        "audience": "candidates",
        "counts_as_readiness": "on",
        "published": "on",
        "position": "0",
        "lessons-TOTAL_FORMS": "2",
        "lessons-INITIAL_FORMS": "0",
        "lessons-MIN_NUM_FORMS": "0",
        "lessons-MAX_NUM_FORMS": "1000",
        "lessons-0-title": "Why people give",
        "lessons-0-position": "0",
        "lessons-0-minutes": "10",
        "lessons-0-video_url": "",
        "lessons-0-body": "Because you asked.",
        "lessons-1-title": "Making the ask",
        "lessons-1-position": "1",
        "lessons-1-minutes": "15",
        "lessons-1-video_url": "videos.example.org/ask",
        "lessons-1-body": "Then stop talking.",
    }

    response = client.post(admin_url(Course, "add"), data)

    assert response.status_code == 302
    course = Course.objects.get()
    assert list(course.lessons.order_by("position").values_list("title", "video_url")) == [
        ("Why people give", ""),
        ("Making the ask", "https://videos.example.org/ask"),
    ]
