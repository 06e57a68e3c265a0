"""The application's services: start, steps, filing evidence, submit, withdraw; and the
app's part of the data export, erasure and demo data."""

from datetime import UTC, date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from candidates.enums import Stage
from candidates.models import Candidate
from candidates.services import candidate_move, candidate_set_activity
from endorsements import demo, privacy
from endorsements.eligibility import ReasonCode
from endorsements.enums import ApplicationEventKind, ApplicationStatus, ApplicationStep
from endorsements.models import Application, FilingEvidence
from endorsements.questionnaire import QUESTIONS
from endorsements.services.applications import (
    MAX_EVIDENCE_FILES,
    ApplicationError,
    application_save_step,
    application_start,
    application_submit,
    application_withdraw,
    evidence_add,
    evidence_remove,
)
from endorsements.uploads import UploadError
from rfs.models import OutboundEmail
from tests.factories import CandidateFactory, RaceFactory
from tests.factories.endorsements import (
    PDF_BYTES,
    CycleFactory,
    FilingEvidenceFactory,
    make_eligible,
    png_bytes,
    use_tmp_private_storage,
)

pytestmark = pytest.mark.django_db

ANSWERS = {question.key: f"My answer to {question.key}." for question in QUESTIONS}


@pytest.fixture(autouse=True)
def private_files(settings, monkeypatch, tmp_path):
    path = tmp_path / "private"
    use_tmp_private_storage(settings, monkeypatch, path)
    return path


@pytest.fixture
def cycle(db):
    return CycleFactory(name="This round", decision_days=30)


@pytest.fixture
def candidate(candidate_user, cycle):
    return make_eligible(candidate_user.candidate)


def pdf(name: str = "receipt.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def complete(application: Application) -> Application:
    """Fill in every step of a draft and add one file."""
    candidate = application.candidate
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
    evidence_add(application=application, upload=pdf(), by=candidate.user)
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
        application=application, step="questionnaire", data={"answers": ANSWERS}
    )
    return application_save_step(
        application=application,
        step="links",
        data={
            "website": "https://casey.example.org",
            "donation_url": "",
            "social_links": ["https://social.example/casey"],
            "list_publicly": True,
        },
    )


# --- Starting -------------------------------------------------------------------------------


def test_application_start_makes_a_draft_on_the_current_race(candidate, cycle):
    application = application_start(candidate=candidate, cycle=cycle)

    assert (application.status, application.step, application.race) == (
        ApplicationStatus.DRAFT,
        ApplicationStep.RACE,
        candidate.races.get(),
    )
    assert application.previous is None
    assert list(application.events.values_list("kind", "by")) == [
        (ApplicationEventKind.STARTED, candidate.user.pk)
    ]


def test_application_start_twice_returns_the_same_draft(candidate, cycle):
    first = application_start(candidate=candidate, cycle=cycle)

    assert application_start(candidate=candidate, cycle=cycle) == first
    assert Application.objects.count() == 1


def test_application_start_refuses_with_every_reason(candidate_user, cycle):
    candidate = candidate_user.candidate

    with pytest.raises(ApplicationError) as refused:
        application_start(candidate=candidate, cycle=cycle)

    assert [reason.code for reason in refused.value.reasons] == [
        ReasonCode.NO_RACE,
        ReasonCode.NO_INTRO_CALL,
        ReasonCode.NO_BIRTH_DATE,
    ]
    assert Application.objects.count() == 0


def test_application_start_after_a_decline_carries_answers_and_reason(candidate, cycle):
    declined = complete(application_start(candidate=candidate, cycle=cycle))
    application_submit(application=declined, by=candidate.user)
    Application.objects.filter(pk=declined.pk).update(
        status=ApplicationStatus.DECLINED,
        decision_reason="Show us more of your field plan.",
    )
    candidate_move(candidate=candidate, to_stage=Stage.NOT_ENDORSED, by=None)

    again = application_start(candidate=candidate, cycle=cycle)

    assert again.pk != declined.pk
    assert again.previous == declined
    assert again.answers == ANSWERS
    assert (again.budget, again.team, again.win_number, again.website, again.social_links) == (
        20000,
        "Me and my neighbours",
        3000,
        "https://casey.example.org",
        ["https://social.example/casey"],
    )
    assert again.previous.decision_reason == "Show us more of your field plan."
    # The files stay with the earlier application.
    assert again.evidence.count() == 0


def test_application_reapplying_moves_a_declined_candidate_back_to_applied(candidate, cycle):
    declined = complete(application_start(candidate=candidate, cycle=cycle))
    application_submit(application=declined, by=candidate.user)
    Application.objects.filter(pk=declined.pk).update(status=ApplicationStatus.DECLINED)
    candidate_move(candidate=candidate, to_stage=Stage.NOT_ENDORSED, by=None)

    again = application_start(candidate=candidate, cycle=cycle)
    evidence_add(application=again, upload=pdf(), by=candidate.user)
    application_submit(application=again, by=candidate.user)

    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.APPLIED


# --- Saving steps ---------------------------------------------------------------------------


def test_application_save_step_updates_only_that_steps_fields(candidate, cycle):
    application = application_start(candidate=candidate, cycle=cycle)

    saved = application_save_step(
        application=application,
        step="plan",
        data={
            "budget": 5000,
            "raised_so_far": None,
            "team": "Just me",
            "win_number": 900,
            "path_to_victory": "",
        },
    )

    assert (saved.budget, saved.team, saved.win_number) == (5000, "Just me", 900)
    assert saved.district_description == ""
    assert saved.step == ApplicationStep.QUESTIONNAIRE


def test_application_save_step_keeps_the_furthest_step(candidate, cycle):
    application = complete(application_start(candidate=candidate, cycle=cycle))

    saved = application_save_step(
        application=application, step="race", data={"opponents": "Three now"}
    )

    assert (saved.step, saved.opponents) == (ApplicationStep.REVIEW, "Three now")


def test_application_save_step_merges_known_answers_only(candidate, cycle):
    application = application_start(candidate=candidate, cycle=cycle)
    application_save_step(
        application=application,
        step="questionnaire",
        data={"answers": {"why_running": " Because. "}},
    )

    saved = application_save_step(
        application=application,
        step="questionnaire",
        data={
            "answers": {"values": "Care for each other.", "made_up": "ignored"},
        },
    )

    assert saved.answers == {"why_running": "Because.", "values": "Care for each other."}


def test_application_save_step_refuses_someone_elses_race(candidate, cycle, north):
    application = application_start(candidate=candidate, cycle=cycle)
    stranger = RaceFactory(candidate=CandidateFactory(state="NY"))

    with pytest.raises(ApplicationError):
        application_save_step(application=application, step="race", data={"race": stranger})


def test_application_save_step_refuses_a_field_of_another_step(candidate, cycle):
    application = application_start(candidate=candidate, cycle=cycle)

    with pytest.raises(ValueError, match="don't belong"):
        application_save_step(
            application=application, step="plan", data={"website": "https://x.example"}
        )


def test_application_save_step_refuses_once_submitted(candidate, cycle):
    application = application_submit(
        application=complete(application_start(candidate=candidate, cycle=cycle)), by=candidate.user
    )

    with pytest.raises(ApplicationError, match="can't be changed"):
        application_save_step(application=application, step="plan", data={"budget": 1})


# --- Filing evidence -------------------------------------------------------------------------


def test_evidence_add_keeps_the_file_privately_with_its_detected_type(
    candidate, cycle, private_files
):
    application = application_start(candidate=candidate, cycle=cycle)

    evidence = evidence_add(
        application=application,
        upload=SimpleUploadedFile("ballot.pdf", png_bytes()),
        by=candidate.user,
    )

    assert (evidence.original_name, evidence.content_type, evidence.size) == (
        "ballot.pdf",
        "image/png",
        len(png_bytes()),
    )
    stored = private_files / evidence.file.name
    assert stored.read_bytes() == png_bytes()
    # The stored name says nothing about the person or the file they sent.
    assert "ballot" not in evidence.file.name


def test_evidence_add_refuses_a_bad_file(candidate, cycle):
    application = application_start(candidate=candidate, cycle=cycle)

    with pytest.raises(UploadError):
        evidence_add(
            application=application,
            upload=SimpleUploadedFile("x.pdf", b"<html></html>"),
            by=candidate.user,
        )

    assert FilingEvidence.objects.count() == 0


def test_evidence_add_has_a_limit(candidate, cycle):
    application = application_start(candidate=candidate, cycle=cycle)
    FilingEvidenceFactory.create_batch(MAX_EVIDENCE_FILES, application=application)

    with pytest.raises(ApplicationError, match="Remove one to add another"):
        evidence_add(application=application, upload=pdf(), by=candidate.user)


def test_evidence_remove_deletes_the_row_and_then_the_file(
    candidate, cycle, private_files, django_capture_on_commit_callbacks
):
    application = application_start(candidate=candidate, cycle=cycle)
    evidence = evidence_add(application=application, upload=pdf(), by=candidate.user)
    stored = private_files / evidence.file.name

    with django_capture_on_commit_callbacks(execute=True):
        evidence_remove(evidence=evidence, by=candidate.user)

    assert FilingEvidence.objects.count() == 0
    assert not stored.exists()


def test_evidence_cannot_change_once_submitted(candidate, cycle):
    application = application_submit(
        application=complete(application_start(candidate=candidate, cycle=cycle)), by=candidate.user
    )

    with pytest.raises(ApplicationError):
        evidence_add(application=application, upload=pdf(), by=candidate.user)
    with pytest.raises(ApplicationError):
        evidence_remove(evidence=application.evidence.get(), by=candidate.user)
    assert application.evidence.count() == 1


# --- Submitting -------------------------------------------------------------------------------


def test_application_submit_lists_what_is_missing(candidate, cycle):
    application = application_start(candidate=candidate, cycle=cycle)
    application_save_step(
        application=application, step="questionnaire", data={"answers": {"why_running": "Because."}}
    )

    with pytest.raises(ApplicationError) as refused:
        application_submit(application=application, by=candidate.user)

    assert [(missing.step, missing.message) for missing in refused.value.missing] == [
        ("filing", "Upload at least one file that shows you've started filing."),
        (
            "plan",
            "Add your budget, your team, your win number, your path to victory to your campaign plan.",
        ),
        ("questionnaire", "Answer every question in the questionnaire (5 to go)."),
    ]
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT


def test_application_submit_moves_to_applied_and_emails_once(
    candidate, cycle, django_capture_on_commit_callbacks
):
    application = complete(application_start(candidate=candidate, cycle=cycle))

    with django_capture_on_commit_callbacks(execute=True):
        submitted = application_submit(application=application, by=candidate.user)
    with django_capture_on_commit_callbacks(execute=True):
        again = application_submit(application=application, by=candidate.user)

    assert again.submitted_at == submitted.submitted_at
    assert submitted.status == ApplicationStatus.SUBMITTED
    assert submitted.decision_due_on == timezone.localdate() + timedelta(days=30)
    assert submitted.region == candidate.region
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.APPLIED
    assert list(submitted.events.values_list("kind", flat=True)) == [
        ApplicationEventKind.STARTED,
        ApplicationEventKind.SUBMITTED,
    ]
    assert OutboundEmail.objects.filter(purpose="application_submitted").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert (message.to, message.subject) == (
        [candidate.user.email],
        "We've got your endorsement application",
    )
    due = submitted.decision_due_on
    assert f"by {due:%B} {due.day}, {due.year}" in message.body
    assert "/endorsement/" in message.body


def test_application_submit_checks_eligibility_again(candidate, cycle):
    application = complete(application_start(candidate=candidate, cycle=cycle))
    candidate_set_activity(candidate=candidate, activity="paused", by=candidate.user)

    with pytest.raises(ApplicationError) as refused:
        application_submit(application=application, by=candidate.user)

    assert [reason.code for reason in refused.value.reasons] == [ReasonCode.NOT_ACTIVE]
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.RUNNING


def test_application_submit_refuses_after_the_cycle_closed(candidate, cycle, time_machine):
    application = complete(application_start(candidate=candidate, cycle=cycle))
    # Noon UTC the day after: past the closing day in every US time zone.
    time_machine.move_to(
        datetime.combine(cycle.closes_on + timedelta(days=1), time(12), tzinfo=UTC)
    )

    with pytest.raises(ApplicationError) as refused:
        application_submit(application=application, by=candidate.user)

    assert [reason.code for reason in refused.value.reasons] == [ReasonCode.NO_CYCLE]


# --- Withdrawing -----------------------------------------------------------------------------


def test_application_withdraw_a_submitted_application(candidate, cycle):
    application = application_submit(
        application=complete(application_start(candidate=candidate, cycle=cycle)), by=candidate.user
    )

    withdrawn = application_withdraw(application=application, by=candidate.user)

    assert withdrawn.status == ApplicationStatus.WITHDRAWN
    assert withdrawn.events.last().kind == ApplicationEventKind.WITHDRAWN
    # They may start afresh in the same cycle, with their answers.
    assert application_start(candidate=candidate, cycle=cycle).previous == withdrawn


def test_application_withdraw_refuses_a_decided_application(candidate, cycle):
    application = application_start(candidate=candidate, cycle=cycle)
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.APPROVED)

    with pytest.raises(ApplicationError):
        application_withdraw(application=application, by=candidate.user)


# --- Data export, erasure, demo ---------------------------------------------------------------


def test_export_holds_their_words_and_never_the_review(candidate, cycle, staff):
    from endorsements.models import DirectorRecommendation, ResearchItem, Vote

    application = application_submit(
        application=complete(application_start(candidate=candidate, cycle=cycle)), by=candidate.user
    )
    DirectorRecommendation.objects.create(
        application=application, recommendation="endorse", text="SECRET RECOMMENDATION"
    )
    Vote.objects.create(
        application=application, member=staff, choice="approve", comment="SECRET VOTE"
    )
    ResearchItem.objects.create(
        application=application,
        kind="public_records",
        finding="SECRET FINDING",
        explanation_question="Tell us about the 2019 lawsuit.",
        explanation_requested_at=timezone.now(),
        explanation="It was settled.",
    )

    sections = privacy.export_sections(candidate)

    exported = sections["endorsement_applications"][0]
    assert exported["questionnaire"][0] == {
        "question": str(QUESTIONS[0].label),
        "answer": ANSWERS[QUESTIONS[0].key],
    }
    assert exported["campaign_plan"]["path_to_victory"] == "Doors."
    assert exported["filing_evidence"][0]["file_name"] == "receipt.pdf"
    assert exported["questions_we_asked_you"][0]["your_answer"] == "It was settled."
    assert exported["status"] == "Submitted"
    assert "SECRET" not in str(sections)


def test_erasure_deletes_their_files_after_commit(
    candidate, cycle, private_files, django_capture_on_commit_callbacks
):
    from candidates.privacy import candidate_erase

    application = application_start(candidate=candidate, cycle=cycle)
    stored = (
        private_files
        / evidence_add(application=application, upload=pdf(), by=candidate.user).file.name
    )

    with django_capture_on_commit_callbacks(execute=True):
        candidate_erase(user=candidate.user)

    assert not stored.exists()
    assert FilingEvidence.objects.count() == 0


def test_demo_seed_makes_two_applications_in_review_and_is_idempotent(private_files):
    from rfs.models import Region

    region = Region.objects.create(name="Northeast")
    region.states.create(state="NY")
    candidates = [
        make_eligible(CandidateFactory(state="NY", region=region), date_of_birth=None)
        for _ in range(3)
    ]
    Candidate.objects.filter(pk__in=[c.pk for c in candidates]).update(date_of_birth=None)

    demo.seed(stdout=StringIO())
    demo.seed(stdout=StringIO())

    applications = Application.objects.filter(status=ApplicationStatus.SUBMITTED)
    assert applications.count() == 2
    assert {application.region for application in applications} == {region}
    assert str(date.today().year) in applications.first().cycle.name


# --- Double clicks at the same moment, on PostgreSQL -----------------------------------------


def run_together(count: int, action) -> tuple[list, list[BaseException]]:
    """Run ``action()`` in ``count`` threads released at the same moment."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    results, errors = [], []
    barrier = threading.Barrier(count)

    def attempt(_n) -> None:
        try:
            barrier.wait(timeout=60)
            results.append(action())
        except BaseException as error:  # collected and asserted by the caller
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(attempt, range(count)))
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_application_start_and_submit_clicked_ten_times_at_once_make_one_of_each():
    from django.db import connection

    from tests.conftest import require_service
    from tests.factories import RegionFactory

    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "row locks need a real database"
    )
    RegionFactory(name="North", states=["NY", "MA"])
    cycle = CycleFactory(name="Busy round")
    candidate = make_eligible(CandidateFactory(state="NY"))

    started, errors = run_together(10, lambda: application_start(candidate=candidate, cycle=cycle))

    assert errors == []
    assert {application.pk for application in started} == {Application.objects.get().pk}
    application = complete(started[0])

    submitted, errors = run_together(
        10, lambda: application_submit(application=application, by=candidate.user)
    )

    assert errors == []
    assert {application.status for application in submitted} == {ApplicationStatus.SUBMITTED}
    assert OutboundEmail.objects.filter(purpose="application_submitted").count() == 1
    assert candidate.stage_changes.filter(to_stage=Stage.APPLIED).count() == 1
