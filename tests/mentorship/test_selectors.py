"""Mentorship reads: who sees which question, the mentor's page, ranked mentors for a match."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from mentorship import selectors, services
from mentorship.enums import MatchStatus, QuestionStatus
from mentorship.models import Question
from tests.factories import CandidateFactory, UserFactory
from tests.factories.mentorship import (
    ExpertiseAreaFactory,
    MatchFactory,
    MatchRequestFactory,
    MentorFactory,
    PostFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fundraising(db):
    return ExpertiseAreaFactory(slug="fundraising", name="Fundraising")


@pytest.fixture
def field(db):
    return ExpertiseAreaFactory(slug="field", name="Field")


@pytest.fixture
def casey(candidate_user):
    return candidate_user.candidate


# --- Who sees which question ------------------------------------------------------------------


def test_a_mentor_of_another_area_never_sees_a_private_question(fundraising, field, casey):
    private = QuestionFactory(candidate=casey, area=fundraising, private=True)
    public = QuestionFactory(candidate=casey, area=fundraising, private=False)
    outsider = MentorFactory(areas=[field])
    insider = MentorFactory(areas=[fundraising])

    assert list(selectors.questions_visible_to(outsider.user)) == [public]
    assert set(selectors.questions_visible_to(insider.user)) == {private, public}
    with pytest.raises(Http404):
        selectors.question_for(outsider.user, private.pk)
    assert private not in selectors.mentor_home(outsider).waiting
    with pytest.raises(services.MentorshipError):
        services.question_claim(question=private, mentor=outsider)


def test_candidates_see_only_their_own_questions(fundraising, casey):
    mine = QuestionFactory(candidate=casey, area=fundraising)
    QuestionFactory(area=fundraising)

    assert list(selectors.questions_visible_to(casey.user)) == [mine]


@pytest.mark.parametrize("status", ["applied", "declined"])
def test_mentors_not_yet_approved_see_nothing(fundraising, casey, status):
    QuestionFactory(candidate=casey, area=fundraising)
    mentor = MentorFactory(areas=[fundraising], status=status)

    assert list(selectors.questions_visible_to(mentor.user)) == []


def test_a_paused_mentor_still_sees_their_areas(fundraising, casey):
    question = QuestionFactory(candidate=casey, area=fundraising, private=True)
    mentor = MentorFactory(areas=[fundraising], status="paused")

    assert list(selectors.questions_visible_to(mentor.user)) == [question]


def test_a_mentor_sees_a_private_question_they_were_told_about(fundraising, field, casey):
    question = QuestionFactory(candidate=casey, area=fundraising, private=True)
    mentor = MentorFactory(areas=[field])
    question.notifications.create(mentor=mentor, round=2)

    assert list(selectors.questions_visible_to(mentor.user)) == [question]


def test_directors_see_their_regions_questions_and_staff_all(
    fundraising, north, west, director, staff
):
    ours = QuestionFactory(candidate=CandidateFactory(state="NY"), area=fundraising, private=True)
    theirs = QuestionFactory(candidate=CandidateFactory(state="CA"), area=fundraising)

    assert list(selectors.questions_visible_to(director)) == [ours]
    assert set(selectors.questions_visible_to(staff)) == {ours, theirs}


@pytest.mark.parametrize("persona_name", ["anonymous", "screener", "mentor", "committee_member"])
def test_people_without_a_part_see_no_question(fundraising, casey, persona, persona_name):
    from django.contrib.auth.models import AnonymousUser

    QuestionFactory(candidate=casey, area=fundraising)
    user = persona(persona_name) or AnonymousUser()

    assert list(selectors.questions_visible_to(user)) == []


def test_question_for_selects_candidate_area_and_owner(
    fundraising, casey, django_assert_num_queries
):
    mentor = MentorFactory(areas=[fundraising])
    question = QuestionFactory(candidate=casey, area=fundraising)
    services.question_claim(question=question, mentor=mentor)

    with django_assert_num_queries(1):  # the question with its joins (roles: on the reader's row)
        found = selectors.question_for(casey.user, question.pk)
        assert (found.candidate.user, found.area, found.owner.user) == (
            casey.user,
            fundraising,
            mentor.user,
        )


def test_question_thread_is_one_query_oldest_first(fundraising, casey, django_assert_num_queries):
    mentor = MentorFactory(areas=[fundraising])
    question = QuestionFactory(candidate=casey, area=fundraising, owner=mentor)
    posts = [PostFactory(question=question) for _ in range(3)]

    with django_assert_num_queries(1):
        thread = selectors.question_thread(question)
        assert [post.author for post in thread] == [mentor.user] * 3

    assert thread == posts


# --- The mentor's page ------------------------------------------------------------------------


def make_rows(mentor, area, count: int) -> None:
    """``count`` of each kind of row on the mentor's page."""
    for n in range(count):
        QuestionFactory(area=area)  # waiting
        owned = QuestionFactory(
            area=area, owner=mentor, status=QuestionStatus.CLAIMED, claimed_at=timezone.now()
        )
        PostFactory(question=owned)
        asked = timezone.now() - timedelta(hours=10 + n)
        resolved = QuestionFactory(
            area=area,
            owner=mentor,
            status=QuestionStatus.RESOLVED,
            claimed_at=asked,
            first_answered_at=asked + timedelta(hours=2 * (n + 1)),
            resolved_at=timezone.now(),
            rating=5 - n,
        )
        Question.objects.filter(pk=resolved.pk).update(created_at=asked)
        MatchFactory(mentor=mentor)


@pytest.mark.parametrize("count", [1, 3])
def test_mentor_home_queries_do_not_grow(fundraising, count, django_assert_num_queries):
    mentor = MentorFactory(areas=[fundraising], weekly_capacity=10)
    make_rows(mentor, fundraising, count)

    # waiting, owned, recently resolved, the numbers (with this week's claims), active matches.
    with django_assert_num_queries(5):
        home = selectors.mentor_home(mentor)
        # Reading what the page shows costs nothing more.
        [(q.area.name, q.candidate.user.email) for q in home.owned]
        [m.candidate.user.email for m in home.matches]
        [q.area.name for q in home.waiting + home.recently_resolved]

    assert (len(home.waiting), len(home.owned), len(home.recently_resolved), len(home.matches)) == (
        count,
    ) * 4
    assert home.claimed_this_week == 2 * count
    assert home.room == 10 - 2 * count


def test_mentor_home_numbers(fundraising):
    mentor = MentorFactory(areas=[fundraising], weekly_capacity=10)
    make_rows(
        mentor, fundraising, 3
    )  # first answers 2, 4 and 6 hours after asking; ratings 5, 4, 3

    stats = selectors.mentor_home(mentor).stats

    assert (stats.answered, stats.median_hours_to_answer, stats.average_rating, stats.ratings) == (
        3,
        4.0,
        4.0,
        3,
    )


def test_mentor_home_numbers_when_nothing_answered_yet(fundraising):
    stats = selectors.mentor_home(MentorFactory(areas=[fundraising])).stats

    assert (stats.answered, stats.median_hours_to_answer, stats.average_rating, stats.ratings) == (
        0,
        None,
        None,
        0,
    )


def test_mentor_home_waiting_shows_questions_sent_to_them_first_then_oldest(fundraising, field):
    mentor = MentorFactory(areas=[fundraising])
    oldest = QuestionFactory(area=fundraising)
    newer = QuestionFactory(area=fundraising)
    sent = QuestionFactory(area=field)  # another area, but they were told about it
    sent.notifications.create(mentor=mentor)
    QuestionFactory(area=field)  # another area, not told: not shown
    QuestionFactory(area=fundraising, status=QuestionStatus.WITHDRAWN)
    QuestionFactory(area=fundraising, candidate=CandidateFactory(user=mentor.user))  # their own

    home = selectors.mentor_home(mentor)

    assert home.waiting == [sent, oldest, newer]
    assert home.notified_ids == {sent.pk}


def test_mentor_home_lists_questions_waiting_for_the_mentor_before_answered_ones(fundraising):
    mentor = MentorFactory(areas=[fundraising])
    answered = QuestionFactory(area=fundraising, owner=mentor, status=QuestionStatus.ANSWERED)
    claimed = QuestionFactory(area=fundraising, owner=mentor, status=QuestionStatus.CLAIMED)

    assert selectors.mentor_home(mentor).owned == [claimed, answered]


# --- My journey ------------------------------------------------------------------------------------


def test_questions_and_matches_for_candidate_are_one_query_each(
    fundraising, casey, django_assert_num_queries
):
    questions = [QuestionFactory(candidate=casey, area=fundraising) for _ in range(3)]
    ended = MatchFactory(candidate=casey, status=MatchStatus.ENDED)
    active = MatchFactory(candidate=casey)

    with django_assert_num_queries(2):
        found = selectors.questions_for_candidate(casey)
        matches = selectors.matches_for_candidate(casey)
        [(q.area.name, q.owner) for q in found]
        [m.mentor.user.email for m in matches]

    assert found == questions[::-1]
    assert matches == [active, ended]


# --- Ranking mentors for a match -----------------------------------------------------------------


def test_mentors_ranked_by_expertise_state_language_and_room(
    fundraising, field, casey, django_assert_num_queries
):
    request = MatchRequestFactory(candidate=casey, areas=[fundraising, field], language="es")
    both_areas = MentorFactory(areas=[fundraising, field], match_capacity=1)
    state_and_spanish = MentorFactory(
        areas=[fundraising], states=["NY"], languages=["es"], match_capacity=1
    )
    roomy = MentorFactory(areas=[field], match_capacity=5)
    full = MentorFactory(areas=[fundraising, field], states=["NY"], match_capacity=1)
    MatchFactory(mentor=full)
    MentorFactory(areas=[ExpertiseAreaFactory(slug="video")], match_capacity=3)  # no shared area
    MentorFactory(areas=[fundraising], status="paused", match_capacity=3)
    MentorFactory(user=casey.user, areas=[fundraising], match_capacity=3)  # the candidate themself

    # The request and its candidate, its areas, the mentors, their areas.
    with django_assert_num_queries(4):
        ranked = selectors.mentors_ranked_for(request)

    assert [(mentor, score) for mentor, score, _reasons in ranked] == [
        (state_and_spanish, 3 + 2 + 2 + 1),
        (both_areas, 6 + 1),
        (roomy, 3 + 3),
    ]
    assert ranked[0].reasons == [
        "Knows Fundraising",
        "Knows New York",
        "Speaks es",
        "Room for 1 more",
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_mentors_ranked_for_queries_do_not_grow(
    fundraising, casey, count, django_assert_num_queries
):
    request = MatchRequestFactory(candidate=casey, areas=[fundraising])
    for _ in range(count):
        MentorFactory(areas=[fundraising, ExpertiseAreaFactory()], match_capacity=2)

    with django_assert_num_queries(4):
        ranked = selectors.mentors_ranked_for(request, limit=10)
        [mentor.user.email for mentor, _score, _reasons in ranked]

    assert len(ranked) == count


def test_match_requests_visible_to_directors_their_regions_open_ones(
    fundraising, north, west, director, staff, casey
):
    ours = MatchRequestFactory(candidate=casey)
    theirs = MatchRequestFactory(candidate=CandidateFactory(state="CA"))
    matched = MatchRequestFactory(candidate=CandidateFactory(state="NY"), status="matched")

    assert list(selectors.match_requests_visible_to(director)) == [ours]
    assert set(selectors.match_requests_visible_to(staff)) == {ours, theirs, matched}
    assert list(selectors.match_requests_visible_to(casey.user)) == []
    assert list(selectors.match_requests_visible_to(UserFactory(roles=["mentor"]))) == []


def test_mentor_for_user(fundraising, casey):
    mentor = MentorFactory(user=casey.user, status="applied")

    assert selectors.mentor_for_user(casey.user) == mentor
    assert selectors.mentor_for_user(UserFactory()) is None
