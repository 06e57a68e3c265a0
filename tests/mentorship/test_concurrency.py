"""Simultaneous claims and escalations, on PostgreSQL.

The conditional UPDATE in ``question_claim`` decides who owns a question: of mentors
clicking at once, one wins. The lock on the mentor's row makes one mentor's claims take
turns, so clicking many questions at once can't pass their weekly capacity. The
conditional update on ``escalated_at`` makes concurrent escalation runs widen once.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from mentorship import services
from mentorship.models import Question, QuestionNotification
from rfs.models import OutboundEmail
from tests.conftest import require_service
from tests.factories import CandidateFactory, RegionFactory, UserFactory
from tests.factories.mentorship import ExpertiseAreaFactory, MentorFactory, QuestionFactory

THREADS = 10  # Debian's PostgreSQL allows 100 connections; other people's tests hold some.


def run_together(items, action) -> tuple[list, list[BaseException]]:
    """Run ``action(item)`` for every item in its own thread, all released at once."""
    results, errors = [], []
    barrier = threading.Barrier(len(items))

    def attempt(item) -> None:
        try:
            barrier.wait(timeout=60)
            results.append(action(item))
        except BaseException as error:  # collected and asserted by the caller
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        list(pool.map(attempt, items))
    return results, errors


@pytest.fixture
def fundraising():
    return ExpertiseAreaFactory(slug="fundraising", name="Fundraising")


@pytest.mark.django_db(transaction=True)
def test_two_mentors_claiming_at_once_leave_one_owner(fundraising):
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "row locks need a real database"
    )
    RegionFactory(name="North", states=["NY", "MA"])
    mentors = [MentorFactory(areas=[fundraising]) for _ in range(2)]
    question = QuestionFactory(area=fundraising)

    results, errors = run_together(
        mentors,
        lambda mentor: services.question_claim(
            question=Question.objects.get(pk=question.pk), mentor=mentor
        ),
    )

    assert len(results) == 1
    assert [str(error) for error in errors] == [
        "Another mentor just picked this one up. Thank you for offering!"
    ]
    question.refresh_from_db()
    assert question.owner_id in {m.pk for m in mentors}
    assert OutboundEmail.objects.filter(purpose="question_claimed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_ten_mentors_claiming_at_once_leave_one_owner(fundraising):
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "row locks need a real database"
    )
    mentors = [MentorFactory(areas=[fundraising]) for _ in range(THREADS)]
    question = QuestionFactory(area=fundraising)

    results, errors = run_together(
        mentors,
        lambda mentor: services.question_claim(
            question=Question.objects.get(pk=question.pk), mentor=mentor
        ),
    )

    assert len(results) == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(error, services.MentorshipError) for error in errors), errors
    assert Question.objects.filter(owner__isnull=False).count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_mentor_claiming_many_at_once_stays_within_capacity(fundraising):
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "row locks need a real database"
    )
    mentor = MentorFactory(areas=[fundraising], weekly_capacity=3)
    questions = [QuestionFactory(area=fundraising, candidate=CandidateFactory()) for _ in range(8)]

    results, errors = run_together(
        questions, lambda question: services.question_claim(question=question, mentor=mentor)
    )

    assert len(results) == 3
    assert len(errors) == 5
    assert all("your limit" in str(error) for error in errors), errors
    assert Question.objects.filter(owner=mentor).count() == 3


@pytest.mark.django_db(transaction=True)
def test_concurrent_escalation_runs_escalate_once(fundraising, time_machine):
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "row locks need a real database"
    )
    north = RegionFactory(name="North", states=["NY", "MA"])
    UserFactory(roles=["regional_director"], directs=[north])
    for _ in range(12):
        MentorFactory(areas=[fundraising])
    time_machine.move_to("2030-03-01 09:00Z", tick=False)
    question = services.question_ask(
        candidate=CandidateFactory(state="NY"),
        area=fundraising,
        title="Help?",
        details="",
        private=False,
    )
    time_machine.move_to("2030-03-04 09:00Z", tick=False)

    results, errors = run_together(
        list(range(4)), lambda _n: services.questions_escalate(now=timezone.now())
    )

    assert errors == []
    assert sorted(results) == [0, 0, 0, 1]
    assert QuestionNotification.objects.filter(question=question, round=2).count() == 9
    assert OutboundEmail.objects.filter(purpose="question_unclaimed").count() == 1
