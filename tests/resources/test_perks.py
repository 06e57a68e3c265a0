"""Perks: offers only endorsed candidates see, claimed once, closed after the election;
and a perk's code never reaches a page served to anyone else."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from candidates.enums import Activity, Stage
from resources import services
from resources.models import PerkClaim
from resources.selectors import perk_list_for, perks_closed, perks_for
from tests.conftest import PERSONAS
from tests.factories import CandidateFactory
from tests.factories.community import PerkClaimFactory, PerkFactory, endorse
from tests.resources.matrix_community import MATRIX as COMMUNITY_MATRIX
from tests.resources.matrix_library import MATRIX as LIBRARY_MATRIX
from tests.rfs.test_permissions import own_url_names

pytestmark = pytest.mark.django_db

CODE = "SECRET-PERK-CODE-4242"
CLAIM_LINK = "https://perks.example.org/secret-claim-link-4242"


@pytest.fixture
def endorsed(north):
    """An endorsed New York candidate whose race's election is next November."""
    return endorse(
        CandidateFactory(state="NY", user__email="erin@example.org", user__name="Erin Endorsed")
    )


@pytest.fixture
def perk(db):
    return PerkFactory(
        vendor="Demo Voter Data Co.", title="Free voter file", code=CODE, claim_url=CLAIM_LINK
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def election_day(candidate) -> date:
    return candidate.races.order_by("-created_at").first().election_date


# --- What an endorsed candidate may claim ------------------------------------------------------


def test_perks_for_lists_published_unexpired_offers(endorsed):
    today = date(2030, 1, 10)
    endorsed.races.update(election_date=date(2030, 11, 5))
    PerkFactory(vendor="A", title="No end date")
    PerkFactory(vendor="B", title="Ends today", expires_on=today)
    PerkFactory(vendor="C", title="Ended yesterday", expires_on=today - timedelta(days=1))
    PerkFactory(vendor="D", title="Not published", published=False)

    offers = perks_for(endorsed, today=today)

    assert [offer.perk.title for offer in offers] == ["No end date", "Ends today"]


def test_perks_for_a_candidate_not_endorsed_is_empty(candidate_user, perk):
    assert perks_for(candidate_user.candidate) == []


def test_perks_for_an_endorsed_candidate_who_runs_again_is_empty(endorsed, perk):
    """Declaring their next race takes them back to running: perks are no longer theirs."""
    from candidates.services import candidate_move

    candidate_move(candidate=endorsed, to_stage=Stage.WON, by=None, note="test")
    candidate_move(candidate=endorsed, to_stage=Stage.RUNNING, by=None, note="test")
    endorsed.refresh_from_db()

    assert perks_for(endorsed) == []


def test_perks_for_is_open_on_election_day_and_closed_the_day_after(endorsed, perk):
    day = election_day(endorsed)

    assert [offer.perk for offer in perks_for(endorsed, today=day)] == [perk]
    assert perks_for(endorsed, today=day + timedelta(days=1)) == []
    assert perk_list_for(endorsed, today=day + timedelta(days=1)).closed is True


def test_perks_close_once_their_race_has_a_result(endorsed, perk):
    endorsed.races.update(result="won")

    assert perks_closed(endorsed, today=date.today()) is True
    assert perks_for(endorsed) == []


def test_perks_stay_open_through_a_runoff(endorsed, perk):
    endorsed.races.update(result="runoff")

    assert perks_closed(endorsed, today=date.today()) is False


def test_perks_for_marks_what_they_claimed(endorsed, perk):
    other = PerkFactory(vendor="Zed", title="Other offer")
    PerkClaimFactory(perk=perk, candidate=endorsed)

    offers = perks_for(endorsed)

    assert [(offer.perk, offer.claimed) for offer in offers] == [(perk, True), (other, False)]


# --- Claiming -------------------------------------------------------------------------------------


def test_perk_claim_records_one_claim_however_often_they_ask(endorsed, perk):
    first, created = services.perk_claim(candidate=endorsed, perk=perk)
    again, created_again = services.perk_claim(candidate=endorsed, perk=perk)

    assert (created, created_again) == (True, False)
    assert first == again
    assert PerkClaim.objects.filter(perk=perk, candidate=endorsed).count() == 1


def test_perk_claim_refuses_a_candidate_not_endorsed(candidate_user, perk):
    with pytest.raises(services.PerkUnavailable, match="come with our endorsement"):
        services.perk_claim(candidate=candidate_user.candidate, perk=perk)

    assert not PerkClaim.objects.exists()


def test_perk_claim_refuses_an_expired_offer(endorsed):
    ended = PerkFactory(expires_on=date.today() - timedelta(days=2))  # ended in every US time zone

    with pytest.raises(services.PerkUnavailable, match="offer has ended"):
        services.perk_claim(candidate=endorsed, perk=ended)

    assert not PerkClaim.objects.exists()


def test_perk_claim_refuses_after_their_election(endorsed, perk):
    with pytest.raises(services.PerkUnavailable, match="close after your election day"):
        services.perk_claim(
            candidate=endorsed, perk=perk, today=election_day(endorsed) + timedelta(days=1)
        )

    assert not PerkClaim.objects.exists()


def test_perk_claim_double_post_records_one_claim(client, endorsed, perk):
    client.force_login(endorsed.user)
    url = reverse("resources:perk_claim", args=[perk.pk])

    first = client.post(url)
    second = client.post(url)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == reverse("resources:perks") + f"#perk-{perk.pk}"
    assert PerkClaim.objects.filter(perk=perk, candidate=endorsed).count() == 1
    # Neither redirect was followed, so the second request still holds the first's message.
    assert messages_of(second) == [
        "It's yours! The details for Demo Voter Data Co. are below.",
        "You've already claimed this one. The details are below.",
    ]


def test_perk_claim_by_a_candidate_not_endorsed_is_403(client, candidate_user, perk):
    client.force_login(candidate_user)

    response = client.post(reverse("resources:perk_claim", args=[perk.pk]))

    assert response.status_code == 403
    assert not PerkClaim.objects.exists()


@pytest.mark.parametrize(
    "persona_name", ["screener", "mentor", "committee_member", "director", "staff"]
)
def test_perk_claim_by_any_other_role_is_403(client, persona, persona_name, perk):
    client.force_login(persona(persona_name))

    assert client.post(reverse("resources:perk_claim", args=[perk.pk])).status_code == 403


def test_perk_claim_anonymous_is_sent_to_sign_in(client, perk):
    response = client.post(reverse("resources:perk_claim", args=[perk.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_perk_claim_of_an_unpublished_offer_is_404(client, endorsed):
    hidden = PerkFactory(published=False)
    client.force_login(endorsed.user)

    assert client.post(reverse("resources:perk_claim", args=[hidden.pk])).status_code == 404


def test_perk_claim_of_an_expired_offer_explains_and_records_nothing(client, endorsed):
    ended = PerkFactory(expires_on=date.today() - timedelta(days=2))  # ended in every US time zone
    client.force_login(endorsed.user)

    response = client.post(reverse("resources:perk_claim", args=[ended.pk]))

    assert response["Location"] == reverse("resources:perks")
    assert messages_of(response) == ["Sorry, this offer has ended."]
    assert not PerkClaim.objects.exists()


# --- The page ---------------------------------------------------------------------------------------


def test_perks_page_shows_the_code_and_link_only_once_claimed(client, endorsed, perk):
    client.force_login(endorsed.user)

    before = client.get(reverse("resources:perks")).content.decode()
    client.post(reverse("resources:perk_claim", args=[perk.pk]))
    after = client.get(reverse("resources:perks")).content.decode()

    assert "Free voter file" in before
    assert CODE not in before and CLAIM_LINK not in before
    assert CODE in after and CLAIM_LINK in after


def test_perks_page_after_their_election_says_perks_closed(client, endorsed, perk):
    endorsed.races.update(result="lost")
    client.force_login(endorsed.user)

    page = client.get(reverse("resources:perks")).content.decode()

    assert "Perks close after your election day." in page
    assert "Free voter file" not in page


def test_perks_page_for_a_candidate_not_endorsed_explains_endorsement(client, candidate_user, perk):
    client.force_login(candidate_user)

    page = client.get(reverse("resources:perks")).content.decode()

    assert "How perks are unlocked" in page
    assert reverse("endorsements:eligibility") in page
    assert "Free voter file" not in page


def test_perks_page_for_staff_explains_and_points_to_the_workplace(client, staff, perk):
    client.force_login(staff)

    page = client.get(reverse("resources:perks")).content.decode()

    assert "How perks are unlocked" in page
    assert reverse("admin:app_list", args=["resources"]) in page
    assert CODE not in page


def test_perks_page_for_a_paused_endorsed_candidate_still_lists_offers(client, endorsed, perk):
    """Pausing changes activity, never the stage: their endorsement and perks stay."""
    endorsed.activity = Activity.PAUSED
    endorsed.save(update_fields=["activity"])
    client.force_login(endorsed.user)

    assert "Free voter file" in client.get(reverse("resources:perks")).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_perks_page_queries_do_not_grow(client, endorsed, count, django_assert_num_queries):
    for number in range(count):
        perk = PerkFactory(vendor=f"Vendor {number}")
        PerkClaimFactory(perk=perk, candidate=endorsed)
    client.force_login(endorsed.user)

    # user with roles (the page and navigation), the candidate (with user), their
    # latest race, the open offers (with their claim).
    with django_assert_num_queries(4):
        response = client.get(reverse("resources:perks"))

    assert len(response.context["perk_list"].offers) == count


# --- A code never reaches anyone else -------------------------------------------------------------------


def _pages_to_check() -> dict:
    """Every page of the resources app (perks, community, partners, library, trainings)
    and My journey, with the kwargs builder the permission matrix uses."""
    pages = {**COMMUNITY_MATRIX, **LIBRARY_MATRIX}
    pages["candidates:journey"] = (lambda persona: {}, None)
    return pages


@pytest.mark.parametrize("persona_name", PERSONAS)
def test_perk_code_never_appears_in_a_page_served_to_anyone_not_endorsed(
    client,
    persona,
    persona_name,
    perk,
    endorsed,
    candidate_user,
):
    # Someone else claimed it; the persona candidate claimed it too, back when they were
    # endorsed (they have since declared a new race): neither may bring the code back.
    PerkClaimFactory(perk=perk, candidate=endorsed)
    PerkClaimFactory(perk=perk, candidate=candidate_user.candidate)
    user = persona(persona_name)
    if user is not None:
        client.force_login(user)

    served = {}
    for url_name, (kwargs_for, _expected) in sorted(_pages_to_check().items()):
        response = client.get(reverse(url_name, kwargs=kwargs_for(persona)), follow=True)
        served[url_name] = response.content.decode()

    assert [name for name, page in served.items() if CODE in page or CLAIM_LINK in page] == []
    # Every page of the resources app was read (the library's and trainings' too).
    resources_pages = {name for name in own_url_names() if name.startswith("resources:")}
    assert resources_pages | {"candidates:journey"} <= set(served)


def test_perk_code_check_sees_a_code_when_one_is_shown(client, endorsed, perk):
    """The check above can fail: the same loop finds the code for an endorsed candidate."""
    PerkClaimFactory(perk=perk, candidate=endorsed)
    client.force_login(endorsed.user)

    page = client.get(reverse("resources:perks")).content.decode()

    assert CODE in page and CLAIM_LINK in page
