"""The candidate's record in the workplace: every app's section, as the viewer's role
allows; a stage move in one step with the reason; an audit row on each opening."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import IntroCall, IntroCallRegistration, Screener, ScreeningCall, StageChange
from endorsements.models import DirectorRecommendation
from rfs.enums import AuditAction, Role
from rfs.models import AuditEvent, OutboundEmail
from tests.factories import RaceFactory, UserFactory
from tests.factories.endorsements import ApplicationFactory
from tests.factories.mentorship import MatchFactory, QuestionFactory
from workplace.services import note_add

pytestmark = pytest.mark.django_db


def full_history(candidate, host, n: int) -> None:
    """n of everything each section lists."""
    for i in range(n):
        RaceFactory(candidate=candidate)
        call = IntroCall.objects.create(
            region=candidate.region,
            host=host,
            starts_at=timezone.now() - timedelta(days=10 + i),
            meeting_url="https://meet.example.org/intro",
        )
        IntroCallRegistration.objects.create(call=call, candidate=candidate)
        screener = Screener.objects.create(
            user=UserFactory(roles=[Role.SCREENER]), status="approved"
        )
        ScreeningCall.objects.create(
            candidate=candidate, screener=screener, starts_at=timezone.now(), status="cancelled"
        )
        QuestionFactory(candidate=candidate)
        MatchFactory(candidate=candidate, status="ended")
        OutboundEmail.objects.create(
            purpose="welcome",
            to_email=candidate.user.email,
            recipient=candidate.user,
            unique_key=f"k{i}-{candidate.pk}",
            subject=f"Welcome {i}",
            body_text="Hi",
        )
        note_add(candidate=candidate, author=host, text=f"Note {i}", mentions=[host])
        StageChange.objects.create(
            candidate=candidate, from_stage="signed_up", to_stage="signed_up", kind="event"
        )
    application = ApplicationFactory(candidate=candidate, submitted=True)
    DirectorRecommendation.objects.create(
        application=application, recommendation="endorse", text="Yes", director=host
    )


def test_a_director_sees_every_section_of_their_regions_candidate(client, director, candidate_user):
    candidate = candidate_user.candidate
    full_history(candidate, director, 1)
    client.force_login(director)

    page = client.get(reverse("workplace:record", args=[candidate.pk])).content.decode()

    for key in ("profile", "calls", "mentorship", "application", "emails", "notes"):
        assert f'data-testid="record-{key}"' in page
    assert "Welcome 0" in page
    assert "recommends: Endorse" in page
    assert "Note 0" in page
    assert "Only this candidate's regional directors and national staff see these notes" in page


@pytest.mark.parametrize("n", [1, 3])
def test_the_record_reads_a_fixed_number_of_queries(
    client, director, candidate_user, n, django_assert_num_queries
):
    candidate = candidate_user.candidate
    full_history(candidate, director, n)
    client.force_login(director)

    # Session, person, roles, second factor; the candidate; the audit row; colleagues,
    # who may own it, owner and tags, notes and their mentions, tags; stage
    # history, races, intro calls, 1:1 calls, questions, matches, application, its
    # recommendation, votes and events, emails, emails to segments: one each, however many.
    with django_assert_num_queries(22):
        response = client.get(reverse("workplace:record", args=[candidate.pk]))

    assert response.status_code == 200
    assert response.content.decode().count("Note ") >= n


def test_opening_the_record_writes_an_audit_row(client, staff, candidate_user):
    client.force_login(staff)

    client.get(reverse("workplace:record", args=[candidate_user.candidate.pk]))

    event = AuditEvent.objects.get(action=AuditAction.VIEW_CANDIDATE)
    assert (event.actor, event.person, event.object_id) == (
        staff,
        candidate_user,
        str(candidate_user.candidate.pk),
    )


def test_a_stage_moves_in_one_step_with_the_reason_and_shows_in_the_history(
    client, director, candidate_user
):
    candidate = candidate_user.candidate
    client.force_login(director)

    response = client.post(
        reverse("workplace:record_move", args=[candidate.pk]),
        {"to_stage": "intro_attended", "reason": "Came to Tuesday's call"},
        follow=True,
    )

    candidate.refresh_from_db()
    assert candidate.stage == "intro_attended"
    change = StageChange.objects.get(candidate=candidate, to_stage="intro_attended")
    assert (change.by, change.note) == (director, "Came to Tuesday's call")
    assert AuditEvent.objects.filter(action=AuditAction.STAGE_MOVE, person=candidate_user).exists()
    page = response.content.decode()
    assert "Moved to Intro call attended." in page
    assert "Came to Tuesday&#x27;s call" in page


def test_a_move_needs_a_reason_and_a_usual_step(client, director, candidate_user):
    candidate = candidate_user.candidate
    client.force_login(director)
    url = reverse("workplace:record_move", args=[candidate.pk])

    client.post(url, {"to_stage": "intro_attended", "reason": ""})
    client.post(url, {"to_stage": "endorsed", "reason": "Skip ahead"})
    client.post(url, {"to_stage": "endorsed", "reason": "Skip ahead", "override": "on"})

    candidate.refresh_from_db()
    assert candidate.stage == "signed_up"
    assert not StageChange.objects.filter(candidate=candidate).exists()


def test_national_staff_may_move_outside_the_usual_steps_with_the_reason(
    client, staff, candidate_user
):
    candidate = candidate_user.candidate
    client.force_login(staff)

    client.post(
        reverse("workplace:record_move", args=[candidate.pk]),
        {"to_stage": "screened", "reason": "Screened at the county fair", "override": "on"},
    )

    candidate.refresh_from_db()
    assert candidate.stage == "screened"


def test_another_regions_director_can_neither_open_nor_move(client, other_director, candidate_user):
    candidate = candidate_user.candidate
    client.force_login(other_director)

    assert client.get(reverse("workplace:record", args=[candidate.pk])).status_code == 404
    response = client.post(
        reverse("workplace:record_move", args=[candidate.pk]),
        {"to_stage": "intro_attended", "reason": "x"},
    )

    assert response.status_code == 404
    candidate.refresh_from_db()
    assert candidate.stage == "signed_up"


def test_the_candidate_list_filters_by_tag_and_owner(client, director, candidate_user, north):
    from tests.factories import CandidateFactory
    from workplace.models import Tag
    from workplace.services import file_set

    other = CandidateFactory(state="NY", user__name="Olive Other")
    tag = Tag.objects.create(name="Strong prospect")
    file_set(candidate=candidate_user.candidate, by=director, owner=director, tags=[tag])
    client.force_login(director)

    by_tag = client.get(reverse("workplace:candidates"), {"tag": tag.pk}).content.decode()
    by_owner = client.get(reverse("workplace:candidates"), {"owner": director.pk}).content.decode()
    everyone = client.get(reverse("workplace:candidates")).content.decode()

    for page in (by_tag, by_owner):
        assert "Casey Rivera" in page
        assert "Olive Other" not in page
    assert "Olive Other" in everyone
    assert other.pk
