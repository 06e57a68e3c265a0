"""Community channels: suggestions from the candidate's own state, race and answers
(shown to them alone), every channel for everyone else; My journey's community part; the
data export's part; the demo data."""

from io import StringIO

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from candidates.enums import Activity
from candidates.models import Demographics, OfficeInterest
from resources import demo_community
from resources.enums import ChannelKind
from resources.models import Channel, DirectoryProfile, Perk
from resources.selectors import channels_for, export_community, journey_community
from tests.factories import CandidateFactory, RaceFactory
from tests.factories.community import (
    ChannelFactory,
    DirectoryProfileFactory,
    PerkClaimFactory,
    PerkFactory,
    endorse,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def casey(candidate_user):
    return candidate_user.candidate


@pytest.fixture
def channels(db):
    """One channel of each fit, and a few that fit nobody here."""
    return {
        "ny": ChannelFactory(name="New York candidates", kind=ChannelKind.STATE, state="NY"),
        "ca": ChannelFactory(name="California candidates", kind=ChannelKind.STATE, state="CA"),
        "school": ChannelFactory(
            name="School board", kind=ChannelKind.SPECIALTY, specialty="school_board"
        ),
        "council": ChannelFactory(
            name="City council", kind=ChannelKind.SPECIALTY, specialty="municipal"
        ),
        "judicial": ChannelFactory(
            name="Judicial races", kind=ChannelKind.SPECIALTY, specialty="judicial"
        ),
        "women": ChannelFactory(name="Women running", kind=ChannelKind.IDENTITY, identity="women"),
        "veterans": ChannelFactory(
            name="Veterans running", kind=ChannelKind.IDENTITY, identity="veterans"
        ),
    }


def names(channels) -> list[str]:
    return [channel.name for channel in channels]


# --- Suggestions -----------------------------------------------------------------------------------


def test_channels_for_suggests_their_state_first(casey, channels):
    suggested, groups = channels_for(casey)

    assert names(suggested) == ["New York candidates"]
    assert [(group.kind, names(group.channels)) for group in groups] == [
        (ChannelKind.STATE, ["California candidates"]),
        (ChannelKind.SPECIALTY, ["City council", "Judicial races", "School board"]),
        (ChannelKind.IDENTITY, ["Veterans running", "Women running"]),
    ]


def test_channels_for_suggests_the_level_of_their_current_race_and_offices_of_interest(
    casey, channels
):
    RaceFactory(candidate=casey, level="municipal")
    RaceFactory(candidate=casey, level="judicial", result="lost")  # an earlier race, over
    OfficeInterest.objects.create(candidate=casey, label="School Board", level="school_board")

    suggested, _groups = channels_for(casey)

    assert names(suggested) == ["New York candidates", "City council", "School board"]


def test_channels_for_suggests_identities_from_their_own_answers(casey, channels):
    Demographics.objects.create(candidate=casey, gender="woman", veteran="no")

    suggested, groups = channels_for(casey)

    assert names(suggested) == ["New York candidates", "Women running"]
    assert "Women running" not in [name for group in groups for name in names(group.channels)]


def test_channels_for_leaves_out_inactive_channels(casey, channels):
    Channel.objects.filter(pk=channels["ny"].pk).update(active=False)

    suggested, groups = channels_for(casey)

    assert suggested == []
    assert "New York candidates" not in [name for group in groups for name in names(group.channels)]


# --- The page ---------------------------------------------------------------------------------------


def test_community_page_shows_a_candidate_their_suggestions_then_the_rest(client, casey, channels):
    Demographics.objects.create(candidate=casey, lgbtq="no", veteran="yes")
    client.force_login(casey.user)

    response = client.get(reverse("resources:community"))

    page = response.content.decode()
    assert names(response.context["suggested"]) == ["New York candidates", "Veterans running"]
    assert page.index("Suggested for you") < page.index("More channels by state")
    assert channels["veterans"].invite_url in page
    assert 'rel="noopener"' in page


@pytest.mark.parametrize(
    "persona_name", ["screener", "mentor", "committee_member", "director", "staff"]
)
def test_community_page_for_other_roles_lists_every_channel_without_suggestions(
    client, persona, persona_name, channels
):
    client.force_login(persona(persona_name))

    response = client.get(reverse("resources:community"))

    assert response.context["suggested"] == []
    assert sum(len(group.channels) for group in response.context["groups"]) == len(channels)
    assert "Suggested for you" not in response.content.decode()


def test_community_page_without_channels_shows_the_empty_state(client, casey):
    client.force_login(casey.user)

    assert (
        "Our channels are being set up."
        in client.get(reverse("resources:community")).content.decode()
    )


def test_community_page_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("resources:community"))

    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("count", [1, 3])
def test_community_page_queries_do_not_grow(client, casey, count, django_assert_num_queries):
    for number in range(count):
        ChannelFactory(name=f"NY {number}", state="NY")
        ChannelFactory(
            name=f"School {number}", kind=ChannelKind.SPECIALTY, specialty="school_board"
        )
        ChannelFactory(name=f"Women {number}", kind=ChannelKind.IDENTITY, identity="women")
    client.force_login(casey.user)

    # user with roles (the page and navigation), the candidate; then the channels,
    # their current race's level, their offices of interest, their demographics.
    with django_assert_num_queries(6):
        response = client.get(reverse("resources:community"))

    assert len(response.context["suggested"]) == count


# --- My journey and the data export ----------------------------------------------------------------------


def test_journey_community_suggests_three_channels_and_the_directory_status(casey, channels):
    OfficeInterest.objects.create(candidate=casey, label="School Board", level="school_board")
    OfficeInterest.objects.create(candidate=casey, label="City Council", level="municipal")
    Demographics.objects.create(candidate=casey, gender="woman")
    DirectoryProfileFactory(candidate=casey)

    community = journey_community(casey)["community"]

    assert names(community["channels"]) == ["New York candidates", "City council", "School board"]
    assert community["more_channels"] == 1
    assert community["directory"].shown is True
    assert (community["endorsed"], community["perks_available"]) == (False, 0)


def test_journey_community_counts_perks_for_an_endorsed_candidate_and_never_shows_a_code(north):
    endorsed = endorse(CandidateFactory(state="NY"))
    PerkFactory(code="SECRET-JOURNEY-CODE-1")
    PerkClaimFactory(perk=PerkFactory(code="SECRET-JOURNEY-CODE-2"), candidate=endorsed)

    context = journey_community(endorsed)
    html = render_to_string("resources/_journey_community.html", context)

    assert (context["community"]["endorsed"], context["community"]["perks_available"]) == (True, 2)
    assert "2 perks are waiting for you." in html
    assert "SECRET-JOURNEY-CODE" not in html


def test_journey_community_says_when_they_are_hidden_while_paused(casey):
    DirectoryProfileFactory(candidate=casey)
    casey.activity = Activity.PAUSED

    html = render_to_string("resources/_journey_community.html", journey_community(casey))

    assert "hidden from the directory while your journey is on hold" in html


@pytest.mark.parametrize("count", [1, 3])
def test_journey_community_queries_do_not_grow(casey, count, django_assert_num_queries):
    for number in range(count):
        ChannelFactory(name=f"NY {number}", state="NY")
    DirectoryProfileFactory(candidate=casey)
    casey = type(casey).objects.select_related("user").get(pk=casey.pk)

    # their own rows (race level, demographics, directory entry), offices of interest
    # (My journey has them already), channels (into the cache, empty in each test).
    # Perks ask nothing more of a candidate not endorsed (their stage says so).
    with django_assert_num_queries(3):
        community = journey_community(casey)["community"]

    assert len(community["channels"]) == count


def test_export_community_holds_their_entry_and_claims_with_codes(casey):
    DirectoryProfileFactory(candidate=casey, office_sought="School Board", one_line="Teacher.")
    perk = PerkFactory(vendor="Demo Dialer", title="Half price texting", code="DEMO-DIALER-HALF")
    claim = PerkClaimFactory(perk=perk, candidate=casey)

    export = export_community(casey)

    assert export["directory_entry"]["office_sought"] == "School Board"
    assert export["directory_entry"]["shown_in_the_directory"] is True
    assert export["perk_claims"] == [
        {
            "vendor": "Demo Dialer",
            "offer": "Half price texting",
            "claimed": claim.claimed_at.isoformat(),
            "code": "DEMO-DIALER-HALF",
            "claim_link": "",
        }
    ]


def test_export_community_without_anything_is_empty(casey):
    assert export_community(casey) == {"directory_entry": None, "perk_claims": []}


# --- Demo data ------------------------------------------------------------------------------------------


def test_seed_community_twice_leaves_the_same_rows(north):
    CandidateFactory(state="MN", user__email="candidate-0001@example.org", zip_code="55101")
    CandidateFactory(
        state="MN", user__email="candidate-0002@example.org", activity=Activity.WITHDRAWN
    )

    demo_community.seed_community(stdout=StringIO())
    counts = (Perk.objects.count(), Channel.objects.count(), DirectoryProfile.objects.count())
    demo_community.seed_community(stdout=StringIO())

    assert counts == (
        Perk.objects.count(),
        Channel.objects.count(),
        DirectoryProfile.objects.count(),
    )
    assert counts == (len(demo_community.PERKS), len(demo_community.CHANNELS), 1)
    assert all(perk.code.startswith("DEMO-") or not perk.code for perk in Perk.objects.all())
    assert all(
        channel.invite_url.startswith("https://chat.example.org/")
        for channel in Channel.objects.all()
    )
    assert DirectoryProfile.objects.get().candidate.city == "Saint Paul"


@pytest.mark.parametrize("races", [0, 1, 3])
def test_journey_facts_from_races_my_journey_read_match_the_query(north, races):
    from django.db.models import prefetch_related_objects

    from resources.selectors import journey_facts

    endorsed = endorse(CandidateFactory(state="NY"))
    endorsed.races.all().delete()
    for number in range(races):
        # The newest has a result; an older one, without, is their current race.
        RaceFactory(
            candidate=endorsed,
            level=["state_house", "municipal", "county"][number],
            result="" if number == 1 else "lost",
        )
    asked = journey_facts(type(endorsed).objects.get(pk=endorsed.pk))
    prefetch_related_objects([endorsed], "races")

    assert journey_facts(endorsed) == asked
