"""Where can I run: the finder page, its lookups, and "I might run for this"."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
import time_machine
from django.urls import reverse

from candidates.enums import JurisdictionKind, OfficeLevel
from candidates.finder import (
    MAX_INTERESTS,
    SESSION_KEY,
    ZipNotCovered,
    finder_cache_bump,
    interest_from_token,
    office_interests,
    place_for_zip,
)
from candidates.forms import ZipForm
from candidates.models import Election, Jurisdiction, Office

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 26)
FINDER = reverse("candidates:finder")
INTEREST = reverse("candidates:office_interest")
TYPICAL = "Typical — confirm with your local election office"


@pytest.fixture(autouse=True)
def _today():
    """Thanksgiving 2026, midday in Minnesota: the 2026 general election is over."""
    with time_machine.travel(datetime(2026, 11, 26, 18, 0, tzinfo=UTC), tick=False):
        yield


def find(client, zip_code: str):
    return client.get(FINDER, {"zip": zip_code})


def section(response, slug: str) -> str:
    """The HTML of one level's card on the results page (``level-county``...)."""
    html = response.content.decode()
    match = re.search(rf'<section[^>]*id="level-{slug}".*?</section>', html, re.S)
    assert match, f"no {slug} section"
    return match.group(0)


def group(response, level: str):
    return next(group for group in response.context["groups"] if group.level == level)


def interest_url(token: str) -> str:
    return f"{INTEREST}?{urlencode({'office': token})}"


def saint_paul_offices(count: int = 3, **election) -> list[Office]:
    """Exact city offices for Saint Paul, as staff would import them, each with an election."""
    city = Jurisdiction.objects.create(
        name="Saint Paul",
        kind=JurisdictionKind.MUNICIPALITY,
        state="MN",
        county="Ramsey County",
        city="Saint Paul",
        election_office_url="https://www.ramseycounty.us/elections",
    )
    offices = []
    for ward in range(1, count + 1):
        office = Office.objects.create(
            jurisdiction=city,
            name="City council member",
            district=f"Ward {ward}",
            level=OfficeLevel.MUNICIPAL,
            seats=1,
            term_years=4,
            partisan=False,
        )
        Election.objects.create(
            office=office,
            date=date(2027, 11, 2),
            **({"filing_deadline": date(2027, 8, 10), "filing_fee": Decimal("250.00")} | election),
        )
        offices.append(office)
    return offices


# --- Empty state and bad input -----------------------------------------------------------


def test_finder_before_a_search_explains_what_it_is(client):
    response = client.get(FINDER)

    html = response.content.decode()
    assert response.status_code == 200
    assert "What could you run for?" in html
    assert "Start close to home" in html
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="postal-code"' in html
    assert "aria-invalid" not in html
    assert response.context["groups"] == []


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("", "required", "Enter your ZIP code"),
        ("   ", "required", "Enter your ZIP code"),
        ("abcde", "not_digits", "numbers only"),
        ("5510a", "not_digits", "numbers only"),
        ("551", "length", "This one has 3 digits"),
        ("551011", "length", "This one has 6 digits"),
        ("55101-12", "length", "Try just the first 5 digits"),
        ("00000", "unknown", "We couldn't find the ZIP code 00000"),
        ("55164", "po_box", "PO boxes in Saint Paul"),
        ("09001", "military", "military"),
        ("00601", "territory", "Puerto Rico"),
        ("96799", "territory", "American Samoa"),
    ],
)
def test_finder_bad_zip_gets_a_kind_message_and_keeps_what_was_typed(client, typed, code, words):
    response = find(client, typed)

    html = response.content.decode()
    errors = response.context["form"].errors.as_data()["zip"]
    assert response.status_code == 200
    assert [error.code for error in errors] == [code]
    assert words in errors[0].message
    assert 'id="id_zip_error"' in html
    assert 'aria-invalid="true"' in html
    assert f'value="{typed}"' in html
    assert response.context["groups"] == []


def test_po_box_zip_asks_for_a_home_zip(client):
    response = find(client, "55164")

    message = response.context["form"].errors["zip"][0]
    assert "depend on where you live" in message
    assert "home address" in message


def test_territories_and_military_zips_are_not_covered_yet(client):
    assert "don't cover Puerto Rico yet" in find(client, "00601").context["form"].errors["zip"][0]
    assert (
        "don't cover military addresses yet"
        in find(client, "09001").context["form"].errors["zip"][0]
    )


@pytest.mark.parametrize("typed", ["55101", " 55101 ", "55101-1234", "55101 1234", "551011234"])
def test_zip_plus_four_and_spaces_are_accepted_and_normalised(typed):
    form = ZipForm({"zip": typed})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["zip"] == "55101"
    assert form.place.label == "Saint Paul, Ramsey County, Minnesota"


def test_place_for_zip_knows_city_county_and_state():
    place = place_for_zip("55101")

    assert (place.zip_code, place.city, place.county, place.state) == (
        "55101",
        "Saint Paul",
        "Ramsey County",
        "MN",
    )
    assert place.today() == TODAY


def test_place_for_an_unknown_zip_says_so():
    with pytest.raises(ZipNotCovered) as problem:
        place_for_zip("00000")

    assert problem.value.code == "unknown"


# --- Results -------------------------------------------------------------------------------


def test_saint_paul_shows_the_minnesota_legislature_and_its_next_election(client):
    response = find(client, "55101")

    legislature = section(response, "state-legislature")
    assert response.status_code == 200
    assert "Offices elected in Saint Paul, Ramsey County, Minnesota" in response.content.decode()
    assert "Minnesota House of Representatives" in legislature
    assert "134 seats" in legislature
    assert "Minnesota Senate" in legislature
    assert "67 seats" in legislature
    assert "Next general election:" in legislature
    assert 'datetime="2028-11-07"' in legislature
    assert "Tuesday, November 7, 2028" in legislature
    assert TYPICAL not in legislature


def test_saint_paul_lists_levels_in_order(client):
    response = find(client, "55101")

    assert [group.level for group in response.context["groups"]] == [
        OfficeLevel.STATE_LEGISLATURE,
        OfficeLevel.COUNTY,
        OfficeLevel.MUNICIPAL,
        OfficeLevel.SCHOOL_BOARD,
        OfficeLevel.JUDICIAL,
    ]


def test_county_and_city_offices_are_labelled_typical(client):
    response = find(client, "55101")

    county, city = section(response, "county"), section(response, "municipal")
    assert "Ramsey County" in county
    assert "Sheriff" in county
    assert county.count(TYPICAL) == len(group(response, OfficeLevel.COUNTY).offices) == 5
    assert "Saint Paul" in city
    assert "Mayor" in city
    assert "City council member" in city
    assert city.count(TYPICAL) == 2
    # Typical dates say "often": cities vote in 2027, counties in 2028 in Minnesota.
    assert "Often on the ballot next:" in city
    assert "Tuesday, November 2, 2027" in city
    assert "Tuesday, November 7, 2028" in county
    assert TYPICAL in section(response, "school-board")
    assert TYPICAL in section(response, "judicial")


def test_nebraska_has_one_chamber(client):
    response = find(client, "68508")  # Lincoln, Lancaster County

    legislature = group(response, OfficeLevel.STATE_LEGISLATURE)
    assert [(office.name, office.seats) for office in legislature.offices] == [
        ("Nebraska Legislature", 49)
    ]
    assert "Nebraska Legislature" in section(response, "state-legislature")
    assert "49 seats" in section(response, "state-legislature")


def test_washington_dc_has_its_council_and_no_county(client):
    response = find(client, "20001")

    legislature = group(response, OfficeLevel.STATE_LEGISLATURE)
    assert legislature.title == "Council"
    assert [(office.name, office.seats) for office in legislature.offices] == [
        ("Council of the District of Columbia", 13),
    ]
    assert OfficeLevel.COUNTY not in [group.level for group in response.context["groups"]]
    assert "Advisory Neighborhood Commissioner" in section(response, "municipal")
    assert "Tuesday, November 7, 2028" in section(response, "municipal")
    assert "appointed, not elected" in section(response, "judicial")


def test_connecticut_says_it_has_no_county_government(client):
    response = find(client, "06103")  # Hartford

    assert group(response, OfficeLevel.COUNTY).offices == []
    assert "no county government" in section(response, "county")


def test_virginia_elects_its_legislature_in_odd_years(client):
    response = find(client, "23219")  # Richmond

    assert response.context["place"].label == "Richmond, Virginia"  # an independent city
    assert group(response, OfficeLevel.STATE_LEGISLATURE).next_election == date(2027, 11, 2)
    assert "Virginia House of Delegates" in section(response, "state-legislature")


# --- Exact offices imported by staff --------------------------------------------------------


def test_exact_city_offices_replace_only_the_typical_rows_they_cover(client):
    saint_paul_offices(3)

    response = find(client, "55101")

    city = section(response, "municipal")
    # The council seats were imported; the mayor was not, so it stays, labelled typical.
    assert [(o.name, o.typical) for o in group(response, OfficeLevel.MUNICIPAL).offices][-1] == (
        "Mayor",
        True,
    )
    assert "City council member</h4>" not in city
    assert "Checked by our team" in city
    for ward in ("Ward 1", "Ward 2", "Ward 3"):
        assert f"City council member · {ward}" in city
    assert "4-year term" in city
    assert "1 seat · 4-year term · nonpartisan (no party on the ballot)" in city
    assert "Next election:" in city
    assert "Tuesday, November 2, 2027" in city
    assert "August 10, 2027" in city
    assert f"{(date(2027, 8, 10) - TODAY).days} days left" in city
    assert "Filing fee: $250" in city
    assert 'href="https://www.ramseycounty.us/elections"' in city
    # The county has no exact offices: it stays typical.
    county = section(response, "county")
    assert "Sheriff" in county
    assert TYPICAL in county


@pytest.mark.parametrize("zip_code", ["55101", "55401", "55901", "56001"])
def test_imported_house_seat_keeps_the_senate_with_the_demo_sample_offices(
    client, settings, zip_code
):
    from io import StringIO

    from django.core.management import call_command

    call_command(
        "import_offices", str(settings.BASE_DIR / "docs" / "sample-offices.csv"), stdout=StringIO()
    )

    response = find(client, zip_code)

    legislature = group(response, OfficeLevel.STATE_LEGISLATURE)
    names = [(o.name, o.district, bool(o.jurisdiction)) for o in legislature.offices]
    assert names == [
        ("Minnesota House of Representatives", "64A", True),
        ("Minnesota Senate", "", False),
    ]
    html = section(response, "state-legislature")
    assert html.count("Checked by our team") == 1
    assert "Minnesota Senate" in html


def test_exact_offices_show_signatures_and_a_closed_filing(client):
    saint_paul_offices(
        1, filing_deadline=date(2026, 11, 1), filing_fee=None, signatures_required=1500
    )

    city = section(find(client, "55101"), "municipal")

    assert "Signatures required: 1,500" in city
    assert "(closed)" in city
    assert "Filing fee" not in city


def test_exact_offices_come_from_the_county_the_city_and_the_state(client):
    ramsey = Jurisdiction.objects.create(
        name="Saint Paul Public Schools",
        kind=JurisdictionKind.SCHOOL_DISTRICT,
        state="MN",
        county="Ramsey County",
    )
    Office.objects.create(
        jurisdiction=ramsey, name="School board member", level=OfficeLevel.SCHOOL_BOARD, seats=7
    )
    minnesota = Jurisdiction.objects.create(
        name="Minnesota", kind=JurisdictionKind.STATE, state="MN"
    )
    Office.objects.create(
        jurisdiction=minnesota, name="Secretary of State", level=OfficeLevel.STATEWIDE
    )
    # Elsewhere: another county, a Saint Paul in another state, a town inside Ramsey County.
    hennepin = Jurisdiction.objects.create(
        name="Hennepin County",
        kind=JurisdictionKind.COUNTY,
        state="MN",
        county="Hennepin County",
    )
    Office.objects.create(jurisdiction=hennepin, name="Sheriff", level=OfficeLevel.COUNTY)
    saint_paul_ne = Jurisdiction.objects.create(
        name="Saint Paul",
        kind=JurisdictionKind.MUNICIPALITY,
        state="NE",
        city="Saint Paul",
    )
    Office.objects.create(jurisdiction=saint_paul_ne, name="Mayor", level=OfficeLevel.MUNICIPAL)
    roseville = Jurisdiction.objects.create(
        name="Roseville",
        kind=JurisdictionKind.MUNICIPALITY,
        state="MN",
        county="Ramsey County",
        city="Roseville",
    )
    Office.objects.create(jurisdiction=roseville, name="Mayor", level=OfficeLevel.MUNICIPAL)

    response = find(client, "55101")

    levels = {group.level: group for group in response.context["groups"]}
    assert [office.name for office in levels[OfficeLevel.SCHOOL_BOARD].offices] == [
        "School board member"
    ]
    assert levels[OfficeLevel.SCHOOL_BOARD].exact
    assert "7 seats" in section(response, "school-board")
    assert "We don't have the date of its next election yet." in section(response, "school-board")
    assert [office.name for office in levels[OfficeLevel.STATEWIDE].offices] == [
        "Secretary of State"
    ]
    assert not levels[OfficeLevel.COUNTY].exact
    assert not levels[OfficeLevel.MUNICIPAL].exact  # neither Roseville's nor Nebraska's mayor


def test_past_elections_are_not_the_next_one(client):
    office = saint_paul_offices(1)[0]
    Election.objects.create(office=office, date=date(2023, 11, 7))

    city = group(find(client, "55101"), OfficeLevel.MUNICIPAL)

    assert city.offices[0].election.date == date(2027, 11, 2)
    assert city.next_election == date(2027, 11, 2)


# Queries: 1. the offices of the place with their jurisdiction (one join);
#          2. their elections from today on (one prefetch).
# An anonymous visitor has no session to read.
@pytest.mark.parametrize("count", [1, 3])
def test_finder_query_count_is_the_same_at_1_and_3_offices(
    client, django_assert_num_queries, count
):
    saint_paul_offices(count)

    with django_assert_num_queries(2):
        response = find(client, "55101")

    assert (
        len([o for o in group(response, OfficeLevel.MUNICIPAL).offices if not o.typical]) == count
    )


def test_finder_query_count_stays_the_same_with_many_offices(client, django_assert_num_queries):
    saint_paul_offices(50)

    with django_assert_num_queries(2):
        response = find(client, "55101")

    assert len([o for o in group(response, OfficeLevel.MUNICIPAL).offices if not o.typical]) == 50


def test_finder_without_exact_offices_makes_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        find(client, "55101")


def test_bad_zip_makes_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        find(client, "abcde")


# --- "I might run for this" ---------------------------------------------------------------


def test_each_office_links_to_i_might_run_for_this(client):
    response = find(client, "55101")

    html = response.content.decode()
    offices = [office for group in response.context["groups"] for office in group.offices]
    assert html.count(f'href="{INTEREST}?office=') == len(offices) == 11
    house = group(response, OfficeLevel.STATE_LEGISLATURE).offices[0]
    assert f'href="{interest_url(house.token)}"' in html


def test_zip_typed_in_the_finder_is_prefilled_in_signup(client):
    response = find(client, "55101")
    signup_url = reverse("account_signup") + "?zip=55101"
    assert f'href="{signup_url}"' in response.content.decode()

    form = client.get(signup_url).context["form"]

    assert form["zip_code"].value() == "55101"


def test_zip_of_a_picked_office_is_prefilled_in_signup(client):
    house = group(find(client, "55401"), OfficeLevel.STATE_LEGISLATURE).offices[0]
    client.get(interest_url(house.token))

    form = client.get(reverse("account_signup")).context["form"]

    assert form["zip_code"].value() == "55401"


def test_interest_link_remembers_the_chamber_and_sends_a_visitor_to_signup(client):
    house = group(find(client, "55101"), OfficeLevel.STATE_LEGISLATURE).offices[0]

    response = client.get(interest_url(house.token))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_signup") + "?zip=55101"
    assert client.session[SESSION_KEY] == [
        {
            "label": "Minnesota House of Representatives",
            "level": "state_legislature",
            "office_id": None,
            "state": "MN",
            "zip": "55101",
        }
    ]


def test_interest_link_for_a_typical_office_names_the_place(client):
    sheriff = group(find(client, "55101"), OfficeLevel.COUNTY).offices[1]

    client.get(interest_url(sheriff.token))

    assert client.session[SESSION_KEY] == [
        {
            "label": "Sheriff, Ramsey County",
            "level": "county",
            "office_id": None,
            "state": "MN",
            "zip": "55101",
        }
    ]


def test_interest_link_for_an_exact_office_keeps_its_id(client):
    office = saint_paul_offices(2)[1]
    entry = group(find(client, "55101"), OfficeLevel.MUNICIPAL).offices[1]

    client.get(interest_url(entry.token))

    assert client.session[SESSION_KEY] == [
        {
            "label": "City council member Ward 2, Saint Paul",
            "level": "municipal",
            "office_id": office.pk,
            "state": "MN",
            "zip": "55101",
        }
    ]


def test_interests_have_no_duplicates_and_keep_the_latest_five(client):
    offices = [
        office for group in find(client, "55101").context["groups"] for office in group.offices
    ]

    client.get(interest_url(offices[0].token))
    client.get(interest_url(offices[0].token))
    assert len(client.session[SESSION_KEY]) == 1

    for office in offices[1:7]:
        client.get(interest_url(office.token))

    labels = [interest["label"] for interest in client.session[SESSION_KEY]]
    assert len(labels) == MAX_INTERESTS
    assert "Minnesota House of Representatives" not in labels  # the oldest went first
    assert labels[-1] == f"{offices[6].name}, Ramsey County"


def test_signed_in_person_goes_back_to_the_finder_with_a_message(client, candidate_user):
    client.force_login(candidate_user)
    house = group(find(client, "55101"), OfficeLevel.STATE_LEGISLATURE).offices[0]

    response = client.get(interest_url(house.token), follow=True)

    assert response.redirect_chain == [(f"{FINDER}?zip=55101", 302)]
    assert (
        "Noted: you might run for Minnesota House of Representatives." in response.content.decode()
    )
    assert len(client.session[SESSION_KEY]) == 1


@pytest.mark.parametrize("token", ["", "garbage", "eyJ0IjoiY2hhbWJlciJ9:1abc:forged"])
def test_bad_interest_link_goes_back_to_the_finder_kindly(client, token):
    response = client.get(INTEREST, {"office": token} if token else {}, follow=True)

    assert response.redirect_chain == [(FINDER, 302)]
    assert "that link didn&#x27;t work" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_interest_in_a_deleted_office_is_a_bad_link(client):
    office = saint_paul_offices(1)[0]
    entry = group(find(client, "55101"), OfficeLevel.MUNICIPAL).offices[0]
    office.delete()

    response = client.get(interest_url(entry.token))

    assert response["Location"] == FINDER
    assert interest_from_token(entry.token) is None


def test_office_interests_ignores_anything_malformed(client, rf):
    request = rf.get("/")
    good = {
        "label": "Mayor, Saint Paul",
        "level": "municipal",
        "office_id": None,
        "state": "MN",
        "zip": "55101",
    }
    request.session = {SESSION_KEY: [good, {"label": "half"}, "junk"]}

    assert office_interests(request) == [good]
    request.session = {SESSION_KEY: "junk"}
    assert office_interests(request) == []


# --- The results' cached HTML ------------------------------------------------------------


def test_finder_cached_results_follow_the_zip_and_the_visitor(client, candidate_user):
    first = client.get(FINDER, {"zip": "55101"}).content.decode()
    again = client.get(FINDER, {"zip": "55101"}).content.decode()
    elsewhere = client.get(FINDER, {"zip": "10001"}).content.decode()
    client.force_login(candidate_user)
    signed_in = client.get(FINDER, {"zip": "55101"}).content.decode()

    assert "Sign up for free" in first and "Sign up for free" in again
    assert "Saint Paul" in again and "Saint Paul" not in elsewhere
    assert "Sign up for free" not in signed_in
    assert "remember it for you" in signed_in


def test_finder_cached_results_start_afresh_after_an_import(client):
    before = client.get(FINDER, {"zip": "55101"}).content.decode()
    saint_paul_offices(count=1)
    finder_cache_bump()

    after = client.get(FINDER, {"zip": "55101"}).content.decode()
    assert "Ward 1" not in before and "Ward 1" in after
