"""Questions nobody claimed within 48 hours widen to more mentors and the director is told, once."""

import pytest
from django.conf import settings

from mentorship import services
from mentorship.models import Question, QuestionNotification
from mentorship.tasks import questions_escalate_task
from rfs.models import OutboundEmail
from tests.factories import CandidateFactory
from tests.factories.mentorship import ExpertiseAreaFactory, MentorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fundraising(db):
    return ExpertiseAreaFactory(slug="fundraising", name="Fundraising")


@pytest.fixture
def video(db):
    return ExpertiseAreaFactory(slug="video", name="Video")


@pytest.fixture
def asked(time_machine, north):
    """Ask a question at 2030-03-01 09:00 UTC, from a candidate in New York (North)."""

    def ask(area, *, private=False):
        time_machine.move_to("2030-03-01 09:00Z", tick=False)
        return services.question_ask(
            candidate=CandidateFactory(state="NY", user__name="Jo Park"),
            area=area,
            title="How do I start?",
            details="",
            private=private,
        )

    return ask


def rounds(question: Question) -> dict[int, int]:
    return dict(
        QuestionNotification.objects.filter(question=question).values_list("mentor", "round")
    )


def test_escalation_waits_48_hours(fundraising, asked, director, time_machine):
    MentorFactory(areas=[fundraising])
    question = asked(fundraising)

    time_machine.move_to("2030-03-03 08:59Z", tick=False)

    assert services.questions_escalate() == 0
    assert Question.objects.get(pk=question.pk).escalated_at is None


def test_escalation_after_48_hours_widens_and_tells_the_director_once(
    fundraising, asked, director, other_director, time_machine
):
    mentors = [MentorFactory(areas=[fundraising]) for _ in range(15)]
    question = asked(fundraising)
    first_round = set(rounds(question))

    time_machine.move_to("2030-03-03 09:00Z", tick=False)
    assert services.questions_escalate() == 1
    time_machine.move_to("2030-03-03 09:15Z", tick=False)
    assert services.questions_escalate() == 0
    assert questions_escalate_task() == 0

    question.refresh_from_db()
    assert question.escalated_at.isoformat() == "2030-03-03T09:00:00+00:00"
    told = rounds(question)
    assert len(first_round) == settings.RFS_MENTOR_NOTIFY_FIRST
    wider = {mentor for mentor, round in told.items() if round == 2}
    assert len(wider) == settings.RFS_MENTOR_NOTIFY_WIDER == 10
    assert wider.isdisjoint(first_round)
    assert set(told) <= {m.pk for m in mentors}
    [email] = OutboundEmail.objects.filter(purpose="question_unclaimed")
    assert email.recipient == director
    assert "Jo Park" in email.body_text
    assert OutboundEmail.objects.filter(purpose="question_for_you").count() == 13


def test_escalation_leaves_claimed_and_withdrawn_questions_alone(
    fundraising, asked, director, time_machine
):
    mentor = MentorFactory(areas=[fundraising])
    claimed, withdrawn = asked(fundraising), asked(fundraising)
    services.question_claim(question=claimed, mentor=mentor)
    services.question_withdraw(question=withdrawn, candidate=withdrawn.candidate)

    time_machine.move_to("2030-03-05 09:00Z", tick=False)

    assert services.questions_escalate() == 0
    assert not OutboundEmail.objects.filter(purpose="question_unclaimed").exists()


def test_escalation_falls_back_to_mentors_who_know_the_state(
    fundraising, video, asked, director, time_machine
):
    full = MentorFactory(areas=[fundraising], weekly_capacity=1)
    question = asked(fundraising)
    services.question_claim(
        question=asked(fundraising), mentor=full
    )  # now full, and told about the first
    knows_ny = MentorFactory(areas=[video], states=["NY"])
    MentorFactory(areas=[video], states=["CA"])

    time_machine.move_to("2030-03-03 10:00Z", tick=False)
    assert services.questions_escalate() == 1

    assert rounds(question) == {full.pk: 1, knows_ny.pk: 2}


def test_escalation_keeps_a_private_question_within_its_area(
    fundraising, video, asked, director, time_machine
):
    question = asked(fundraising, private=True)
    MentorFactory(areas=[video], states=["NY"])

    time_machine.move_to("2030-03-03 10:00Z", tick=False)
    assert services.questions_escalate() == 1

    assert rounds(question) == {}
    # The director still hears about it.
    assert (
        OutboundEmail.objects.filter(purpose="question_unclaimed", recipient=director).count() == 1
    )


def test_escalation_of_a_question_without_a_region_emails_nobody(fundraising, time_machine):
    time_machine.move_to("2030-03-01 09:00Z", tick=False)
    candidate = CandidateFactory(state="TX")  # Texas belongs to no region here
    services.question_ask(
        candidate=candidate, area=fundraising, title="Help?", details="", private=False
    )

    time_machine.move_to("2030-03-04 09:00Z", tick=False)

    assert services.questions_escalate() == 1
    assert not OutboundEmail.objects.filter(purpose="question_unclaimed").exists()
