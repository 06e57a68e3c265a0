"""Mentorship in the admin: region scope, the actions (which call services), query counts."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from mentorship.enums import MatchStatus, QuestionStatus
from mentorship.models import ExpertiseArea, Match, MatchRequest, Mentor, Question
from resources.models import Resource
from rfs.enums import Role
from rfs.models import OutboundEmail
from tests.factories import CandidateFactory
from tests.factories.mentorship import (
    ExpertiseAreaFactory,
    MatchFactory,
    MatchRequestFactory,
    MentorFactory,
    PostFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def fundraising(db):
    return ExpertiseAreaFactory(slug="fundraising", name="Fundraising")


def mentor_in(region, **kwargs) -> Mentor:
    return MentorFactory(
        region=region, areas=[ExpertiseAreaFactory(), ExpertiseAreaFactory()], **kwargs
    )


def question_in(region, **kwargs) -> Question:
    state = region.states.order_by("state").first().state
    return QuestionFactory(candidate=CandidateFactory(state=state), **kwargs)


def match_request_in(region) -> MatchRequest:
    state = region.states.order_by("state").first().state
    return MatchRequestFactory(
        candidate=CandidateFactory(state=state), areas=[ExpertiseAreaFactory()]
    )


def match_in(region) -> Match:
    state = region.states.order_by("state").first().state
    return MatchFactory(candidate=CandidateFactory(state=state))


# --- Region scope -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [mentor_in, question_in, match_request_in, match_in],
    ids=["mentor", "question", "matchrequest", "match"],
)
def test_director_lists_only_their_regions_rows(client, director, north, west, make):
    mine, theirs = make(north), make(west)
    model = type(mine)
    client.force_login(director)

    response = client.get(admin_url(model, "changelist"))

    assert list(response.context["cl"].result_list) == [mine]
    assert client.get(admin_url(model, "change", mine.pk)).status_code == 200
    assert client.get(admin_url(model, "change", theirs.pk)).status_code == 404


def test_mentors_without_a_home_region_are_national_staffs(client, director, staff, north):
    homeless = MentorFactory(region=None)

    client.force_login(director)
    assert client.get(admin_url(Mentor, "change", homeless.pk)).status_code == 404
    client.force_login(staff)
    assert client.get(admin_url(Mentor, "change", homeless.pk)).status_code == 200


def test_areas_are_national_staffs(client, director, staff, fundraising):
    client.force_login(director)
    assert client.get(admin_url(ExpertiseArea, "changelist")).status_code == 403

    client.force_login(staff)
    assert client.get(admin_url(ExpertiseArea, "changelist")).status_code == 200


def test_question_page_shows_the_thread_read_only(client, director, north, fundraising):
    mentor = mentor_in(north)
    question = question_in(north, area=fundraising, owner=mentor, status=QuestionStatus.ANSWERED)
    PostFactory(question=question, body="Call your ten closest friends first.")
    client.force_login(director)

    response = client.get(admin_url(Question, "change", question.pk))

    assert "Call your ten closest friends first." in response.content.decode()
    assert (
        client.post(admin_url(Question, "change", question.pk), {"title": "Changed"}).status_code
        == 403
    )
    assert Question.objects.get(pk=question.pk).title == question.title


# --- Actions ------------------------------------------------------------------------------------


def test_director_approves_a_mentor_of_their_region(client, director, north):
    applied = mentor_in(north, status="applied", user__roles=[])
    client.force_login(director)

    response = client.post(
        admin_url(Mentor, "changelist"),
        {"action": "approve", "_selected_action": [applied.pk]},
        follow=True,
    )

    applied.refresh_from_db()
    applied.user.refresh_from_db()
    applied.user.__dict__.pop("role_names", None)
    assert (applied.status, applied.approved_by) == ("approved", director)
    assert applied.user.has_role(Role.MENTOR)
    assert (
        OutboundEmail.objects.filter(purpose="mentor_approved", recipient=applied.user).count() == 1
    )
    assert "1 mentor approved." in [str(m) for m in get_messages(response.wsgi_request)]


def test_director_cannot_approve_a_mentor_of_another_region(client, director, west):
    theirs = mentor_in(west, status="applied")
    client.force_login(director)

    client.post(
        admin_url(Mentor, "changelist"), {"action": "approve", "_selected_action": [theirs.pk]}
    )

    assert Mentor.objects.get(pk=theirs.pk).status == "applied"


@pytest.mark.parametrize(
    "action, before, after",
    [
        ("decline", "applied", "declined"),
        ("pause", "approved", "paused"),
        ("resume", "paused", "approved"),
    ],
)
def test_mentor_actions_call_the_services(client, staff, north, action, before, after):
    mentor = mentor_in(north, status=before)
    client.force_login(staff)

    client.post(
        admin_url(Mentor, "changelist"), {"action": action, "_selected_action": [mentor.pk]}
    )

    assert Mentor.objects.get(pk=mentor.pk).status == after


def resolved_question(region, area) -> Question:
    mentor = mentor_in(region)
    question = question_in(region, area=area, owner=mentor, status=QuestionStatus.RESOLVED)
    question.candidate.user.name = "Casey Rivera"
    question.candidate.user.save()
    PostFactory(question=question, body="Casey, start with 50 names.")
    return question


def test_staff_turn_a_resolved_question_into_a_library_resource(client, staff, north, fundraising):
    question = resolved_question(north, fundraising)
    waiting = question_in(north, area=fundraising)
    client.force_login(staff)

    response = client.post(
        admin_url(Question, "changelist"),
        {"action": "turn_into_resource", "_selected_action": [question.pk, waiting.pk]},
        follow=True,
    )

    resource = Resource.objects.get()
    question.refresh_from_db()
    assert question.resource == resource
    assert resource.published is False
    assert "Casey" not in resource.body
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert admin_url(Resource, "change", resource.pk) in shown[0]
    assert shown[1] == "1 question isn't resolved yet and was left alone."
    assert (
        admin_url(Resource, "change", resource.pk)
        in client.get(admin_url(Question, "change", question.pk)).content.decode()
    )


def test_directors_are_not_offered_turning_questions_into_resources(
    client, director, north, fundraising
):
    question = resolved_question(north, fundraising)
    client.force_login(director)

    response = client.get(admin_url(Question, "changelist"))
    client.post(
        admin_url(Question, "changelist"),
        {"action": "turn_into_resource", "_selected_action": [question.pk]},
    )

    assert "turn_into_resource" not in response.content.decode()
    assert Resource.objects.count() == 0


def test_ending_a_match_from_the_admin_tells_both_sides(client, director, north):
    match = match_in(north)
    client.force_login(director)

    client.post(admin_url(Match, "changelist"), {"action": "end", "_selected_action": [match.pk]})

    match.refresh_from_db()
    assert (match.status, match.ended_by) == (MatchStatus.ENDED, director)
    assert OutboundEmail.objects.filter(purpose="match_ended").count() == 2


# --- Query counts: lists cost the same at 1 and 3 rows --------------------------------------------
# Each: user with roles, the two-factor check, Django's two permission
# lookups, the count, then the list's own queries, named per test.


@pytest.mark.parametrize("count", [1, 3])
def test_area_changelist_queries_do_not_grow(client, staff, count, django_assert_num_queries):
    for _ in range(count):
        ExpertiseAreaFactory()
    client.force_login(staff)

    # ... the page of areas.
    with django_assert_num_queries(AREA_CHANGELIST_QUERIES):
        response = client.get(admin_url(ExpertiseArea, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_mentor_changelist_queries_do_not_grow(
    client, director, north, count, django_assert_num_queries
):
    for _ in range(count):
        mentor_in(north)
    client.force_login(director)

    # ... the page of mentors with person, region and this week's claims (a subquery),
    # their areas prefetched, the areas filter, the director's regions (region filter).
    with django_assert_num_queries(MENTOR_CHANGELIST_QUERIES):
        response = client.get(admin_url(Mentor, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_question_changelist_queries_do_not_grow(
    client, director, north, fundraising, count, django_assert_num_queries
):
    for _ in range(count):
        question_in(north, area=fundraising, owner=mentor_in(north), status=QuestionStatus.CLAIMED)
    client.force_login(director)

    # ... the page of questions with area and owner's person joined, the areas filter,
    # the director's regions (region filter).
    with django_assert_num_queries(QUESTION_CHANGELIST_QUERIES):
        response = client.get(admin_url(Question, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_match_request_changelist_queries_do_not_grow(
    client, director, north, count, django_assert_num_queries
):
    for _ in range(count):
        match_request_in(north)
    client.force_login(director)

    # ... the page of requests with the candidate's person, their areas prefetched, the
    # director's regions (region filter).
    with django_assert_num_queries(MATCH_REQUEST_CHANGELIST_QUERIES):
        response = client.get(admin_url(MatchRequest, "changelist"))

    assert len(response.context["cl"].result_list) == count


@pytest.mark.parametrize("count", [1, 3])
def test_match_changelist_queries_do_not_grow(
    client, director, north, count, django_assert_num_queries
):
    for _ in range(count):
        match_in(north)
    client.force_login(director)

    # ... the page of matches with the candidate's and the mentor's people, the
    # director's regions (region filter).
    with django_assert_num_queries(MATCH_CHANGELIST_QUERIES):
        response = client.get(admin_url(Match, "changelist"))

    assert len(response.context["cl"].result_list) == count


AREA_CHANGELIST_QUERIES = 6
MENTOR_CHANGELIST_QUERIES = 9
QUESTION_CHANGELIST_QUERIES = 8
MATCH_REQUEST_CHANGELIST_QUERIES = 8
MATCH_CHANGELIST_QUERIES = 7
