"""The public endorsements pages: who is listed, the filters, the shareable page with its
social previews, alumni, and constant query counts."""

from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from candidates.privacy import candidate_erase
from candidates.services import candidate_set_activity
from endorsements.public import alumni_public, endorsements_public
from tests.factories import RaceFactory
from tests.factories.endorsements import ApplicationFactory, EndorsementFactory, png_bytes

pytestmark = pytest.mark.django_db

LIST_URL = reverse("endorsements:public_list")
ALUMNI_URL = reverse("endorsements:alumni")
TODAY = date(2030, 6, 1)


def endorsement(*, election_date=date(2030, 11, 5), result="", **fields):
    """A listed endorsement whose race is on ``election_date``."""
    application = ApplicationFactory(status="approved")
    application.race.election_date = election_date
    application.race.result = result
    application.race.save(update_fields=["election_date", "result"])
    return EndorsementFactory(application=application, **fields)


def names(page) -> list[str]:
    return [item.display_name for item in page.object_list]


def detail_url(item) -> str:
    return reverse("endorsements:public_detail", kwargs={"slug": item.slug})


# --- Who is listed -------------------------------------------------------------------------


def test_public_list_shows_a_listed_candidate_with_their_race_and_links(client):
    item = endorsement(
        display_name="Casey Rivera",
        office_name="City Council",
        district="Ward 3",
        jurisdiction_name="Albany",
        state="NY",
        website="https://rivera.example.org/",
        donation_url="https://give.example.org/rivera",
    )

    response = client.get(LIST_URL, {"election": "any"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Casey Rivera" in html
    assert "City Council, Ward 3" in html
    assert "Albany, New York" in html
    assert "November 5, 2030" in html
    assert 'href="https://rivera.example.org/" rel="noopener"' in html
    assert 'href="https://give.example.org/rivera" rel="noopener"' in html
    assert detail_url(item) in html
    # No photo: their initials instead.
    assert ">CR</text>" in html


def test_public_list_leaves_out_an_unlisted_candidate(client):
    endorsement(display_name="Shown Person")
    endorsement(display_name="Hidden Person", listed=False)

    assert names(endorsements_public(page=1)) == ["Shown Person"]


def test_public_pages_drop_a_candidate_who_withdraws_at_once(client):
    item = endorsement(display_name="Casey Rivera")
    assert client.get(detail_url(item)).status_code == 200

    candidate_set_activity(candidate=item.candidate, activity="withdrawn", by=item.candidate.user)

    assert names(endorsements_public(page=1)) == []
    assert "Casey Rivera" not in client.get(LIST_URL, {"election": "any"}).content.decode()
    assert client.get(detail_url(item)).status_code == 404


def test_public_pages_keep_a_paused_candidate(client):
    item = endorsement(display_name="Casey Rivera")

    candidate_set_activity(candidate=item.candidate, activity="paused", by=item.candidate.user)

    assert names(endorsements_public(page=1)) == ["Casey Rivera"]
    assert client.get(detail_url(item)).status_code == 200


def test_public_pages_drop_a_candidate_who_asks_to_be_unlisted_at_once(client):
    from endorsements.services.results import endorsement_set_listed

    item = endorsement(display_name="Casey Rivera")

    endorsement_set_listed(endorsement=item, listed=False, by=item.candidate.user)

    assert names(endorsements_public(page=1)) == []
    assert client.get(detail_url(item)).status_code == 404


def test_public_pages_drop_an_erased_candidate_at_once(client):
    item = endorsement(display_name="Casey Rivera")
    url = detail_url(item)

    candidate_erase(user=item.candidate.user)

    assert names(endorsements_public(page=1)) == []
    assert client.get(url).status_code == 404


def test_public_pages_drop_a_candidate_whose_account_is_deactivated(client):
    item = endorsement(display_name="Casey Rivera")
    item.candidate.user.is_active = False
    item.candidate.user.save(update_fields=["is_active"])

    assert names(endorsements_public(page=1)) == []
    assert client.get(detail_url(item)).status_code == 404


def test_public_pages_drop_a_candidate_who_withdrew_from_the_race(client):
    item = endorsement(display_name="Casey Rivera", result="withdrew")

    assert names(endorsements_public(page=1)) == []
    assert client.get(detail_url(item)).status_code == 404


def test_public_pages_drop_an_endorsement_whose_application_no_longer_stands(client):
    item = endorsement(display_name="Casey Rivera")
    item.application.status = "withdrawn"
    item.application.save(update_fields=["status"])

    assert names(endorsements_public(page=1)) == []


# --- Filters, order, pages ----------------------------------------------------------------------


def test_public_list_filters_by_state():
    endorsement(display_name="New Yorker", state="NY")
    endorsement(display_name="Californian", state="CA")

    assert names(endorsements_public(state="CA", page=1)) == ["Californian"]


def test_public_list_filters_by_office_level():
    endorsement(display_name="Council Member", office_level="municipal")
    endorsement(display_name="School Board Member", office_level="school_board")

    assert names(endorsements_public(level="school_board", page=1)) == ["School Board Member"]


@pytest.mark.parametrize(
    ("election", "expected"),
    [
        ("upcoming", ["This November", "Next Year"]),
        ("past", ["Last Year"]),
        ("2031", ["Next Year"]),
        (None, ["Last Year", "This November", "Next Year"]),
    ],
)
def test_public_list_filters_by_election(election, expected):
    endorsement(display_name="Last Year", election_date=date(2029, 11, 6))
    endorsement(display_name="This November", election_date=date(2030, 11, 5))
    endorsement(display_name="Next Year", election_date=date(2031, 11, 4))

    assert names(endorsements_public(election=election, page=1, today=TODAY)) == expected


def test_public_list_orders_by_election_day_then_state_then_name():
    endorsement(display_name="Zoe", state="NY", election_date=date(2030, 11, 5))
    endorsement(display_name="Ann", state="NY", election_date=date(2030, 11, 5))
    endorsement(display_name="Bo", state="CA", election_date=date(2030, 11, 5))
    endorsement(display_name="Early", state="WY", election_date=date(2030, 6, 2))

    assert names(endorsements_public(page=1, today=TODAY)) == ["Early", "Bo", "Ann", "Zoe"]


def test_public_list_page_shows_upcoming_elections_by_default(client, time_machine):
    time_machine.move_to(TODAY)
    endorsement(display_name="Last Year", election_date=date(2029, 11, 6))
    endorsement(display_name="This November", election_date=date(2030, 11, 5))

    html = client.get(LIST_URL).content.decode()

    assert "This November" in html
    assert "Last Year" not in html


def test_public_list_page_filters_from_the_form(client):
    endorsement(display_name="New Yorker", state="NY")
    endorsement(display_name="Californian", state="CA")

    html = client.get(LIST_URL, {"state": "CA", "level": "", "election": "any"}).content.decode()

    assert "Californian" in html
    assert "New Yorker" not in html


def test_public_list_page_ignores_a_filter_it_does_not_know(client):
    endorsement(display_name="Casey Rivera")

    response = client.get(LIST_URL, {"state": "ZZ", "election": "any"})

    assert response.status_code == 200
    assert "Casey Rivera" in response.content.decode()
    assert response.context["form"].errors["state"]


def test_public_list_page_has_an_empty_state(client):
    html = client.get(LIST_URL).content.decode()

    assert "Our next endorsements are on their way" in html
    assert reverse("endorsements:alumni") in html


def test_public_list_page_empty_state_for_filters(client):
    endorsement(display_name="New Yorker", state="NY")

    html = client.get(LIST_URL, {"state": "CA", "election": "any"}).content.decode()

    assert "No endorsed candidates match these filters yet." in html


def test_public_list_pages_24_at_a_time(client):
    for number in range(25):
        endorsement(display_name=f"Candidate {number:02d}")

    first = client.get(LIST_URL, {"election": "any"})
    second = client.get(LIST_URL, {"election": "any", "page": "2"})

    assert len(first.context["page"].object_list) == 24
    assert names(second.context["page"]) == ["Candidate 24"]
    # The next-page link keeps the filters.
    assert "?election=any&amp;page=2" in first.content.decode()


def test_public_list_page_out_of_range_gives_the_last_page(client):
    endorsement(display_name="Casey Rivera")

    response = client.get(LIST_URL, {"election": "any", "page": "99"})

    assert names(response.context["page"]) == ["Casey Rivera"]


@pytest.mark.parametrize("rows", [1, 3])
def test_public_list_page_query_count_is_constant(client, django_assert_num_queries, rows):
    for number in range(rows):
        item = endorsement(display_name=f"Candidate {number}")
        item.photo = f"endorsements/photos/{number}.png"
        item.save(update_fields=["photo"])

    # 1. the election years for the filter, 2. the count, 3. the page's rows with their races.
    with django_assert_num_queries(3):
        response = client.get(LIST_URL, {"election": "any"})

    assert len(response.context["page"].object_list) == rows


# --- The shareable page -----------------------------------------------------------------------------


def test_public_detail_has_a_sensible_title_and_social_previews(client, settings):
    settings.SITE_URL = "https://rfs.example.org"
    item = endorsement(
        display_name="Casey Rivera",
        office_name="City Council",
        district="Ward 3",
        bio="Nurse and organizer.",
    )

    html = client.get(detail_url(item)).content.decode()

    assert "<title>Casey Rivera for City Council, Ward 3 · Run for Something</title>" in html
    assert '<meta property="og:title" content="Casey Rivera for City Council, Ward 3">' in html
    assert '<meta property="og:description" content="Nurse and organizer.">' in html
    assert f'<meta property="og:url" content="https://rfs.example.org{detail_url(item)}">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    # No photo, no image preview.
    assert "og:image" not in html


def test_public_detail_describes_the_race_without_a_bio(client):
    item = endorsement(
        display_name="Casey Rivera", office_name="City Council", jurisdiction_name="Albany"
    )

    html = client.get(detail_url(item)).content.decode()

    assert "Endorsed by Run for Something: running for City Council in Albany, New York." in html


def test_public_detail_previews_the_photo(client, settings, tmp_path):
    settings.SITE_URL = "https://rfs.example.org"
    settings.MEDIA_ROOT = tmp_path
    item = endorsement(display_name="Casey Rivera")
    item.photo.save("casey.png", ContentFile(png_bytes()), save=True)

    html = client.get(detail_url(item)).content.decode()

    assert f'<meta property="og:image" content="https://rfs.example.org{item.photo.url}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert f'src="{item.photo.url}"' in html
    assert 'alt="Photo of Casey Rivera"' in html


def test_public_detail_of_an_address_that_never_existed_is_404(client):
    assert (
        client.get(reverse("endorsements:public_detail", kwargs={"slug": "nobody"})).status_code
        == 404
    )


def test_public_detail_query_count(client, django_assert_num_queries):
    item = endorsement(display_name="Casey Rivera")

    # 1. the endorsement with its race.
    with django_assert_num_queries(1):
        assert client.get(detail_url(item)).status_code == 200


# --- Alumni -----------------------------------------------------------------------------------------


def test_alumni_lists_only_winners():
    endorsement(display_name="Winner", result="won")
    endorsement(display_name="Runner Up", result="lost")
    endorsement(display_name="Still Running")
    endorsement(display_name="Unlisted Winner", result="won", listed=False)

    assert names(alumni_public(page=1)) == ["Winner"]


def test_alumni_page_lists_winners_and_has_an_empty_state(client):
    assert "Our first winners will appear here" in client.get(ALUMNI_URL).content.decode()

    endorsement(display_name="Winner", result="won", election_date=date(2029, 11, 6))

    html = client.get(ALUMNI_URL).content.decode()
    assert "Winner" in html
    assert "Elected in 2029" in html


@pytest.mark.parametrize("rows", [1, 3])
def test_alumni_page_query_count_is_constant(client, django_assert_num_queries, rows):
    for number in range(rows):
        endorsement(display_name=f"Winner {number}", result="won")

    # 1. the count, 2. the page's rows with their races.
    with django_assert_num_queries(2):
        response = client.get(ALUMNI_URL)

    assert len(response.context["page"].object_list) == rows


def test_endorsement_without_a_race_is_still_listed():
    item = endorsement(display_name="Casey Rivera")
    RaceFactory._meta.model.objects.filter(pk=item.race_id).delete()

    assert names(endorsements_public(page=1)) == ["Casey Rivera"]
