"""Routing questions by expertise and load: who is told first, and how the work spreads."""

from collections import Counter

import pytest
from django.conf import settings

from mentorship import services
from mentorship.enums import QuestionStatus
from mentorship.models import Question, QuestionNotification
from mentorship.selectors import mentor_claims
from rfs.models import OutboundEmail
from tests.factories import CandidateFactory, UserFactory
from tests.factories.mentorship import ExpertiseAreaFactory, MentorFactory, QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fundraising(db):
    return ExpertiseAreaFactory(slug="fundraising", name="Fundraising")


def ask(candidate, area, **kwargs) -> Question:
    return services.question_ask(
        candidate=candidate, area=area, title="How do I start?", details="", private=False, **kwargs
    )


def notified(question: Question) -> list[int]:
    """The mentors told about the question, in the order they were chosen."""
    return list(
        QuestionNotification.objects.filter(question=question)
        .order_by("pk")
        .values_list("mentor", flat=True)
    )


def simulate(area, candidates, questions: int):
    """Each question is asked, then the first mentor told about it who has room claims it;
    yields each question once that is done."""
    for n in range(questions):
        question = ask(candidates[n % len(candidates)], area)
        for notification in (
            QuestionNotification.objects.filter(question=question)
            .order_by("pk")
            .select_related("mentor")
        ):
            try:
                services.question_claim(question=question, mentor=notification.mentor)
            except services.MentorshipError:
                continue
            break
        yield question


def test_200_questions_for_20_equal_mentors_spread_evenly_within_capacity(fundraising, north):
    mentors = [MentorFactory(areas=[fundraising], weekly_capacity=12) for _ in range(20)]
    candidates = [CandidateFactory(state="NY") for _ in range(10)]

    for _question in simulate(fundraising, candidates, 200):
        claims = mentor_claims(mentors)
        # After every question: nobody over capacity, and equally free mentors differ by one at most.
        assert max(claims.values()) <= 12
        assert max(claims.values()) - min(claims.values()) <= 1

    assert sorted(mentor_claims(mentors).values()) == [10] * 20
    assert Question.objects.filter(status=QuestionStatus.CLAIMED).count() == 200


def test_mentors_with_more_room_are_told_first_and_nobody_goes_over_capacity(fundraising, north):
    small = [MentorFactory(areas=[fundraising], weekly_capacity=8) for _ in range(10)]
    large = [MentorFactory(areas=[fundraising], weekly_capacity=12) for _ in range(10)]
    candidates = [CandidateFactory(state="NY") for _ in range(10)]

    # 250 questions for 200 places: the last 50 find nobody with room and stay open.
    for _question in simulate(fundraising, candidates, 250):
        claims = mentor_claims(small + large)
        for group, capacity in ((small, 8), (large, 12)):
            counts = [claims[m.pk] for m in group]
            assert max(counts) <= capacity
            assert max(counts) - min(counts) <= 1

    claims = mentor_claims(small + large)
    assert [claims[m.pk] for m in small] == [8] * 10
    assert [claims[m.pk] for m in large] == [12] * 10
    assert Question.objects.filter(status=QuestionStatus.OPEN, owner=None).count() == 50
    # The unclaimed ones were routed to nobody: everyone was full.
    last = Question.objects.order_by("-pk").first()
    assert notified(last) == []


def test_route_prefers_mentors_who_know_the_state_among_equally_free(fundraising, north):
    others = [MentorFactory(areas=[fundraising], states=["CA"]) for _ in range(3)]
    knows_ny = MentorFactory(areas=[fundraising], states=["NY", "MA"])

    question = ask(CandidateFactory(state="NY"), fundraising)

    assert notified(question)[0] == knows_ny.pk
    assert notified(question)[1:] == [m.pk for m in others[:2]]


def test_route_prefers_more_room_over_knowing_the_state(fundraising, north):
    knows_ny = MentorFactory(areas=[fundraising], states=["NY"], weekly_capacity=2)
    roomy = MentorFactory(areas=[fundraising], weekly_capacity=5)

    question = QuestionFactory(candidate=CandidateFactory(state="NY"), area=fundraising)
    chosen = services.question_route(question=question, limit=1, round=1)

    assert chosen == [roomy]
    assert knows_ny.pk not in notified(question)


def test_route_breaks_ties_by_fewest_claims_then_earliest(fundraising, north):
    # Same room (3), but the second has claimed one question already (capacity 4).
    first = MentorFactory(areas=[fundraising], weekly_capacity=3)
    busier = MentorFactory(areas=[fundraising], weekly_capacity=4)
    services.question_claim(question=QuestionFactory(area=fundraising), mentor=busier)
    third = MentorFactory(areas=[fundraising], weekly_capacity=3)

    question = QuestionFactory(area=fundraising)
    chosen = services.question_route(question=question, limit=3, round=1)

    assert chosen == [first, third, busier]


def test_route_skips_mentors_without_room_paused_or_of_other_areas(fundraising, north):
    full = MentorFactory(areas=[fundraising], weekly_capacity=1)
    services.question_claim(question=QuestionFactory(area=fundraising), mentor=full)
    MentorFactory(areas=[fundraising], status="paused")
    MentorFactory(areas=[fundraising], status="applied")
    MentorFactory(areas=[ExpertiseAreaFactory(slug="video")])
    free = MentorFactory(areas=[fundraising])

    question = ask(CandidateFactory(state="NY"), fundraising)

    assert notified(question) == [free.pk]


def test_route_never_tells_the_person_who_asked(fundraising, north):
    candidate = CandidateFactory(state="NY")
    MentorFactory(user=candidate.user, areas=[fundraising])
    other = MentorFactory(areas=[fundraising])

    question = ask(candidate, fundraising)

    assert notified(question) == [other.pk]


def test_route_again_tells_only_new_mentors_and_emails_each_once(fundraising, north):
    mentors = [MentorFactory(areas=[fundraising]) for _ in range(5)]
    question = ask(CandidateFactory(state="NY"), fundraising)

    services.question_route(question=question, limit=10, round=2)
    services.question_route(question=question, limit=10, round=3)

    rounds = dict(
        QuestionNotification.objects.filter(question=question).values_list("mentor", "round")
    )
    assert Counter(rounds.values()) == {
        1: settings.RFS_MENTOR_NOTIFY_FIRST,
        2: 5 - settings.RFS_MENTOR_NOTIFY_FIRST,
    }
    assert set(rounds) == {m.pk for m in mentors}
    assert OutboundEmail.objects.filter(purpose="question_for_you").count() == 5


def test_route_does_nothing_for_a_claimed_question(fundraising, north):
    owner, other = MentorFactory(areas=[fundraising]), MentorFactory(areas=[fundraising])
    question = QuestionFactory(area=fundraising)
    services.question_claim(question=question, mentor=owner)

    assert services.question_route(question=question, limit=5, round=2) == []
    assert other.pk not in notified(question)


def test_claims_older_than_a_week_no_longer_count(fundraising, north, time_machine):
    time_machine.move_to("2030-03-01 12:00Z", tick=False)
    mentor = MentorFactory(areas=[fundraising], weekly_capacity=1)
    services.question_claim(question=QuestionFactory(area=fundraising), mentor=mentor)
    assert (
        services.question_route(question=QuestionFactory(area=fundraising), limit=3, round=1) == []
    )

    time_machine.move_to("2030-03-08 12:01Z", tick=False)

    assert services.question_route(
        question=QuestionFactory(area=fundraising), limit=3, round=1
    ) == [mentor]


def test_a_mentor_who_is_also_a_candidate_can_still_mentor_others(fundraising, north):
    user = UserFactory()
    CandidateFactory(user=user, state="NY")
    mentor = MentorFactory(user=user, areas=[fundraising])

    question = ask(CandidateFactory(state="NY"), fundraising)

    assert notified(question) == [mentor.pk]
