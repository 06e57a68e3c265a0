"""The opt-in directory of fellow candidates: same state, opted in, active; never a
contact detail; opting out, withdrawing or erasing hides them at once."""

from datetime import date

import pytest
from django.urls import reverse

from candidates.enums import Activity
from candidates.models import Demographics
from candidates.privacy import candidate_erase
from candidates.services import candidate_set_activity
from resources.models import DirectoryProfile
from tests.factories import CandidateFactory, RaceFactory
from tests.factories.community import DirectoryProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def casey(candidate_user):
    return candidate_user.candidate


def fellow(name: str, *, state: str = "NY", listed: bool = True, **candidate):
    """A candidate of ``state`` with a directory entry."""
    person = CandidateFactory(state=state, user__name=name, city="Albany", **candidate)
    DirectoryProfileFactory(candidate=person, listed=listed, office_sought=f"{name}'s office")
    return person


def listed_names(client) -> list[str]:
    return [
        entry["name"]
        for entry in client.get(reverse("resources:directory")).context["page"].object_list
    ]


# --- Who is listed --------------------------------------------------------------------------------


def test_directory_lists_fellow_candidates_of_their_state_who_opted_in(client, casey, west):
    fellow("Ana Diaz")
    fellow("Ben Chen")
    fellow("Not Listed", listed=False)
    CandidateFactory(state="NY", user__name="Never Asked")
    fellow("Cal Ifornia", state="CA")
    client.force_login(casey.user)

    assert listed_names(client) == ["Ana Diaz", "Ben Chen"]


def test_directory_leaves_out_the_reader_who_sees_their_own_entry_apart(client, casey):
    DirectoryProfileFactory(candidate=casey)
    client.force_login(casey.user)

    response = client.get(reverse("resources:directory"))

    assert [entry["name"] for entry in response.context["page"].object_list] == []
    assert response.context["status"].shown is True
    assert "You're in the directory." in response.content.decode()


def test_directory_hides_withdrawn_and_paused_candidates_at_once(client, casey):
    withdrawn = fellow("Wes Withdrawn")
    paused = fellow("Pat Paused")
    fellow("Ana Active")
    client.force_login(casey.user)
    assert listed_names(client) == ["Ana Active", "Pat Paused", "Wes Withdrawn"]

    candidate_set_activity(candidate=withdrawn, activity=Activity.WITHDRAWN, by=withdrawn.user)
    candidate_set_activity(candidate=paused, activity=Activity.PAUSED, by=paused.user)

    assert listed_names(client) == ["Ana Active"]


def test_directory_hides_someone_whose_account_is_deactivated(client, casey):
    gone = fellow("Dee Activated")
    gone.user.is_active = False
    gone.user.save(update_fields=["is_active"])
    client.force_login(casey.user)

    assert listed_names(client) == []


def test_directory_hides_an_erased_candidate_at_once(client, casey):
    erased = fellow("Era Sed")
    fellow("Ana Diaz")
    client.force_login(casey.user)
    assert listed_names(client) == ["Ana Diaz", "Era Sed"]

    candidate_erase(user=erased.user)

    assert listed_names(client) == ["Ana Diaz"]
    assert DirectoryProfile.objects.count() == 1


def test_directory_never_shows_contact_details_or_demographics(client, casey):
    person = fellow(
        "Ana Diaz",
        phone="+15185550199",
        zip_code="12207",
        county="Albany County",
        date_of_birth=date(1987, 6, 5),
    )
    Demographics.objects.create(
        candidate=person, gender="woman", race_ethnicity=["latino"], veteran="yes"
    )
    RaceFactory(candidate=person, district="Ward 9 Secret District")
    client.force_login(casey.user)

    response = client.get(reverse("resources:directory"))

    page = response.content.decode()
    assert "Ana Diaz" in page and "Ana Diaz&#x27;s office" in page and "Albany" in page
    for private in (
        person.user.email,
        "555-0199",
        "5550199",
        "12207",
        "Albany County",
        "1987",
        "June 5",
        "Latino",
        "Veteran",
        "Woman",
        "Ward 9 Secret District",
    ):
        assert private not in page, private
    assert set(response.context["page"].object_list[0]) == {
        "pk",
        "name",
        "city",
        "office_sought",
        "one_line",
    }


def test_directory_without_anyone_listed_shows_the_empty_state(client, casey):
    client.force_login(casey.user)

    page = client.get(reverse("resources:directory")).content.decode()

    assert "Nobody from your state is listed yet." in page
    assert "You're not in the directory." in page
    assert reverse("resources:directory_profile") in page


def test_directory_is_paginated(client, casey):
    for number in range(21):
        fellow(f"Person {number:02d}")
    client.force_login(casey.user)

    first = client.get(reverse("resources:directory"))
    second = client.get(reverse("resources:directory"), {"page": 2})

    assert len(first.context["page"].object_list) == 20
    assert [entry["name"] for entry in second.context["page"].object_list] == ["Person 20"]
    assert "Page 2 of 2" in second.content.decode()


@pytest.mark.parametrize(
    "persona_name", ["screener", "mentor", "committee_member", "director", "staff"]
)
def test_directory_for_anyone_but_a_candidate_is_404(client, persona, persona_name):
    client.force_login(persona(persona_name))

    assert client.get(reverse("resources:directory")).status_code == 404
    assert client.get(reverse("resources:directory_profile")).status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_directory_queries_do_not_grow(client, casey, count, django_assert_num_queries):
    for number in range(count):
        fellow(f"Person {number}")
    client.force_login(casey.user)

    # user, the candidate (with region and user), their own entry, the count,
    # the page of entries (with names and cities), roles (navigation).
    with django_assert_num_queries(5):
        response = client.get(reverse("resources:directory"))

    assert len(response.context["page"].object_list) == count


# --- Their own entry ---------------------------------------------------------------------------------


def test_directory_profile_starts_from_their_current_race(client, casey):
    RaceFactory(candidate=casey, office_name="City Council", jurisdiction_name="Albany")
    client.force_login(casey.user)

    form = client.get(reverse("resources:directory_profile")).context["form"]

    assert form.initial == {
        "listed": False,
        "office_sought": "City Council, Albany",
        "one_line": "",
    }


def test_directory_profile_opting_in_lists_them_for_fellow_candidates(client, casey):
    neighbour = CandidateFactory(state="NY")
    client.force_login(casey.user)

    response = client.post(
        reverse("resources:directory_profile"),
        {
            "listed": "on",
            "office_sought": "School Board, Albany",
            "one_line": "Teacher running for the kids.",
        },
    )

    assert response["Location"] == reverse("resources:directory")
    client.force_login(neighbour.user)
    entries = list(client.get(reverse("resources:directory")).context["page"].object_list)
    assert [(entry["name"], entry["office_sought"], entry["one_line"]) for entry in entries] == [
        ("Casey Rivera", "School Board, Albany", "Teacher running for the kids."),
    ]


def test_directory_profile_opting_out_hides_them_at_once(client, casey):
    DirectoryProfileFactory(candidate=casey)
    neighbour = CandidateFactory(state="NY")
    client.force_login(casey.user)

    client.post(
        reverse("resources:directory_profile"), {"office_sought": "School Board", "one_line": ""}
    )

    assert DirectoryProfile.objects.get(candidate=casey).listed is False
    client.force_login(neighbour.user)
    assert listed_names(client) == []


def test_directory_profile_listed_without_an_office_keeps_what_they_typed(client, casey):
    client.force_login(casey.user)

    response = client.post(
        reverse("resources:directory_profile"),
        {
            "listed": "on",
            "office_sought": "  ",
            "one_line": "Nurse and union steward.",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["office_sought"] == [
        "Add the office, so fellow candidates know what you're running for.",
    ]
    assert "Nurse and union steward." in response.content.decode()
    assert not DirectoryProfile.objects.exists()


def test_directory_profile_saved_twice_keeps_one_entry(client, casey):
    client.force_login(casey.user)
    data = {"listed": "on", "office_sought": "School Board", "one_line": ""}

    client.post(reverse("resources:directory_profile"), data)
    client.post(reverse("resources:directory_profile"), data)

    assert DirectoryProfile.objects.filter(candidate=casey).count() == 1


def test_directory_profile_of_a_paused_candidate_says_they_are_hidden(client, casey):
    DirectoryProfileFactory(candidate=casey)
    casey.activity = Activity.PAUSED
    casey.save(update_fields=["activity"])
    client.force_login(casey.user)

    page = client.get(reverse("resources:directory_profile")).content.decode()

    assert "you're hidden from the directory until you're back" in page
