"""Endorsements in the admin: cycles, partners, applications with their bulk decisions,
endorsements; each list at a constant number of queries."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from candidates.enums import Stage
from endorsements.enums import ApplicationStatus
from endorsements.models import Application, Cycle, Endorsement
from endorsements.services.reviews import decision_make, vote_cast
from resources.models import PartnerOrganization
from rfs.models import OutboundEmail
from tests.factories import CandidateFactory
from tests.factories.endorsements import (
    CycleFactory,
    EndorsementFactory,
    PartnerOrganizationFactory,
    ready_for_decision,
)

from .test_review_services import decidable, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_seeded_partners(db):
    """The national partners the migrations seed, out of the way of counting rows."""
    PartnerOrganization.objects.all().delete()


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def north_application(**fields) -> Application:
    return submitted_application(CandidateFactory(state="NY"), **fields)


def west_application(**fields) -> Application:
    return submitted_application(CandidateFactory(state="CA"), **fields)


# --- Applications ------------------------------------------------------------------------


def test_application_list_shows_a_director_their_regions_rows(client, director, north, west):
    mine, _theirs = north_application(), west_application()
    client.force_login(director)

    response = client.get(admin_url(Application, "changelist"))

    assert list(response.context["cl"].result_list) == [mine]


def test_application_list_searches_by_candidate_name(client, staff, north):
    found = north_application()
    north_application()
    client.force_login(staff)

    response = client.get(admin_url(Application, "changelist"), {"q": found.candidate.user.name})

    assert list(response.context["cl"].result_list) == [found]


def test_application_list_shows_the_tally(client, staff, committee_member, north):
    application = north_application()
    vote_cast(application=application, member=committee_member, choice="decline")
    client.force_login(staff)

    response = client.get(admin_url(Application, "changelist"))

    assert "0 / 1 / 0 / 0" in response.content.decode()


def test_application_change_page_is_read_only_and_links_to_the_review(
    client, staff, committee_member, north
):
    application = north_application()
    vote_cast(
        application=application,
        member=committee_member,
        choice="approve",
        comment="Strong field plan.",
    )
    client.force_login(staff)

    response = client.get(admin_url(Application, "change", application.pk))

    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("endorsements:review", kwargs={"pk": application.pk}) in body
    assert "Strong field plan." in body
    assert 'name="_save"' not in body


def test_application_change_page_answers_another_regions_director_404(
    client, other_director, director, north, west
):
    application = north_application()
    client.force_login(other_director)

    assert client.get(admin_url(Application, "change", application.pk)).status_code == 404
    assert client.get(admin_url(Application, "history", application.pk)).status_code == 404

    client.force_login(director)
    assert client.get(admin_url(Application, "change", application.pk)).status_code == 200


def _act(client, action: str, applications, **extra):
    return client.post(
        admin_url(Application, "changelist"),
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [application.pk for application in applications],
            **extra,
        },
        follow=True,
    )


def test_endorse_selected_decides_each_and_skips_the_decided(client, staff, north):
    waiting = [decidable(CandidateFactory(state="NY")), decidable(CandidateFactory(state="NY"))]
    decided = decidable(CandidateFactory(state="NY"))
    decision_make(application=decided, by=staff, approve=False, reason="Not now.")
    client.force_login(staff)

    response = _act(client, "endorse_selected", [*waiting, decided], apply="1")

    body = response.content.decode()
    assert "2 candidates endorsed" in body
    assert "already decided" in body
    assert sorted(Application.objects.values_list("status", flat=True)) == [
        "approved",
        "approved",
        "declined",
    ]
    assert Endorsement.objects.count() == 2
    for application in waiting:
        application.candidate.refresh_from_db()
        assert application.candidate.stage == Stage.ENDORSED


def test_decline_selected_asks_for_the_reason_first(client, staff, north):
    applications = [
        decidable(CandidateFactory(state="NY")),
        decidable(CandidateFactory(state="NY")),
    ]
    client.force_login(staff)

    confirm = _act(client, "decline_selected", applications)
    missing = _act(client, "decline_selected", applications, apply="1", reason="")
    done = _act(
        client, "decline_selected", applications, apply="1", reason="Your plan needs a field team."
    )

    assert (
        next(template.name for template in confirm.templates)
        == "admin/endorsements/application/decline.html"
    )
    assert missing.context["form"].errors["reason"]
    assert "2 applications declined" in done.content.decode()
    assert set(Application.objects.values_list("status", "decision_reason")) == {
        ("declined", "Your plan needs a field team."),
    }
    assert OutboundEmail.objects.filter(purpose="endorsement_declined").count() == 2


def test_endorse_selected_shows_who_and_the_email_first_and_changes_nothing(client, staff, north):
    ready = decidable(CandidateFactory(state="NY", user__name="Riley Ready"))
    unready = north_application()
    client.force_login(staff)

    response = _act(client, "endorse_selected", [ready, unready])

    body = response.content.decode()
    assert (
        next(template.name for template in response.templates)
        == "admin/endorsements/application/endorse.html"
    )
    assert "Riley Ready" in body
    assert (
        "You&#x27;re endorsed by Run for Something!" in body
        or "You're endorsed by Run for Something!" in body
    )
    assert "Not ready: no recommendation yet, 0 of 3 votes" in body
    assert set(Application.objects.values_list("status", flat=True)) == {
        ApplicationStatus.SUBMITTED
    }
    assert not OutboundEmail.objects.filter(purpose="endorsement_approved").exists()


def test_endorse_selected_skips_the_unready_unless_staff_say_why(client, staff, north):
    ready = decidable(CandidateFactory(state="NY"))
    unready = north_application()
    client.force_login(staff)

    first = _act(client, "endorse_selected", [ready, unready], apply="1")
    assert "isn&#x27;t ready for a decision" in first.content.decode()
    assert Application.objects.get(pk=unready.pk).status == ApplicationStatus.SUBMITTED

    _act(
        client, "endorse_selected", [unready], apply="1", override_reason="Filing closes tomorrow."
    )
    assert Application.objects.get(pk=unready.pk).status == ApplicationStatus.APPROVED


def test_application_list_shows_which_way_the_director_recommends(client, staff, north):
    application = north_application()
    ready_for_decision(application, recommendation="decline", votes=0)
    client.force_login(staff)

    body = client.get(admin_url(Application, "changelist")).content.decode()

    assert "Do not endorse" in body


def test_directors_have_no_decision_actions(client, director, north):
    application = north_application()
    client.force_login(director)

    listed = client.get(admin_url(Application, "changelist"))
    _act(client, "endorse_selected", [application])

    assert listed.context["action_form"] is None or "endorse_selected" not in dict(
        listed.context["action_form"].fields["action"].choices
    )
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


# --- Partner organisations ---------------------------------------------------------------


def _partner_data(**overrides) -> dict:
    return {
        "name": "Albany Forward",
        "slug": "albany-forward",
        "url": "https://albanyforward.example.org/",
        "scope": "local",
        "states": ["NY"],
        "focus": ["training"],
        "focus_text": "Trains Albany's candidates.",
        "description": "",
        "active": "on",
        **overrides,
    }


def test_director_adds_a_local_group_in_their_states(client, director, north):
    client.force_login(director)

    response = client.post(admin_url(PartnerOrganization, "add"), _partner_data())

    assert response.status_code == 302
    partner = PartnerOrganization.objects.get(slug="albany-forward")
    assert (partner.scope, partner.states, partner.focus) == ("local", ["NY"], ["training"])


@pytest.mark.parametrize("overrides", [{"scope": "national", "states": []}, {"states": ["CA"]}])
def test_director_cannot_add_national_or_other_states_groups(client, director, north, overrides):
    client.force_login(director)

    response = client.post(admin_url(PartnerOrganization, "add"), _partner_data(**overrides))

    assert response.status_code == 200
    assert not PartnerOrganization.objects.filter(slug="albany-forward").exists()


def test_director_sees_but_cannot_change_a_national_group(
    client, director, north, no_seeded_partners
):
    national = PartnerOrganizationFactory(name="Emerge", scope="national")
    client.force_login(director)

    listed = client.get(admin_url(PartnerOrganization, "changelist"))
    changed = client.post(
        admin_url(PartnerOrganization, "change", national.pk), _partner_data(name="Renamed")
    )

    assert list(listed.context["cl"].result_list) == [national]
    assert changed.status_code == 403
    assert PartnerOrganization.objects.get(pk=national.pk).name == "Emerge"


def test_director_opens_a_national_groups_page_read_only(client, director, no_seeded_partners):
    national = PartnerOrganizationFactory(name="Emerge", scope="national")
    client.force_login(director)

    response = client.get(admin_url(PartnerOrganization, "change", national.pk))

    assert response.status_code == 200
    assert "Emerge" in response.content.decode()


def test_partner_list_filters_by_focus_and_scope(client, staff, no_seeded_partners):
    women = PartnerOrganizationFactory(name="Women Run", focus=["women"])
    PartnerOrganizationFactory(name="Black Women Lead", focus=["black_women"])
    local = PartnerOrganizationFactory(name="Albany Forward", scope="local", states=["NY"])
    client.force_login(staff)

    by_focus = client.get(admin_url(PartnerOrganization, "changelist"), {"focus": "women"})
    by_scope = client.get(admin_url(PartnerOrganization, "changelist"), {"scope__exact": "local"})

    assert list(by_focus.context["cl"].result_list) == [women]
    assert list(by_scope.context["cl"].result_list) == [local]


# --- Endorsements --------------------------------------------------------------------------


def test_staff_unlist_and_list_endorsements(client, staff, north):
    endorsement = EndorsementFactory(
        application__candidate=CandidateFactory(state="NY"), listed=True
    )
    client.force_login(staff)

    client.post(
        admin_url(Endorsement, "changelist"),
        {"action": "unlist_selected", ACTION_CHECKBOX_NAME: [endorsement.pk]},
    )
    unlisted = Endorsement.objects.get(pk=endorsement.pk).listed
    client.post(
        admin_url(Endorsement, "changelist"),
        {"action": "list_selected", ACTION_CHECKBOX_NAME: [endorsement.pk]},
    )

    assert (unlisted, Endorsement.objects.get(pk=endorsement.pk).listed) == (False, True)


def test_endorsement_page_is_read_only_and_offers_the_result_actions(client, staff, north):
    endorsement = EndorsementFactory(application__candidate=CandidateFactory(state="NY"))
    client.force_login(staff)

    listed = client.get(admin_url(Endorsement, "changelist"))
    page = client.get(admin_url(Endorsement, "change", endorsement.pk))

    actions = dict(listed.context["action_form"].fields["action"].choices)
    assert {"list_selected", "unlist_selected", "record_result_won", "record_result_lost"} <= set(
        actions
    )
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()


@pytest.mark.parametrize("model", [Cycle, Endorsement], ids=lambda m: m.__name__)
def test_staff_only_lists_refuse_directors(client, director, staff, model):
    client.force_login(director)
    assert client.get(admin_url(model, "changelist")).status_code == 403

    client.force_login(staff)
    assert client.get(admin_url(model, "changelist")).status_code == 200


# --- Query counts: lists cost the same at 1 and 3 rows ------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_application_changelist_queries_do_not_grow(
    client, staff, committee_member, north, count, django_assert_num_queries
):
    for _ in range(count):
        vote_cast(application=north_application(), member=committee_member, choice="approve")
    client.force_login(staff)

    with django_assert_num_queries(APPLICATION_CHANGELIST_QUERIES):
        response = client.get(admin_url(Application, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_application_changelist_queries_do_not_grow_for_a_director(
    client, director, north, count, django_assert_num_queries
):
    for _ in range(count):
        north_application()
    client.force_login(director)

    with django_assert_num_queries(APPLICATION_CHANGELIST_DIRECTOR_QUERIES):
        response = client.get(admin_url(Application, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_cycle_changelist_queries_do_not_grow(client, staff, count, django_assert_num_queries):
    for _ in range(count):
        CycleFactory()
    client.force_login(staff)

    with django_assert_num_queries(CYCLE_CHANGELIST_QUERIES):
        response = client.get(admin_url(Cycle, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_partner_changelist_queries_do_not_grow(
    client, director, count, django_assert_num_queries, no_seeded_partners
):
    for _ in range(count):
        PartnerOrganizationFactory(focus=["women", "training"])
    client.force_login(director)

    with django_assert_num_queries(PARTNER_CHANGELIST_QUERIES):
        response = client.get(admin_url(PartnerOrganization, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_endorsement_changelist_queries_do_not_grow(
    client, staff, north, count, django_assert_num_queries
):
    for _ in range(count):
        EndorsementFactory(application__candidate=CandidateFactory(state="NY"))
    client.force_login(staff)

    with django_assert_num_queries(ENDORSEMENT_CHANGELIST_QUERIES):
        response = client.get(admin_url(Endorsement, "changelist"))

    assert len(response.context["cl"].result_list) == count


# Each: user with roles, two-factor check, Django's two permission lookups, then
# the list's own queries.
# Applications: the cycles (cycle filter), the regions the user sees (region filter),
# the count, and the page with candidate, person, race, region and cycle joined and the
# tally annotated. The same for staff and a director (their regions in the filter).
APPLICATION_CHANGELIST_QUERIES = 8
APPLICATION_CHANGELIST_DIRECTOR_QUERIES = 8
# Cycles: the count and the page.
CYCLE_CHANGELIST_QUERIES = 6
# Partners (a director): the count and the page.
PARTNER_CHANGELIST_QUERIES = 6
# Endorsements: the count, the page, and the office levels and states for their filters.
ENDORSEMENT_CHANGELIST_QUERIES = 8
