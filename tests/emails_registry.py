"""Every email the platform sends, each with a factory that makes it the way it happens.

``EMAILS`` maps an email's name (its template in ``templates/emails/``, or
``account/email/<prefix>`` for allauth's account emails) to an ``EmailCase``. A factory
builds realistic objects with the test factories, then calls the real service, task or
page that queues the email, and returns the outbox row. ``tests/rfs/test_email_links.py``
renders every case and follows every link in it with the recipient's session; a template
with no case here fails that test, so a new email gets its entry with its template.

Factories run inside a test with the database and a frozen clock (``NOW``, a Monday);
each may move the clock itself (``time_machine``) to reach a reminder or a call's start.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from rfs.enums import Role
from rfs.models import OutboundEmail

NOW = datetime(2030, 3, 4, 15, 0, tzinfo=UTC)  # a Monday, 10 am in New York


@dataclass(frozen=True)
class EmailCase:
    """How one email comes about.

    ``make`` queues it and returns its outbox row (or the rows, when it goes to people
    in different roles, each of whom opens different pages). ``lands_on`` optionally maps a URL name
    the email links to, to words its page must show (what the email promised).
    """

    make: Callable[[], OutboundEmail | list[OutboundEmail]]
    lands_on: dict[str, str] = field(default_factory=dict)
    # A short note with nothing to open (a code to type, "we'll write back soon").
    has_links: bool = True


def latest(purpose: str, *, to=None) -> OutboundEmail:
    rows = OutboundEmail.objects.filter(purpose=purpose)
    if to is not None:
        rows = rows.filter(to_email=to.email)
    return rows.latest("pk")


# --- People -------------------------------------------------------------------------------


def _region():
    from tests.factories import RegionFactory

    return RegionFactory(name="North", states=["NY", "MA"])


def _candidate(**fields):
    from tests.factories import CandidateFactory

    _region()
    fields.setdefault("user__name", "Casey Rivera")
    fields.setdefault("user__time_zone", "America/New_York")
    return CandidateFactory(state="NY", **fields)


def _director():
    from tests.factories import UserFactory

    region = _region()
    existing = region.directors.first()
    return existing or UserFactory(
        name="Dana Whitfield", roles=[Role.REGIONAL_DIRECTOR], directs=[region], mfa=True
    )


def _staff():
    from rfs.models import User
    from tests.factories import UserFactory

    existing = User.objects.filter(groups__name=Role.NATIONAL_STAFF).first()
    return existing or UserFactory(name="Sky Lee", roles=[Role.NATIONAL_STAFF], mfa=True)


def _committee_member():
    from tests.factories import UserFactory

    return UserFactory(name="Cam Ortiz", roles=[Role.COMMITTEE_MEMBER], mfa=True)


# --- Intro calls --------------------------------------------------------------------------


def _intro_call(*, days: float = 8, capacity: int = 20):
    from candidates.services import calls

    director = _director()
    return calls.intro_call_create(
        host=director,
        region=_region(),
        starts_at=NOW + timedelta(days=days),
        meeting_url="https://meet.example.org/intro",
        capacity=capacity,
        by=director,
    )


def _registered(*, call=None, candidate=None):
    from candidates.services import calls

    call = call or _intro_call()
    candidate = candidate or _candidate()
    return calls.intro_call_register(candidate=candidate, call=call, by=candidate.user)


def intro_confirmation() -> OutboundEmail:
    # A second session exists: the manage link promises "switch to another time".
    _intro_call(days=15)
    return latest("intro_confirmation", to=_registered().candidate.user)


def intro_waitlisted() -> OutboundEmail:
    call = _intro_call(capacity=1)
    _registered(call=call)
    late = _registered(call=call, candidate=_candidate(user__email="late@example.org"))
    return latest("intro_waitlisted", to=late.candidate.user)


def intro_promoted() -> OutboundEmail:
    from candidates.services import calls

    call = _intro_call(capacity=1)
    first = _registered(call=call)
    waiting = _registered(call=call, candidate=_candidate(user__email="waiting@example.org"))
    calls.intro_call_cancel_registration(registration=first, by=first.candidate.user)
    return latest("intro_promoted", to=waiting.candidate.user)


def intro_changed() -> OutboundEmail:
    from candidates.services import calls

    registration = _registered()
    calls.intro_call_update(
        call=registration.call, by=registration.call.host, starts_at=NOW + timedelta(days=9)
    )
    return latest("intro_changed", to=registration.candidate.user)


def intro_cancelled() -> OutboundEmail:
    from candidates.services import calls

    registration = _registered()
    _intro_call(days=15)  # the next session the email points to
    calls.intro_call_cancel(call=registration.call, by=registration.call.host)
    return latest("intro_cancelled", to=registration.candidate.user)


def _reminder(template: str, before: timedelta) -> OutboundEmail:
    from candidates.services import calls

    registration = _registered()
    calls.intro_call_reminders_queue(now=registration.call.starts_at - before)
    return latest(template, to=registration.candidate.user)


def _held(*, attended: bool) -> OutboundEmail:
    from candidates.services import calls

    registration = _registered()
    call = registration.call
    # Attendance and holding the call happen once it has started.
    with time_machine.travel(call.starts_at + timedelta(minutes=50), tick=False):
        calls.intro_call_set_attendance(
            call=call, attended_ids={registration.pk} if attended else set(), by=call.host
        )
        calls.intro_call_mark_held(call=call, by=call.host)
    return latest("intro_thanks" if attended else "intro_missed", to=registration.candidate.user)


# --- 1:1 screening ------------------------------------------------------------------------


def _screener(user=None):
    from candidates.enums import ScreenerStatus
    from candidates.models import Screener
    from candidates.services import screening
    from tests.factories import UserFactory

    user = user or UserFactory(
        name="Sam Okafor", roles=[Role.SCREENER], time_zone="America/New_York"
    )
    screener = Screener.objects.create(
        user=user,
        weekly_capacity=5,
        time_zone="America/New_York",
        status=ScreenerStatus.APPROVED,
        meeting_url="https://meet.example.org/sam",
        languages=["en"],
    )
    screener.regions.add(_region())
    screening.availability_add(
        screener=screener, weekday=1, start_time=time(18), end_time=time(20)
    )  # Tuesdays
    return screener


def _ready_for_screening():
    """A candidate who attended an intro call (this morning's) and asked for a 1:1."""
    from candidates.services import calls

    registration = _registered(call=_intro_call(days=1 / 24))
    call, candidate = registration.call, registration.candidate
    with time_machine.travel(call.starts_at + timedelta(minutes=50), tick=False):
        calls.intro_call_set_attendance(call=call, attended_ids={registration.pk}, by=call.host)
        calls.intro_call_mark_held(call=call, by=call.host)
    calls.candidate_opt_in_screening(candidate=candidate, by=candidate.user)
    candidate.refresh_from_db()
    return candidate


SLOT = datetime(2030, 3, 5, 23, 0, tzinfo=UTC)  # Tuesday 6 pm in New York


def _booked():
    from candidates.services import screening

    candidate = _ready_for_screening()
    return screening.screening_book(
        candidate=candidate, screener=_screener(), starts_at=SLOT, by=candidate.user
    )


def screening_booked(to: str) -> Callable[[], OutboundEmail]:
    def make() -> OutboundEmail:
        call = _booked()
        return latest(
            f"screening_booked_{to}",
            to=call.candidate.user if to == "candidate" else call.screener.user,
        )

    return make


def screening_assigned(to: str) -> Callable[[], OutboundEmail]:
    def make() -> OutboundEmail:
        from candidates.services import screening

        candidate = _ready_for_screening()
        screener = _screener()
        screening.screening_request_assignment(candidate=candidate, by=candidate.user)
        return latest(
            f"screening_assigned_{to}", to=candidate.user if to == "candidate" else screener.user
        )

    return make


def screening_cancelled() -> list[OutboundEmail]:
    from candidates.services import screening

    call = _booked()
    # Staff cancel: both sides are told, each pointing to their own page.
    screening.screening_cancel(call=call, by=_staff())
    return [
        latest("screening_cancelled", to=call.candidate.user),
        latest("screening_cancelled", to=call.screener.user),
    ]


def screening_reminder() -> OutboundEmail:
    from candidates.services import screening

    call = _booked()
    screening.screening_reminders_queue(now=SLOT - timedelta(hours=20))
    return latest("screening_reminder", to=call.candidate.user)


def screening_log_due() -> OutboundEmail:
    from candidates.services import screening

    call = _booked()
    screening.screening_reminders_queue(now=SLOT + timedelta(days=1, minutes=31))
    return latest("screening_log_due", to=call.screener.user)


def screening_resources() -> OutboundEmail:
    from candidates.enums import ScreeningNextStep
    from candidates.services import screening
    from resources.enums import Audience
    from tests.factories.resources import ResourceFactory

    call = _booked()
    picked = [
        ResourceFactory(title="Filing for office, step by step", slug="filing-step-by-step"),
        ResourceFactory(
            title="Partner training video",
            slug=None,
            url="https://training.example.com/fundraising",
        ),
        ResourceFactory(title="For everyone", slug="for-everyone", audience=Audience.PUBLIC),
    ]
    with time_machine.travel(SLOT + timedelta(minutes=40), tick=False):
        screening.screening_log_create(
            call=call,
            by=call.screener.user,
            problems_to_solve="Housing costs",
            community_involvement="Tenant union",
            concerns_notes="Money",
            progressive_meaning="Everyone housed",
            community_knowledge=3,
            relationships=2,
            campaign_understanding=2,
            values_alignment=4,
            concerns=["money"],
            next_step=ScreeningNextStep.READY,
            resources=picked,
        )
    return latest("screening_resources", to=call.candidate.user)


def screening_approved() -> OutboundEmail:
    from candidates.services import screening
    from tests.factories import UserFactory

    user = UserFactory(name="Sam Okafor")
    applied = screening.screener_apply(
        user=user,
        regions=[_region()],
        languages=["en"],
        weekly_capacity=5,
        time_zone="America/New_York",
    )
    screening.screener_approve(screener=applied, by=_staff())
    return latest("screening_approved", to=user)


# --- Signup, races ------------------------------------------------------------------------


def welcome() -> OutboundEmail:
    """Sent once the new candidate types the code from the confirmation email."""
    import re

    from tests.conftest import signup_data

    _region()
    browser = Client()
    browser.post(reverse("account_signup"), signup_data(email="casey@example.org"))
    # Not sent yet in this test, so the row still holds the code (redacted once sent).
    confirmation = latest("email_confirmation_signup")
    code = re.search(r"^\s+(\S+)\s*$", confirmation.body_text, re.MULTILINE).group(1)
    browser.post(reverse("account_email_verification_sent"), {"code": code})
    return latest("welcome")


def filing_reminder() -> OutboundEmail:
    from candidates.services import race_declare

    candidate = _candidate()
    race_declare(
        candidate=candidate,
        by=candidate.user,
        office_name="City Council",
        level="municipal",
        jurisdiction_name="Albany",
        state="NY",
        district="Ward 3",
        election_date=date(2030, 11, 5),
        filing_deadline=date(2030, 3, 20),
    )
    return latest("filing_reminder", to=candidate.user)


def invitation() -> OutboundEmail:
    from rfs.services import user_invite

    user = user_invite(
        email="new.director@example.org",
        name="Noor Haddad",
        roles={Role.REGIONAL_DIRECTOR},
        regions=[_region()],
        invited_by=_staff(),
    )
    return latest("invitation", to=user)


# --- Endorsements -------------------------------------------------------------------------


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "receipt.pdf",
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        content_type="application/pdf",
    )


def _submitted(*, with_email: bool = True):
    """An eligible candidate's application, filled in and submitted through the services."""
    from endorsements.questionnaire import QUESTIONS
    from endorsements.services.applications import (
        application_save_step,
        application_start,
        application_submit,
        evidence_add,
    )
    from tests.factories.endorsements import CycleFactory, make_eligible

    _director()
    candidate = make_eligible(_candidate())
    cycle = CycleFactory(name="Spring 2030", decision_days=30)
    application = application_start(candidate=candidate, cycle=cycle)
    application = application_save_step(
        application=application,
        step="race",
        data={
            "race": candidate.races.get(result=""),
            "district_description": "Ward 3",
            "seats": 1,
            "incumbent": "",
            "opponents": "Two others",
        },
    )
    evidence_add(application=application, upload=_pdf(), by=candidate.user)
    application = application_save_step(
        application=application,
        step="plan",
        data={
            "budget": 20000,
            "raised_so_far": 1000,
            "team": "Me and my neighbours",
            "win_number": 3000,
            "path_to_victory": "Doors.",
        },
    )
    application = application_save_step(
        application=application,
        step="questionnaire",
        data={
            "answers": {question.key: "My answer." for question in QUESTIONS},
        },
    )
    application = application_save_step(
        application=application,
        step="links",
        data={
            "website": "https://casey.example.org",
            "donation_url": "",
            "social_links": [],
        },
    )
    application = application_submit(application=application, by=candidate.user)
    return application


def application_submitted() -> OutboundEmail:
    return latest("application_submitted", to=_submitted().candidate.user)


def _research_item(application):
    from endorsements.services.reviews import research_check

    return research_check(
        application=application, kind="public_records", by=_director(), finding="A 2019 lawsuit."
    )


def explanation_requested() -> OutboundEmail:
    from endorsements.services.reviews import explanation_request

    application = _submitted()
    explanation_request(
        item=_research_item(application), by=_director(), question="Tell us about the 2019 lawsuit?"
    )
    return latest("explanation_requested", to=application.candidate.user)


def explanation_received() -> OutboundEmail:
    from endorsements.services.reviews import explanation_give, explanation_request

    application = _submitted()
    item = explanation_request(
        item=_research_item(application), by=_director(), question="Tell us about it?"
    )
    explanation_give(item=item, candidate=application.candidate, text="It was settled.")
    return latest("explanation_received", to=_director())


def _research_done(application) -> None:
    """The director checks every research item (a recommendation needs them all)."""
    from endorsements.enums import ResearchKind
    from endorsements.services.reviews import research_check

    for kind in ResearchKind.values:
        research_check(
            application=application, kind=kind, by=_director(), finding="Nothing of concern."
        )


def _decided(*, approve: bool):
    """Reviewed the way the process asks: research checked, the director's
    recommendation, the committee's votes, then staff decide."""
    from endorsements.services.reviews import decision_make, recommendation_write, vote_cast

    application = _submitted()
    director = _director()
    _research_done(application)
    recommendation_write(
        application=application,
        director=director,
        recommendation="endorse" if approve else "decline",
        text="Read the plan.",
    )
    for _ in range(3):
        vote_cast(
            application=application,
            member=_committee_member(),
            choice="approve" if approve else "decline",
        )
    decision_make(
        application=application,
        by=_staff(),
        approve=approve,
        reason="" if approve else "We need to see your field plan.",
    )
    return application


def endorsement_approved() -> OutboundEmail:
    return latest("endorsement_approved", to=_decided(approve=True).candidate.user)


def endorsement_declined() -> OutboundEmail:
    return latest("endorsement_declined", to=_decided(approve=False).candidate.user)


def _review_reminder(
    template: str, *, days: int, recommend: bool = False, vote: bool = False
) -> Callable[[], OutboundEmail]:
    def make() -> OutboundEmail:
        from endorsements.services.reviews import (
            recommendation_write,
            review_reminders_send,
            vote_cast,
        )

        committee = _committee_member()
        staff = _staff()
        application = _submitted()
        if recommend:
            _research_done(application)
            recommendation_write(
                application=application, director=_director(), recommendation="endorse", text="Yes."
            )
        if vote:
            vote_cast(application=application, member=committee, choice="approve")
        day = application.decision_due_on - timedelta(days=days)
        with time_machine.travel(datetime.combine(day, time(16, 0), tzinfo=UTC), tick=False):
            review_reminders_send()
        recipient = {
            "review_due_director": _director(),
            "review_due_committee": committee,
            "decision_due_staff": staff,
        }[template]
        return latest(template, to=recipient)

    return make


def _endorsed_race(*, election_date: date):
    from endorsements.models import Endorsement

    application = _decided(approve=True)
    race = application.race
    race.election_date = election_date
    race.save(update_fields=["election_date"])
    return Endorsement.objects.get(application=application), race


def result_request() -> OutboundEmail:
    from endorsements.services.results import result_requests_send

    _endorsement, race = _endorsed_race(election_date=NOW.date() - timedelta(days=1))
    result_requests_send(today=NOW.date())
    return latest("result_request", to=race.candidate.user)


def _result(result: str, template: str) -> Callable[[], OutboundEmail]:
    def make() -> OutboundEmail:
        from endorsements.services.results import result_report

        _endorsement, race = _endorsed_race(election_date=NOW.date() - timedelta(days=1))
        result_report(race=race, result=result, by=race.candidate.user)
        return latest(template, to=race.candidate.user)

    return make


# --- Mentorship ---------------------------------------------------------------------------


def _area():
    from tests.factories.mentorship import ExpertiseAreaFactory

    return ExpertiseAreaFactory(
        slug="fundraising", name="Fundraising", keywords="donor, money", position=1
    )


def _mentor(area=None, **fields):
    from tests.factories.mentorship import MentorFactory

    fields.setdefault("user__name", "Morgan Blake")
    return MentorFactory(areas=[area or _area()], states=["NY"], **fields)


def _asked(*, mentor=True):
    from mentorship import services

    area = _area()
    told = _mentor(area) if mentor else None
    candidate = _candidate()
    question = services.question_ask(
        candidate=candidate,
        area=area,
        title="How do I ask friends for money?",
        details="I've never asked anyone for money before.",
        private=False,
    )
    return question, told


def _claimed():
    from mentorship import services

    question, mentor = _asked()
    return services.question_claim(question=question, mentor=mentor), mentor


def _answered():
    from mentorship import services

    question, mentor = _claimed()
    services.question_answer(question=question, mentor=mentor, body="Start with your own contacts.")
    return question, mentor


def question_received() -> OutboundEmail:
    question, _ = _asked()
    return latest("question_received", to=question.candidate.user)


def question_for_you() -> OutboundEmail:
    _question, mentor = _asked()
    return latest("question_for_you", to=mentor.user)


def question_claimed() -> OutboundEmail:
    question, _ = _claimed()
    return latest("question_claimed", to=question.candidate.user)


def question_answered() -> OutboundEmail:
    question, _ = _answered()
    return latest("question_answered", to=question.candidate.user)


def question_follow_up() -> OutboundEmail:
    from mentorship import services

    question, mentor = _answered()
    services.question_follow_up(
        question=question, candidate=question.candidate, body="And from strangers?"
    )
    return latest("question_follow_up", to=mentor.user)


def question_resolved() -> OutboundEmail:
    from mentorship import services

    question, mentor = _answered()
    services.question_resolve(
        question=question, candidate=question.candidate, rating=5, comment="Thank you!"
    )
    return latest("question_resolved", to=mentor.user)


def question_unclaimed() -> OutboundEmail:
    from django.conf import settings

    from mentorship import services

    director = _director()
    _asked(mentor=False)
    services.questions_escalate(
        now=NOW + timedelta(hours=settings.RFS_MENTOR_ESCALATE_HOURS, minutes=1)
    )
    return latest("question_unclaimed", to=director)


def _mentor_applied():
    from mentorship import services
    from tests.factories import UserFactory

    user = UserFactory(name="Morgan Blake")
    _director()
    return services.mentor_apply(
        user=user,
        areas=[_area()],
        states=["NY"],
        languages=["en"],
        bio="Ran for city council in 2024.",
        weekly_capacity=3,
        match_capacity=1,
        region=_region(),
    )


def mentor_applied() -> OutboundEmail:
    _mentor_applied()
    return latest("mentor_applied")


def mentor_approved() -> OutboundEmail:
    from mentorship import services

    mentor = _mentor_applied()
    services.mentor_approve(mentor=mentor, by=_staff())
    return latest("mentor_approved", to=mentor.user)


def mentor_declined() -> OutboundEmail:
    from mentorship import services

    mentor = _mentor_applied()
    services.mentor_decline(mentor=mentor, by=_staff())
    return latest("mentor_declined", to=mentor.user)


def _match_requested():
    from mentorship import services

    _director()
    candidate = _candidate()
    return services.match_request_create(
        candidate=candidate,
        areas=[_area()],
        language="en",
        note="A city council race, my first.",
    )


def match_requested() -> OutboundEmail:
    return latest("match_requested", to=_match_requested().candidate.user)


def match_request_for_director() -> OutboundEmail:
    _match_requested()
    return latest("match_request_for_director", to=_director())


def _matched():
    from mentorship import services

    request = _match_requested()
    mentor = _mentor(match_capacity=2)
    return services.match_confirm(request=request, mentor=mentor, by=_director())


def match_confirmed_candidate() -> OutboundEmail:
    return latest("match_confirmed_candidate", to=_matched().candidate.user)


def match_confirmed_mentor() -> OutboundEmail:
    return latest("match_confirmed_mentor", to=_matched().mentor.user)


def match_ended() -> OutboundEmail:
    from mentorship import services

    match = _matched()
    services.match_end(match=match, by=_director(), note="The campaign is over.")
    return latest("match_ended", to=match.candidate.user)


# --- allauth's account emails ---------------------------------------------------------------


def login_code() -> OutboundEmail:
    candidate = _candidate()
    Client().post(reverse("account_request_login_code"), {"email": candidate.user.email})
    return latest("login_code", to=candidate.user)


def email_confirmation_signup() -> OutboundEmail:
    from tests.conftest import signup_data

    _region()
    Client().post(reverse("account_signup"), signup_data(email="new.person@example.org"))
    return latest("email_confirmation_signup")


def email_confirmation() -> OutboundEmail:
    """A signed-in candidate adds a second address."""
    candidate = _candidate()
    client = Client()
    client.force_login(candidate.user)
    client.post(reverse("account_email"), {"action_add": "", "email": "casey.second@example.org"})
    return latest("email_confirmation")


def unknown_account() -> OutboundEmail:
    Client().post(reverse("account_request_login_code"), {"email": "nobody.yet@example.org"})
    return latest("unknown_account")


def account_already_exists() -> OutboundEmail:
    from tests.conftest import signup_data

    candidate = _candidate()
    Client().post(reverse("account_signup"), signup_data(email=candidate.user.email))
    return latest("account_already_exists")


# ------------------------------------------------------------------------------------------


# --- The workplace ------------------------------------------------------------------------


def note_mention() -> OutboundEmail:
    from workplace.services import note_add

    candidate = _candidate()
    staff = _staff()
    note_add(candidate=candidate, author=_director(), text="Keep this private.", mentions=[staff])
    return latest("note_mention", to=staff)


def segment_email() -> OutboundEmail:
    from workplace.models import Segment
    from workplace.outreach import segment_email_send
    from workplace.outreach_delivery import segment_email_deliver

    candidate = _candidate(consent_email=True)
    director = _director()
    segment = Segment.objects.create(name="New York", created_by=director)
    send, _new = segment_email_send(
        user=director,
        segment=segment,
        token="registry",
        subject="Your next step, {first_name}",
        body="Hi {first_name}, here is your next step: {next_step_link}",
    )
    segment_email_deliver(send.pk)
    return latest("segment_email", to=candidate.user)


def director_digest() -> OutboundEmail:
    from workplace.digest import digests_send

    director = _director()
    _candidate()
    digests_send()
    return latest("director_digest", to=director)


EMAILS: dict[str, EmailCase] = {
    # Intro calls
    "intro_confirmation": EmailCase(
        intro_confirmation, lands_on={"candidates:call_manage": "Or switch to another time"}
    ),
    "intro_waitlisted": EmailCase(intro_waitlisted),
    "intro_promoted": EmailCase(intro_promoted),
    "intro_changed": EmailCase(intro_changed),
    "intro_cancelled": EmailCase(intro_cancelled),
    "intro_reminder_24h": EmailCase(
        lambda: _reminder("intro_reminder_24h", timedelta(hours=20)),
        lands_on={"candidates:call_manage": "be there"},
    ),
    "intro_reminder_1h": EmailCase(lambda: _reminder("intro_reminder_1h", timedelta(minutes=50))),
    "intro_thanks": EmailCase(lambda: _held(attended=True)),
    "intro_missed": EmailCase(lambda: _held(attended=False)),
    # 1:1 screening
    "screening_booked_candidate": EmailCase(screening_booked("candidate")),
    "screening_booked_screener": EmailCase(screening_booked("screener")),
    "screening_assigned_candidate": EmailCase(screening_assigned("candidate")),
    "screening_assigned_screener": EmailCase(screening_assigned("screener")),
    "screening_cancelled": EmailCase(screening_cancelled),
    "screening_reminder": EmailCase(screening_reminder),
    "screening_log_due": EmailCase(screening_log_due),
    "screening_resources": EmailCase(
        screening_resources, lands_on={"resources:resource": "Filing for office, step by step"}
    ),
    "screening_approved": EmailCase(screening_approved),
    # Signup, races, people
    "welcome": EmailCase(welcome, lands_on={"candidates:calls": "intro call"}),
    "filing_reminder": EmailCase(filing_reminder),
    "invitation": EmailCase(invitation),
    # Endorsements
    "application_submitted": EmailCase(application_submitted),
    "explanation_requested": EmailCase(
        explanation_requested, lands_on={"endorsements:explain": "2019 lawsuit"}
    ),
    "explanation_received": EmailCase(explanation_received),
    "endorsement_approved": EmailCase(endorsement_approved),
    "endorsement_declined": EmailCase(endorsement_declined),
    "review_due_director": EmailCase(_review_reminder("review_due_director", days=20)),
    "review_due_committee": EmailCase(
        _review_reminder("review_due_committee", days=10, recommend=True)
    ),
    "decision_due_staff": EmailCase(
        _review_reminder("decision_due_staff", days=3, recommend=True, vote=True)
    ),
    "result_request": EmailCase(result_request),
    "result_thanks": EmailCase(_result("lost", "result_thanks")),
    "alumni_mentor_invite": EmailCase(_result("won", "alumni_mentor_invite")),
    # Mentorship
    "question_received": EmailCase(question_received),
    "question_for_you": EmailCase(question_for_you),
    "question_claimed": EmailCase(question_claimed),
    "question_answered": EmailCase(question_answered),
    "question_follow_up": EmailCase(question_follow_up),
    "question_resolved": EmailCase(question_resolved),
    "question_unclaimed": EmailCase(question_unclaimed),
    "mentor_applied": EmailCase(mentor_applied, has_links=False),
    "mentor_approved": EmailCase(mentor_approved),
    "mentor_declined": EmailCase(mentor_declined, has_links=False),
    "match_requested": EmailCase(match_requested),
    "match_request_for_director": EmailCase(match_request_for_director),
    "match_confirmed_candidate": EmailCase(match_confirmed_candidate),
    "match_confirmed_mentor": EmailCase(match_confirmed_mentor),
    "match_ended": EmailCase(match_ended),
    # The workplace: a link to the record, never the note
    "note_mention": EmailCase(note_mention, lands_on={"workplace:record": "Keep this private."}),
    # Outreach: a director's email to a segment, with the candidate's next step
    "segment_email": EmailCase(segment_email),
    "director_digest": EmailCase(
        director_digest, lands_on={"workplace:settings": "daily digest at 8 am"}
    ),
    # allauth's account emails (the templates in templates/account/email/)
    "account/email/login_code": EmailCase(login_code, has_links=False),
    "account/email/email_confirmation": EmailCase(email_confirmation, has_links=False),
    "account/email/email_confirmation_signup": EmailCase(
        email_confirmation_signup, has_links=False
    ),
    "account/email/unknown_account": EmailCase(
        unknown_account, lands_on={"account_signup": "ZIP code"}
    ),
    "account/email/account_already_exists": EmailCase(account_already_exists),
}
