"""Notes about a candidate: only the candidate's directors and national staff see them;
a mention emails a link, never the text; the export counts them; erasure deletes them."""

import json

import pytest
from django.urls import reverse

from candidates.privacy import candidate_erase
from rfs.models import OutboundEmail
from workplace.models import CandidateFile, Note, Tag
from workplace.services import WorkplaceError, file_set, note_add

pytestmark = pytest.mark.django_db

SECRET = "Worried about their opponent's donors"


@pytest.fixture
def note(director, candidate_user):
    return note_add(candidate=candidate_user.candidate, author=director, text=SECRET)


@pytest.mark.parametrize(
    "persona_name", ["candidate_user", "screener", "mentor", "committee_member", "other_director"]
)
def test_candidates_volunteers_and_other_regions_never_see_a_note(
    client, persona, persona_name, note, candidate_user
):
    client.force_login(persona(persona_name))
    pk = candidate_user.candidate.pk

    pages = [
        client.get(reverse("workplace:record", args=[pk])),
        client.get(reverse("workplace:candidates")),
        client.get(reverse("workplace:inbox")),
        client.get(reverse("candidates:journey")),
        client.get(reverse("admin:candidates_candidate_change", args=[pk])),
    ]

    assert pages[0].status_code in (403, 404)
    for response in pages:
        assert SECRET not in response.content.decode()
        assert "Worried about their opponent&#x27;s donors" not in response.content.decode()


@pytest.mark.parametrize("persona_name", ["director", "staff"])
def test_the_candidates_director_and_national_staff_read_notes(
    client, persona, persona_name, note, candidate_user
):
    client.force_login(persona(persona_name))

    page = client.get(reverse("workplace:record", args=[candidate_user.candidate.pk]))

    assert "Worried about their opponent&#x27;s donors" in page.content.decode()


def test_a_mention_emails_a_link_to_the_record_never_the_text(
    client, director, staff, candidate_user
):
    candidate = candidate_user.candidate
    client.force_login(director)

    client.post(
        reverse("workplace:record_note", args=[candidate.pk]),
        {"text": SECRET, "mentions": [staff.pk]},
    )

    email = OutboundEmail.objects.get(purpose="note_mention")
    assert email.to_email == staff.email
    record_url = reverse("workplace:record", args=[candidate.pk])
    assert record_url in email.body_text
    assert "opponent" not in email.body_text + email.body_html + email.subject
    assert Note.objects.get().mentions.get() == staff
    # The link opens the record, note and all, with the colleague's session.
    client.force_login(staff)
    response = client.get(record_url)
    assert response.status_code == 200
    assert "opponent&#x27;s donors" in response.content.decode()


def test_only_colleagues_who_can_open_the_record_may_be_mentioned(
    director, other_director, screener, candidate_user
):
    for outsider in (other_director, screener):
        with pytest.raises(WorkplaceError):
            note_add(
                candidate=candidate_user.candidate, author=director, text="Hi", mentions=[outsider]
            )

    assert not Note.objects.exists()
    assert not OutboundEmail.objects.filter(purpose="note_mention").exists()


def test_another_regions_director_cannot_write_a_note(client, other_director, candidate_user):
    client.force_login(other_director)

    response = client.post(
        reverse("workplace:record_note", args=[candidate_user.candidate.pk]), {"text": "Hi"}
    )

    assert response.status_code == 404
    assert not Note.objects.exists()


def test_the_export_says_notes_exist_and_how_many_never_what_they_say(
    client, note, director, candidate_user
):
    note_add(candidate=candidate_user.candidate, author=director, text="Second")
    client.force_login(candidate_user)

    response = client.get(reverse("candidates:data_export"))

    body = b"".join(response.streaming_content) if response.streaming else response.content
    data = json.loads(body)
    assert data["team_notes"]["count"] == 2
    assert "opponent" not in body.decode()
    assert "Second" not in body.decode()


def test_erasure_deletes_the_notes_owner_and_tags(note, director, candidate_user):
    file_set(
        candidate=candidate_user.candidate,
        by=director,
        owner=director,
        tags=[Tag.objects.create(name="Strong prospect")],
    )

    candidate_erase(user=candidate_user)

    assert not Note.objects.exists()
    assert not CandidateFile.objects.exists()
    assert Tag.objects.exists()  # tags are the team's words, not the candidate's


def test_an_owner_is_a_colleague_or_a_volunteer_of_the_candidates_region(
    director, other_director, screener, north, west, candidate_user
):
    from candidates.models import Screener

    candidate = candidate_user.candidate
    for outsider in (other_director, screener):
        with pytest.raises(WorkplaceError):
            file_set(candidate=candidate, by=director, owner=outsider, tags=[])

    Screener.objects.create(user=screener, status="approved").regions.add(north)
    file_set(candidate=candidate, by=director, owner=screener, tags=[])

    assert CandidateFile.objects.get(candidate=candidate).owner == screener
    # A volunteer owner still never opens the record or its notes.
    assert not screener.has_perm("workplace.open_record", candidate)
