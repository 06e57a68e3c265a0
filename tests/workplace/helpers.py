"""What fills a director's inbox, one of each kind per call, in a region."""

from datetime import timedelta

from django.utils import timezone

from candidates.models import Candidate, IntroCall, Screener, ScreeningCall
from rfs.enums import Role
from tests.factories import CandidateFactory, UserFactory
from tests.factories.endorsements import ApplicationFactory
from tests.factories.mentorship import MentorFactory, QuestionFactory


def fill_inbox(region, state: str, *, host) -> dict:
    """One item of each kind for the region's director: an application to recommend, a
    question escalated, a screener and a mentor to approve, a stuck candidate, an intro
    call to mark held, a 1:1 not logged."""
    now = timezone.now()
    application = ApplicationFactory(candidate=CandidateFactory(state=state), submitted=True)
    question = QuestionFactory(candidate=CandidateFactory(state=state))
    type(question).objects.filter(pk=question.pk).update(escalated_at=now - timedelta(hours=1))
    screener = Screener.objects.create(user=UserFactory(roles=[Role.SCREENER]), status="applied")
    screener.regions.add(region)
    MentorFactory(status="applied", region=region)
    stuck = CandidateFactory(state=state)
    Candidate.objects.filter(pk=stuck.pk).update(stage_changed_at=now - timedelta(days=90))
    IntroCall.objects.create(
        region=region,
        host=host,
        starts_at=now - timedelta(hours=3),
        meeting_url="https://meet.example.org/intro",
    )
    approved = Screener.objects.create(user=UserFactory(roles=[Role.SCREENER]), status="approved")
    approved.regions.add(region)
    unlogged = ScreeningCall.objects.create(
        candidate=CandidateFactory(state=state),
        screener=approved,
        starts_at=now - timedelta(days=1),
        status="booked",
    )
    return {"application": application, "question": question, "stuck": stuck, "call": unlogged}
