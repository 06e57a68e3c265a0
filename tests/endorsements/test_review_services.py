"""The review's writes: recommendations, research and explanations, votes and recusal,
decisions (one by one and in bulk) and reminders to reviewers."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from candidates.enums import ChangeKind, Stage
from candidates.models import StageChange
from candidates.services import candidate_move
from endorsements.enums import ApplicationEventKind, ApplicationStatus
from endorsements.models import (
    Application,
    ApplicationEvent,
    DirectorRecommendation,
    Endorsement,
    ResearchItem,
    Vote,
)
from endorsements.services.reviews import (
    ReviewError,
    decision_make,
    decisions_make_bulk,
    explanation_give,
    explanation_request,
    recommendation_write,
    research_check,
    review_reminders_send,
    vote_cast,
)
from rfs.enums import Role
from rfs.models import OutboundEmail
from tests.factories import CandidateFactory, UserFactory
from tests.factories.endorsements import (
    ApplicationFactory,
    CycleFactory,
    make_eligible,
    ready_for_decision,
    research_done,
)

pytestmark = pytest.mark.django_db


def submitted_application(candidate=None, *, researched: bool = True, **fields) -> Application:
    """A North candidate at ``applied`` with a submitted application on their race, its
    research done (a recommendation needs every item checked) unless ``researched`` is False."""
    candidate = make_eligible(candidate or CandidateFactory(state="NY"))
    candidate_move(candidate=candidate, to_stage=Stage.APPLIED, by=None)
    fields.setdefault("website", "https://casey.example.org/")
    fields.setdefault("donation_url", "https://give.example.org/casey")
    application = ApplicationFactory(
        candidate=candidate, race=candidate.races.get(), submitted=True, **fields
    )
    if researched:
        research_done(application)
    return application


def decidable(candidate=None, **fields) -> Application:
    """A submitted application ready for staff: recommended, with the cycle's quorum of votes."""
    application = submitted_application(candidate, **fields)
    ready_for_decision(application)
    return application


def emails(purpose: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(purpose=purpose).order_by("pk"))


def events(application: Application) -> list[str]:
    return list(
        ApplicationEvent.objects.filter(application=application)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


# --- Recommendations -------------------------------------------------------------------------


def test_recommendation_write_creates_then_updates(director, north):
    application = submitted_application()

    recommendation_write(
        application=application, director=director, recommendation="endorse", text="Strong plan."
    )
    recommendation_write(
        application=application, director=director, recommendation="unsure", text="Let's discuss."
    )

    written = DirectorRecommendation.objects.get(application=application)
    assert (written.recommendation, written.text, written.director) == (
        "unsure",
        "Let's discuss.",
        director,
    )
    assert events(application) == ["recommended", "recommended"]


@pytest.mark.parametrize("who", ["other_director", "committee_member"])
def test_recommendation_write_refuses_anyone_but_the_regions_director(persona, north, who):
    application = submitted_application()

    with pytest.raises(ReviewError):
        recommendation_write(
            application=application, director=persona(who), recommendation="endorse", text="Yes."
        )

    assert not DirectorRecommendation.objects.exists()


def test_recommendation_write_refuses_an_empty_text(director, north):
    application = submitted_application()

    with pytest.raises(ReviewError, match="say why"):
        recommendation_write(
            application=application, director=director, recommendation="endorse", text="  "
        )


# --- Research and explanations ------------------------------------------------------------


def test_research_check_records_who_and_when_and_updates(director, staff, north):
    application = submitted_application(researched=False)

    research_check(
        application=application, kind="public_records", by=director, finding="A 2019 lawsuit."
    )
    item = research_check(
        application=application, kind="public_records", by=staff, finding="Settled in 2020."
    )

    assert ResearchItem.objects.filter(application=application).count() == 1
    assert (item.checked_by, item.finding) == (staff, "Settled in 2020.")
    assert item.checked_at is not None
    # The history names the check, never the finding.
    assert list(
        ApplicationEvent.objects.filter(application=application).values_list("note", flat=True)
    ) == [
        "Criminal and public records",
        "Criminal and public records",
    ]


def test_research_check_refuses_an_unknown_check(director, north):
    application = submitted_application()

    with pytest.raises(ReviewError):
        research_check(application=application, kind="horoscope", by=director)


def test_explanation_request_emails_the_candidate_the_question_and_link(director, north):
    application = submitted_application()
    item = research_check(
        application=application, kind="public_records", by=director, finding="Internal note."
    )

    explanation_request(
        item=item, by=director, question="Could you tell us about the 2019 lawsuit?"
    )

    item.refresh_from_db()
    assert item.explanation_question == "Could you tell us about the 2019 lawsuit?"
    assert item.explanation_requested_at is not None
    [email] = emails("explanation_requested")
    assert email.to_email == application.candidate.user.email
    assert reverse("endorsements:explain", kwargs={"pk": item.pk}) in email.body_text
    assert "2019 lawsuit" in email.body_text
    assert "Internal note." not in email.body_text
    assert events(application)[-1] == ApplicationEventKind.EXPLANATION_REQUESTED


def test_explanation_request_refuses_a_committee_member(director, committee_member, north):
    application = submitted_application()
    item = research_check(application=application, kind="social_media", by=director)

    with pytest.raises(ReviewError):
        explanation_request(item=item, by=committee_member, question="Why?")

    assert emails("explanation_requested") == []


def test_explanation_give_saves_the_answer_and_tells_the_director(director, north):
    application = submitted_application()
    item = research_check(application=application, kind="public_records", by=director)
    explanation_request(item=item, by=director, question="Tell us about it?")

    explanation_give(
        item=item, candidate=application.candidate, text="It was settled and I learned a lot."
    )

    item.refresh_from_db()
    assert item.explanation == "It was settled and I learned a lot."
    assert item.explained_at is not None
    [email] = emails("explanation_received")
    assert email.to_email == director.email
    assert reverse("endorsements:review", kwargs={"pk": application.pk}) in email.body_text
    assert events(application)[-1] == ApplicationEventKind.EXPLAINED


def test_explanation_give_refuses_another_candidate(director, north):
    application = submitted_application()
    item = research_check(application=application, kind="public_records", by=director)
    explanation_request(item=item, by=director, question="Tell us about it?")
    someone_else = CandidateFactory(state="NY")

    with pytest.raises(ReviewError):
        explanation_give(item=item, candidate=someone_else, text="Not mine to answer.")

    item.refresh_from_db()
    assert item.explanation == ""


def test_explanation_give_refuses_an_item_nobody_asked_about(director, north):
    application = submitted_application()
    item = research_check(application=application, kind="public_records", by=director)

    with pytest.raises(ReviewError, match="haven't asked"):
        explanation_give(item=item, candidate=application.candidate, text="Unprompted.")


# --- Votes and recusal -----------------------------------------------------------------------


def test_vote_cast_creates_then_changes_the_members_vote(committee_member, north):
    application = submitted_application()

    vote_cast(application=application, member=committee_member, choice="abstain")
    vote_cast(
        application=application, member=committee_member, choice="approve", comment="Convinced."
    )

    vote = Vote.objects.get(application=application)
    assert (vote.member, vote.choice, vote.comment) == (committee_member, "approve", "Convinced.")
    assert events(application) == ["voted", "voted"]


def test_vote_cast_a_recused_member_cannot_then_vote(committee_member, north):
    application = submitted_application()
    vote_cast(
        application=application, member=committee_member, choice="recused", comment="My cousin."
    )

    with pytest.raises(ReviewError, match=r"^You recused yourself from this application$"):
        vote_cast(application=application, member=committee_member, choice="approve")

    assert Vote.objects.get(application=application).choice == "recused"
    assert events(application) == ["recused"]


@pytest.mark.parametrize("who", ["director", "staff", "mentor"])
def test_vote_cast_refuses_people_off_the_committee(persona, north, who):
    application = submitted_application()

    with pytest.raises(ReviewError, match="committee"):
        vote_cast(application=application, member=persona(who), choice="approve")


def test_vote_cast_refuses_a_draft(committee_member, north):
    application = ApplicationFactory(candidate=CandidateFactory(state="NY"))

    with pytest.raises(ReviewError):
        vote_cast(application=application, member=committee_member, choice="approve")


def test_vote_cast_refuses_an_unknown_choice(committee_member, north):
    application = submitted_application()

    with pytest.raises(ReviewError):
        vote_cast(application=application, member=committee_member, choice="maybe")


# --- Decisions -------------------------------------------------------------------------------


def test_decision_make_approve_endorses_moves_and_emails_once(staff, north):
    application = decidable(list_publicly=True)
    candidate = application.candidate

    decided = decision_make(application=application, by=staff, approve=True)

    application.refresh_from_db()
    candidate.refresh_from_db()
    assert (application.status, application.decided_by) == (ApplicationStatus.APPROVED, staff)
    assert application.decided_at is not None
    assert decided.status == ApplicationStatus.APPROVED
    assert candidate.stage == Stage.ENDORSED
    endorsement = Endorsement.objects.get(application=application)
    race = application.race
    assert (
        endorsement.display_name,
        endorsement.office_name,
        endorsement.office_level,
        endorsement.district,
        endorsement.jurisdiction_name,
        endorsement.state,
        endorsement.election_date,
    ) == (
        candidate.user.name,
        race.office_name,
        race.level,
        race.district,
        race.jurisdiction_name,
        race.state,
        race.election_date,
    )
    assert (endorsement.website, endorsement.donation_url, endorsement.listed) == (
        "https://casey.example.org/",
        "https://give.example.org/casey",
        True,
    )
    [email] = emails("endorsement_approved")
    assert email.to_email == candidate.user.email
    assert (
        reverse("endorsements:public_detail", kwargs={"slug": endorsement.slug}) in email.body_text
    )
    assert events(application)[-1] == ApplicationEventKind.DECIDED


def test_decision_make_approve_respects_the_wish_not_to_be_listed(staff, north):
    application = decidable(list_publicly=False)

    decision_make(application=application, by=staff, approve=True)

    assert Endorsement.objects.get(application=application).listed is False


def test_decision_make_twice_is_refused_and_never_moves_twice(staff, north):
    application = decidable()
    decision_make(application=application, by=staff, approve=True)

    with pytest.raises(ReviewError, match="already decided"):
        decision_make(
            application=Application.objects.get(pk=application.pk),
            by=staff,
            approve=False,
            reason="No.",
        )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert (
        StageChange.objects.filter(
            candidate=application.candidate, to_stage__in=["endorsed", "not_endorsed"]
        ).count()
        == 1
    )
    assert Endorsement.objects.count() == 1
    assert len(emails("endorsement_approved")) == 1
    assert emails("endorsement_declined") == []


def test_decision_make_decline_moves_and_emails_the_reason_and_reapply(staff, north):
    application = decidable()

    decision_make(
        application=application, by=staff, approve=False, reason="We need to see your field plan."
    )

    application.refresh_from_db()
    application.candidate.refresh_from_db()
    assert (application.status, application.decision_reason) == (
        "declined",
        "We need to see your field plan.",
    )
    assert application.candidate.stage == Stage.NOT_ENDORSED
    assert not Endorsement.objects.exists()
    [email] = emails("endorsement_declined")
    assert "We need to see your field plan." in email.body_text
    assert "you can apply again" in email.body_text


def test_decision_make_decline_after_the_cycle_closed_offers_a_future_cycle(staff, north):
    cycle = CycleFactory(
        opens_on=date.today() - timedelta(days=60), closes_on=date.today() - timedelta(days=2)
    )
    application = decidable(cycle=cycle)

    decision_make(application=application, by=staff, approve=False, reason="Not this time.")

    [email] = emails("endorsement_declined")
    assert "future cycle" in email.body_text
    assert "you can apply again:" not in email.body_text


def test_decision_make_decline_needs_a_reason(staff, north):
    application = decidable()

    with pytest.raises(ReviewError, match="reason"):
        decision_make(application=application, by=staff, approve=False, reason=" ")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize("who", ["director", "committee_member"])
def test_decision_make_refuses_anyone_but_national_staff(persona, north, who):
    application = decidable()

    with pytest.raises(ReviewError, match="national staff"):
        decision_make(application=application, by=persona(who), approve=True)

    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_decision_make_refused_by_the_pipeline_undoes_everything(staff, north):
    # A candidate who never reached "applied" (moved by hand) can't be endorsed from signed up.
    application = ApplicationFactory(candidate=CandidateFactory(state="NY"), submitted=True)
    ready_for_decision(application)

    with pytest.raises(ReviewError):
        decision_make(application=application, by=staff, approve=True)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.decided_at is None
    assert not Endorsement.objects.exists()
    assert emails("endorsement_approved") == []


def test_decision_make_gives_each_endorsement_its_own_address(staff, north):
    first = decidable(CandidateFactory(state="NY", user__name="Casey Rivera"))
    second = decidable(CandidateFactory(state="NY", user__name="Casey Rivera"))

    decision_make(application=first, by=staff, approve=True)
    decision_make(application=second, by=staff, approve=True)

    assert sorted(Endorsement.objects.values_list("slug", flat=True)) == [
        "casey-rivera-city-council",
        "casey-rivera-city-council-2",
    ]


def test_decisions_make_bulk_skips_the_decided_with_reasons(staff, north):
    waiting = [decidable(), decidable()]
    decided = decidable()
    decision_make(application=decided, by=staff, approve=False, reason="Not now.")

    done, skipped = decisions_make_bulk(applications=[*waiting, decided], by=staff, approve=True)

    assert [application.pk for application in done] == [application.pk for application in waiting]
    assert [(application.pk, "already decided" in why) for application, why in skipped] == [
        (decided.pk, True)
    ]
    assert Endorsement.objects.count() == 2


def test_candidate_stage_history_records_the_decision_by_staff(staff, north):
    application = decidable()

    decision_make(application=application, by=staff, approve=True)

    change = StageChange.objects.filter(candidate=application.candidate).latest("at", "pk")
    assert (change.kind, change.from_stage, change.to_stage, change.by) == (
        ChangeKind.MOVE,
        "applied",
        "endorsed",
        staff,
    )


# --- Reminders -------------------------------------------------------------------------------

# Submitted at 15:00 UTC on day 0; the daily run happens at 16:00 UTC.
DAY_ZERO = datetime(2031, 3, 2, 15, 0, tzinfo=UTC)


def _submitted_on_day_zero() -> Application:
    with time_machine.travel(DAY_ZERO, tick=False):
        return submitted_application(cycle=CycleFactory(name="Spring 2031"))


def _on_day(day: int):
    return time_machine.travel(DAY_ZERO + timedelta(days=day, hours=1), tick=False)


def _on(day: date):
    return time_machine.travel(datetime.combine(day, time(16, 0), tzinfo=UTC), tick=False)


def test_review_reminders_send_nothing_before_anything_is_due(
    director, committee_member, staff, north
):
    _submitted_on_day_zero()

    with _on_day(9):
        assert review_reminders_send() == 0

    assert (
        OutboundEmail.objects.filter(
            purpose__in=["review_due_director", "review_due_committee", "decision_due_staff"]
        ).count()
        == 0
    )


def test_review_reminders_send_the_director_once_when_the_recommendation_is_due(
    director, committee_member, staff, north
):
    application = _submitted_on_day_zero()

    with _on_day(10):
        first = review_reminders_send()
    with _on_day(11):
        second = review_reminders_send()

    assert (first, second) == (1, 0)
    [email] = emails("review_due_director")
    assert email.to_email == director.email
    assert reverse("endorsements:review", kwargs={"pk": application.pk}) in email.body_text
    assert events(application)[-1] == ApplicationEventKind.REMINDED


def test_review_reminders_send_skip_a_director_who_has_recommended(
    director, committee_member, staff, north
):
    application = _submitted_on_day_zero()
    recommendation_write(
        application=application, director=director, recommendation="endorse", text="Yes."
    )

    with _on_day(10):
        assert review_reminders_send() == 0


def test_review_reminders_send_committee_members_who_have_not_voted_once(
    director, committee_member, staff, north
):
    application = _submitted_on_day_zero()
    recommendation_write(
        application=application, director=director, recommendation="endorse", text="Yes."
    )
    voter = UserFactory(roles=[Role.COMMITTEE_MEMBER])
    vote_cast(application=application, member=voter, choice="approve")

    with _on_day(20):
        first = review_reminders_send()
    with _on_day(21):
        second = review_reminders_send()

    assert (first, second) == (1, 0)
    assert [email.to_email for email in emails("review_due_committee")] == [committee_member.email]


def test_review_reminders_send_staff_once_when_the_decision_is_three_days_away(
    director, committee_member, staff, north
):
    application = _submitted_on_day_zero()
    recommendation_write(
        application=application, director=director, recommendation="endorse", text="Yes."
    )
    vote_cast(application=application, member=committee_member, choice="approve")
    due = application.decision_due_on

    with _on(due - timedelta(days=4)):
        assert review_reminders_send() == 0
    with _on(due - timedelta(days=3)):
        assert review_reminders_send() == 1
    with _on(due + timedelta(days=2)):
        assert review_reminders_send() == 0

    assert [email.to_email for email in emails("decision_due_staff")] == [staff.email]


def test_review_reminders_send_nothing_once_decided(director, committee_member, staff, north):
    application = _submitted_on_day_zero()
    ready_for_decision(application)
    decision_make(application=application, by=staff, approve=True)

    with _on_day(40):
        assert review_reminders_send() == 0


# --- Simultaneous decisions (PostgreSQL) -------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_decision_make_ten_clicks_at_once_decide_once():
    """The application's row lock makes simultaneous decisions take turns: the first
    decides, the others find it decided."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    from tests.conftest import require_service
    from tests.factories import RegionFactory

    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "row locks need a real database"
    )
    RegionFactory(name="North", states=["NY", "MA"])
    application = decidable()
    staff = [UserFactory(roles=[Role.NATIONAL_STAFF]) for _ in range(10)]
    barrier = threading.Barrier(len(staff))
    results, errors = [], []

    def decide(person) -> None:
        try:
            barrier.wait(timeout=60)
            results.append(
                decision_make(
                    application=Application.objects.get(pk=application.pk), by=person, approve=True
                )
            )
        except BaseException as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(staff)) as pool:
        list(pool.map(decide, staff))

    assert len(results) == 1
    assert len(errors) == 9
    assert all(isinstance(error, ReviewError) for error in errors), errors
    assert (
        StageChange.objects.filter(candidate=application.candidate, to_stage="endorsed").count()
        == 1
    )
    assert Endorsement.objects.count() == 1
    assert len(emails("endorsement_approved")) == 1


# --- What a recommendation and a decision need ------------------------------------------------


def test_recommendation_while_research_is_not_checked_is_refused(director, north):
    application = submitted_application(researched=False)
    research_check(application=application, kind="ballot_status", by=director)

    with pytest.raises(ReviewError, match="Criminal and public records"):
        recommendation_write(
            application=application, director=director, recommendation="endorse", text="Yes."
        )

    assert not DirectorRecommendation.objects.exists()


def test_recommendation_after_each_item_is_checked_or_not_applicable(director, north):
    application = submitted_application(researched=False)
    for kind in ("ballot_status", "public_records", "social_media"):
        research_check(application=application, kind=kind, by=director)
    research_check(
        application=application, kind="campaign_finance", by=director, not_applicable=True
    )

    recommendation_write(
        application=application, director=director, recommendation="endorse", text="Yes."
    )

    assert DirectorRecommendation.objects.get(application=application).recommendation == "endorse"


def test_decision_without_a_recommendation_or_votes_is_refused(staff, north):
    application = submitted_application()

    with pytest.raises(
        ReviewError, match="no recommendation from the director yet; 0 of the 3 committee votes"
    ):
        decision_make(application=application, by=staff, approve=True)

    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED
    assert emails("endorsement_approved") == []


def test_decision_counts_abstentions_but_not_recusals_towards_the_quorum(
    staff, committee_member, north
):
    application = submitted_application()
    ready_for_decision(application, votes=2)
    Vote.objects.filter(application=application).update(choice="abstain")
    Vote.objects.create(application=application, member=committee_member, choice="recused")

    with pytest.raises(ReviewError, match="2 of the 3 committee votes"):
        decision_make(application=application, by=staff, approve=True)

    Vote.objects.filter(member=committee_member).update(choice="abstain")
    decision_make(application=Application.objects.get(pk=application.pk), by=staff, approve=True)
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPROVED


def test_decision_before_the_quorum_with_a_staff_reason_is_recorded(staff, north):
    application = submitted_application()

    decision_make(
        application=application, by=staff, approve=True, override_reason="Filing closes tomorrow."
    )

    event = ApplicationEvent.objects.filter(
        application=application, kind=ApplicationEventKind.DECIDED
    ).get()
    assert "Filing closes tomorrow." in event.note
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPROVED
