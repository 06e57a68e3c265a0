"""The candidate's endorsement pages: home, the application's steps, filing evidence,
the question put to them, and what My journey says."""

import sys
import types
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from candidates.enums import Stage
from candidates.services import candidate_move
from endorsements.enums import ApplicationStatus
from endorsements.models import Application, FilingEvidence, ResearchItem
from endorsements.questionnaire import QUESTIONS
from endorsements.services.applications import application_start, application_submit, evidence_add
from rfs.enums import Role
from tests.factories import CandidateFactory, UserFactory
from tests.factories.endorsements import (
    PDF_BYTES,
    ApplicationFactory,
    CycleFactory,
    FilingEvidenceFactory,
    PartnerOrganizationFactory,
    make_eligible,
    png_bytes,
    use_tmp_private_storage,
)

pytestmark = pytest.mark.django_db

HOME = reverse("endorsements:eligibility")


def step_url(step: str) -> str:
    return reverse("endorsements:apply_step", args=[step])


@pytest.fixture(autouse=True)
def private_files(settings, monkeypatch, tmp_path):
    path = tmp_path / "private"
    use_tmp_private_storage(settings, monkeypatch, path)
    return path


@pytest.fixture
def cycle(db):
    return CycleFactory(name="This round")


@pytest.fixture
def candidate(candidate_user, cycle):
    return make_eligible(candidate_user.candidate)


@pytest.fixture
def signed_in(client, candidate):
    client.force_login(candidate.user)
    return client


@pytest.fixture
def draft(candidate, cycle):
    return application_start(candidate=candidate, cycle=cycle)


def full_draft(candidate, cycle) -> Application:
    application = ApplicationFactory(
        candidate=candidate,
        cycle=cycle,
        race=candidate.races.get(),
        team="Me and friends",
        answers={question.key: "An answer." for question in QUESTIONS},
    )
    FilingEvidenceFactory(application=application)
    return application


def body(response) -> str:
    return response.content.decode()


# --- The endorsement home -------------------------------------------------------------------


def test_home_eligible_offers_the_application(signed_in, cycle):
    response = signed_in.get(HOME)

    assert response.context["status"].state == "eligible"
    assert "Start your application" in body(response)
    assert reverse("endorsements:apply_start") in body(response)


def test_home_not_eligible_lists_every_reason_and_partners(client, candidate_user, cycle):
    client.force_login(candidate_user)

    response = client.get(HOME)

    text = body(response)
    assert "Tell us about your race first" in text
    assert "Join one of our weekly intro calls first" in text
    assert "date of birth" in text
    assert "National Democratic Training Committee" in text
    assert "Start your application" not in text


def test_home_outside_a_cycle_says_when_the_next_opens(signed_in, cycle):
    cycle.opens_on = timezone.localdate() + timedelta(days=20)
    cycle.save()

    response = signed_in.get(HOME)

    opens = cycle.opens_on
    assert f"The next round opens on {opens:%B} {opens.day}, {opens.year}" in body(response)


@pytest.mark.parametrize("count", [1, 3])
def test_home_queries_do_not_grow_with_partners(
    client, candidate_user, cycle, count, django_assert_num_queries
):
    for n in range(count):
        PartnerOrganizationFactory(
            name=f"Local {n}",
            slug=f"local-{n}",
            scope="state",
            states=["NY"],
            focus=["state_local"],
        )
    client.force_login(candidate_user)

    # user with roles (read once for the two-factor check and the permission), the
    # candidate with region and user, the cycle, their latest application, their races,
    # their details with intro calls and applications, their demographics, the directory.
    with django_assert_num_queries(8):
        response = client.get(HOME)

    assert (
        sum(partner.slug.startswith("local-") for partner in response.context["partners"]) == count
    )


def test_home_with_a_draft_offers_to_continue(signed_in, draft):
    response = signed_in.get(HOME)

    assert "Finish your application" in body(response)
    assert step_url("race") in body(response)


def test_home_submitted_says_what_happens_next_and_by_when(signed_in, candidate, cycle):
    application = application_submit(application=full_draft(candidate, cycle), by=candidate.user)

    response = signed_in.get(HOME)

    due = application.decision_due_on
    assert "We're reviewing your application" in body(response)
    assert f"by {due:%B} {due.day}, {due.year}" in body(response)


def test_home_declined_shows_the_reason_and_apply_again(signed_in, candidate, cycle):
    application = application_submit(application=full_draft(candidate, cycle), by=candidate.user)
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.DECLINED, decision_reason="Build your team first."
    )
    candidate_move(candidate=candidate, to_stage=Stage.NOT_ENDORSED, by=None)

    response = signed_in.get(HOME)

    assert "Build your team first." in body(response)
    assert "Apply again" in body(response)


def test_home_endorsed_congratulates(signed_in, candidate, cycle):
    ApplicationFactory(
        candidate=candidate, cycle=cycle, race=candidate.races.get(), status="approved"
    )

    assert "You're endorsed! Congratulations." in body(signed_in.get(HOME))


def test_home_never_shows_the_review(signed_in, candidate, cycle, staff):
    from endorsements.models import DirectorRecommendation, Vote

    application = application_submit(application=full_draft(candidate, cycle), by=candidate.user)
    DirectorRecommendation.objects.create(
        application=application, recommendation="decline", text="SECRET RECOMMENDATION"
    )
    Vote.objects.create(
        application=application, member=staff, choice="decline", comment="SECRET VOTE"
    )
    ResearchItem.objects.create(
        application=application, kind="social_media", finding="SECRET FINDING"
    )

    assert "SECRET" not in body(signed_in.get(HOME))


# --- Starting -------------------------------------------------------------------------------------


def test_apply_start_makes_a_draft_and_opens_the_first_step(signed_in, candidate):
    response = signed_in.post(reverse("endorsements:apply_start"))

    assert response["Location"] == step_url("race")
    assert Application.objects.get(candidate=candidate).status == ApplicationStatus.DRAFT


def test_apply_start_twice_keeps_one_draft(signed_in, candidate):
    signed_in.post(reverse("endorsements:apply_start"))
    signed_in.post(reverse("endorsements:apply_start"))

    assert Application.objects.filter(candidate=candidate).count() == 1


def test_apply_start_not_eligible_says_why(client, candidate_user, cycle):
    client.force_login(candidate_user)

    response = client.post(reverse("endorsements:apply_start"), follow=True)

    assert response.redirect_chain[-1][0] == HOME
    assert "Tell us about your race first" in body(response)
    assert Application.objects.count() == 0


# --- The steps ------------------------------------------------------------------------------------


def test_apply_step_unknown_is_404(signed_in, draft):
    assert signed_in.get(step_url("payment")).status_code == 404


def test_apply_step_without_a_draft_goes_home(signed_in):
    assert signed_in.get(step_url("race"))["Location"] == HOME


def test_apply_step_shows_the_progress(signed_in, draft):
    response = signed_in.get(step_url("plan"))

    text = body(response)
    assert "Step 3 of 6" in text
    assert 'aria-current="step"' in text
    assert [item["current"] for item in response.context["progress"]] == [
        False,
        False,
        True,
        False,
        False,
        False,
    ]


def test_apply_step_saves_and_moves_on(signed_in, draft):
    response = signed_in.post(
        step_url("race"),
        {
            "race": draft.race_id,
            "district_description": "Renters near the river",
            "seats": "1",
            "incumbent": "",
            "opponents": "",
            "action": "next",
        },
        follow=True,
    )

    assert response.redirect_chain[-1][0] == step_url("filing")
    assert "Saved. You can come back any time." in body(response)
    draft.refresh_from_db()
    assert (draft.district_description, draft.seats, draft.step) == (
        "Renters near the river",
        1,
        "filing",
    )


@pytest.mark.parametrize(
    ("action", "to"), [("back", "filing"), ("save", "plan"), ("next", "questionnaire")]
)
def test_apply_step_buttons(signed_in, draft, action, to):
    response = signed_in.post(step_url("plan"), {"budget": "1000", "action": action})

    assert response["Location"] == step_url(to)


def test_apply_step_button_named_in_the_address(signed_in, draft):
    """The base JavaScript disables a form's buttons on submit, so a button's own value
    is not sent: each button also names its action in its ``formaction``."""
    response = signed_in.post(step_url("plan") + "?action=back", {"budget": "1000"})

    assert response["Location"] == step_url("filing")
    assert 'formaction="?action=back"' in body(signed_in.get(step_url("plan")))


def test_apply_step_bad_input_keeps_what_was_typed(signed_in, draft):
    response = signed_in.post(
        step_url("plan"),
        {
            "budget": "lots",
            "team": "My sister and me",
            "win_number": "-4",
            "path_to_victory": "Every door.",
            "action": "next",
        },
    )

    text = body(response)
    assert response.status_code == 200
    assert "Enter a whole number." in text
    assert "Ensure this value is greater than or equal to 1." in text
    assert "My sister and me" in text
    assert 'value="lots"' in text
    draft.refresh_from_db()
    assert (draft.team, draft.budget) == ("", None)


def test_apply_step_questionnaire_saves_answers(signed_in, draft):
    answers = {question.key: f"Answer {n}" for n, question in enumerate(QUESTIONS)}

    signed_in.post(step_url("questionnaire"), {**answers, "action": "save"})

    draft.refresh_from_db()
    assert draft.answers == answers
    assert "Answer 0" in body(signed_in.get(step_url("questionnaire")))


def test_apply_step_links_one_per_line(signed_in, draft):
    signed_in.post(
        step_url("links"),
        {
            "website": "casey.example.org",
            "social_links": "https://social.example/casey\ninstagram.com/casey",
            "list_publicly": "on",
            "action": "next",
        },
    )

    draft.refresh_from_db()
    assert (draft.website, draft.social_links, draft.list_publicly) == (
        "https://casey.example.org",
        ["https://social.example/casey", "https://instagram.com/casey"],
        True,
    )


def test_apply_step_links_refuses_a_line_that_is_not_a_link(signed_in, draft):
    response = signed_in.post(
        step_url("links"), {"social_links": "my insta is @casey", "action": "next"}
    )

    assert "doesn&#x27;t look like a link" in body(response)
    assert "my insta is @casey" in body(response)


# --- Filing evidence -----------------------------------------------------------------------------


def test_filing_step_uploads_and_lists_the_file(signed_in, draft):
    upload = SimpleUploadedFile("receipt.pdf", PDF_BYTES, content_type="application/pdf")

    response = signed_in.post(
        step_url("filing"), {"upload": upload, "action": "upload"}, follow=True
    )

    evidence = draft.evidence.get()
    assert (evidence.original_name, evidence.content_type) == ("receipt.pdf", "application/pdf")
    text = body(response)
    assert "Added “receipt.pdf”." in text
    assert reverse("endorsements:evidence", args=[evidence.pk]) in text
    assert reverse("endorsements:evidence_remove", args=[evidence.pk]) in text


def test_filing_step_refuses_a_bad_file_on_the_field(signed_in, draft):
    upload = SimpleUploadedFile(
        "receipt.pdf", b"<html><body>not a pdf</body></html>", content_type="application/pdf"
    )

    response = signed_in.post(step_url("filing"), {"upload": upload, "action": "next"})

    assert response.status_code == 200
    assert "this file is none of those, whatever its name says" in body(response)
    assert response.context["form"].errors["upload"]
    assert FilingEvidence.objects.count() == 0


def test_filing_step_upload_without_a_file_asks_for_one(signed_in, draft):
    response = signed_in.post(step_url("filing"), {"action": "upload"})

    assert "Please choose a file first." in body(response)


def test_filing_step_next_without_a_file_moves_on(signed_in, draft):
    assert signed_in.post(step_url("filing"), {"action": "next"})["Location"] == step_url("plan")


def test_evidence_remove_deletes_the_file(signed_in, draft, candidate):
    evidence = evidence_add(
        application=draft, upload=SimpleUploadedFile("a.png", png_bytes()), by=candidate.user
    )

    response = signed_in.post(reverse("endorsements:evidence_remove", args=[evidence.pk]))

    assert response["Location"] == step_url("filing")
    assert FilingEvidence.objects.count() == 0


def test_evidence_remove_someone_elses_file_is_404(signed_in, draft, north):
    other = FilingEvidenceFactory(
        application=ApplicationFactory(candidate=CandidateFactory(state="NY"))
    )

    assert (
        signed_in.post(reverse("endorsements:evidence_remove", args=[other.pk])).status_code == 404
    )
    assert FilingEvidence.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("count", [1, 3])
def test_filing_step_queries_do_not_grow_with_files(
    signed_in, draft, count, django_assert_num_queries
):
    FilingEvidenceFactory.create_batch(count, application=draft)

    # user with roles (read once for the two-factor check and the permission), the
    # candidate, the draft with its cycle, race and earlier application, the files.
    with django_assert_num_queries(4):
        response = signed_in.get(step_url("filing"))

    assert len(response.context["evidence"]) == count


# --- Review and submit -----------------------------------------------------------------------------


def test_review_shows_what_is_missing(signed_in, draft):
    response = signed_in.get(step_url("review"))

    text = body(response)
    assert "Upload at least one file that shows you&#x27;ve started filing." in text
    assert "Send my application" in text


@pytest.mark.parametrize("count", [1, 3])
def test_review_queries_do_not_grow_with_files(
    signed_in, candidate, cycle, count, django_assert_num_queries
):
    application = full_draft(candidate, cycle)
    FilingEvidenceFactory.create_batch(count - 1, application=application)

    # user with roles (read once for the two-factor check and the permission), the
    # candidate, the draft with its cycle, race and earlier application, the files.
    with django_assert_num_queries(4):
        response = signed_in.get(step_url("review"))

    assert len(response.context["evidence"]) == count
    assert "Me and friends" in body(response)


def test_review_submit_sends_it(signed_in, candidate, cycle, django_capture_on_commit_callbacks):
    application = full_draft(candidate, cycle)

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(step_url("review"), {"action": "submit"}, follow=True)

    assert response.redirect_chain[-1][0] == HOME
    assert "Your application is in!" in body(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    # A second click finds nothing left to send: no second application, no error.
    assert signed_in.post(step_url("review"), {"action": "submit"})["Location"] == HOME


def test_review_submit_with_parts_missing_stays(signed_in, draft):
    response = signed_in.post(step_url("review"), {"action": "submit"})

    assert response.status_code == 200
    assert "Almost there! A few parts still need you." in body(response)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


# --- The filing evidence file ---------------------------------------------------------------------


@pytest.fixture
def submitted_evidence(candidate, cycle):
    return FilingEvidenceFactory(
        application=ApplicationFactory(candidate=candidate, cycle=cycle, submitted=True)
    )


def test_evidence_served_to_its_candidate_as_a_download(signed_in, submitted_evidence):
    response = signed_in.get(reverse("endorsements:evidence", args=[submitted_evidence.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="filing receipt.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; img-src 'self'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_evidence_image_opens_inline_under_its_real_type(signed_in, candidate, cycle):
    application = application_start(candidate=candidate, cycle=cycle)
    evidence = evidence_add(
        application=application,
        upload=SimpleUploadedFile("ballot.pdf", png_bytes()),
        by=candidate.user,
    )

    response = signed_in.get(reverse("endorsements:evidence", args=[evidence.pk]))

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="ballot.png"'


@pytest.mark.parametrize(
    ("persona_name", "status"),
    [
        ("director", 200),
        ("committee_member", 200),
        ("staff", 200),
        ("other_director", 404),
        ("screener", 404),
        ("mentor", 404),
    ],
)
def test_evidence_only_for_people_who_may_review(
    client, persona, submitted_evidence, persona_name, status
):
    client.force_login(persona(persona_name))

    assert (
        client.get(reverse("endorsements:evidence", args=[submitted_evidence.pk])).status_code
        == status
    )


@pytest.mark.parametrize(
    ("persona_name", "status"),
    [
        ("director", 404),
        ("committee_member", 404),
        ("staff", 404),
        ("other_director", 404),
        ("screener", 404),
        ("mentor", 404),
    ],
)
def test_evidence_of_a_draft_only_for_its_candidate(
    client, persona, candidate, cycle, persona_name, status
):
    # The review page answers 404 for a draft, so its evidence must too.
    draft_evidence = FilingEvidenceFactory(
        application=ApplicationFactory(candidate=candidate, cycle=cycle)
    )
    client.force_login(persona(persona_name))

    assert (
        client.get(reverse("endorsements:evidence", args=[draft_evidence.pk])).status_code == status
    )


def test_evidence_of_a_draft_served_to_its_candidate(signed_in, candidate, cycle):
    draft_evidence = FilingEvidenceFactory(
        application=ApplicationFactory(candidate=candidate, cycle=cycle)
    )

    assert (
        signed_in.get(reverse("endorsements:evidence", args=[draft_evidence.pk])).status_code == 200
    )


def test_evidence_of_another_candidate_is_404(client, submitted_evidence, north):
    client.force_login(CandidateFactory(state="NY").user)

    assert (
        client.get(reverse("endorsements:evidence", args=[submitted_evidence.pk])).status_code
        == 404
    )


def test_evidence_missing_or_gone_from_disk_is_404(signed_in, submitted_evidence, private_files):
    (private_files / submitted_evidence.file.name).unlink()

    assert (
        signed_in.get(reverse("endorsements:evidence", args=[submitted_evidence.pk])).status_code
        == 404
    )
    assert signed_in.get(reverse("endorsements:evidence", args=[999999])).status_code == 404


def test_evidence_is_never_under_the_public_media_url(
    client, submitted_evidence, settings, private_files
):
    assert submitted_evidence.file.path.startswith(str(private_files))
    assert not submitted_evidence.file.path.startswith(str(settings.MEDIA_ROOT))
    assert client.get(f"/media/{submitted_evidence.file.name}").status_code == 404


# --- A question put to the candidate ----------------------------------------------------------------


@pytest.fixture
def question(candidate, cycle):
    application = ApplicationFactory(candidate=candidate, cycle=cycle, submitted=True)
    return ResearchItem.objects.create(
        application=application,
        kind="public_records",
        finding="SECRET FINDING: a 2019 civil suit",
        explanation_question="Could you tell us about a lawsuit from 2019?",
        explanation_requested_at=timezone.now(),
    )


@pytest.fixture
def explanation_give(monkeypatch):
    """Stands in for endorse_review's ``services.reviews.explanation_give``: records the
    call, or raises the error it is given."""
    calls = []

    def give(*, item, candidate, text):
        if text == "refuse":
            raise ValueError("The committee has already decided.")
        calls.append((item.pk, candidate.pk, text))

    try:
        from endorsements.services import reviews
    except ImportError:
        reviews = types.ModuleType("endorsements.services.reviews")
        monkeypatch.setitem(sys.modules, "endorsements.services.reviews", reviews)
    monkeypatch.setattr(reviews, "explanation_give", give, raising=False)
    return calls


def test_explain_shows_the_question_never_the_finding(signed_in, question):
    response = signed_in.get(reverse("endorsements:explain", args=[question.pk]))

    assert "Could you tell us about a lawsuit from 2019?" in body(response)
    assert "SECRET" not in body(response)


def test_explain_sends_the_answer(signed_in, question, candidate, explanation_give):
    response = signed_in.post(
        reverse("endorsements:explain", args=[question.pk]), {"text": "It was settled."}
    )

    assert response["Location"] == HOME
    assert explanation_give == [(question.pk, candidate.pk, "It was settled.")]


def test_explain_refused_shows_why_and_keeps_the_answer(signed_in, question, explanation_give):
    response = signed_in.post(
        reverse("endorsements:explain", args=[question.pk]), {"text": "refuse"}
    )

    assert "The committee has already decided." in body(response)
    assert "refuse</textarea>" in body(response)


def test_explain_empty_answer_is_a_field_error(signed_in, question, explanation_give):
    response = signed_in.post(reverse("endorsements:explain", args=[question.pk]), {"text": ""})

    assert response.context["form"].errors["text"]
    assert explanation_give == []


def test_explain_other_items_are_404(client, signed_in, question, north):
    not_asked = ResearchItem.objects.create(application=question.application, kind="social_media")
    assert signed_in.get(reverse("endorsements:explain", args=[not_asked.pk])).status_code == 404

    client.force_login(CandidateFactory(state="NY").user)
    assert client.get(reverse("endorsements:explain", args=[question.pk])).status_code == 404


def test_home_links_the_question(signed_in, question):
    assert reverse("endorsements:explain", args=[question.pk]) in body(signed_in.get(HOME))


# --- My journey -------------------------------------------------------------------------------------


def journey(client):
    return client.get(reverse("candidates:journey"))


def test_journey_eligible_points_to_the_application(signed_in):
    response = journey(signed_in)

    assert response.context["step"].title == "Apply for our endorsement"
    assert response.context["step"].url == HOME


def test_journey_draft_says_finish(signed_in, draft):
    step = journey(signed_in).context["step"]

    assert (step.title, step.url) == ("Finish your application", step_url("race"))


def test_journey_applied_promises_a_date(signed_in, candidate, cycle):
    application = application_submit(application=full_draft(candidate, cycle), by=candidate.user)

    response = journey(signed_in)

    due = application.decision_due_on
    assert response.context["step"].title == "We're reviewing your application"
    assert f"by {due:%B} {due.day}, {due.year}" in response.context["step"].text
    assert "Your application is with our review team" in body(response)


def test_journey_question_put_to_them_comes_first(signed_in, question):
    step = journey(signed_in).context["step"]

    assert (step.title, step.url) == (
        "We have a question for you",
        reverse("endorsements:explain", args=[question.pk]),
    )


def test_journey_endorsed(signed_in, candidate, cycle):
    ApplicationFactory(
        candidate=candidate, cycle=cycle, race=candidate.races.get(), status="approved"
    )
    candidate_move(candidate=candidate, to_stage=Stage.APPLIED, by=None)
    candidate_move(candidate=candidate, to_stage=Stage.ENDORSED, by=None)

    assert journey(signed_in).context["step"].title == "You're endorsed!"


def test_journey_running_outside_a_cycle_keeps_the_race_up_to_date(signed_in, cycle):
    cycle.delete()

    step = journey(signed_in).context["step"]

    assert step.title == "Keep your race up to date"
    assert "open in rounds" in step.text


def test_journey_running_not_eligible_points_to_what_is_needed(signed_in, candidate):
    candidate.races.update(level="statewide")

    assert journey(signed_in).context["step"].title == "See what's needed for our endorsement"


def test_journey_next_step_reads_what_the_card_read(
    signed_in, candidate, django_assert_max_num_queries
):
    from candidates.journey import next_step
    from endorsements.journey import journey_context

    journey_context(candidate)
    with django_assert_max_num_queries(0):
        next_step(candidate)


def test_journey_card_reads_a_fixed_number_of_queries(candidate, cycle, django_assert_num_queries):
    from endorsements.journey import journey_context

    # Running, no application: the cycle (into the cache), their latest application,
    # their races, their details.
    with django_assert_num_queries(4):
        assert journey_context(candidate)["endorsement"].state == "eligible"
    application = application_submit(application=full_draft(candidate, cycle), by=candidate.user)
    for n in range(3):
        ResearchItem.objects.create(
            application=application,
            kind=["public_records", "social_media", "campaign_finance"][n],
            explanation_question=f"Question {n}",
            explanation_requested_at=timezone.now(),
        )
    candidate.refresh_from_db()
    # Applied: their application, the questions put to them (My journey keeps the
    # cycles in the cache since the first call).
    with django_assert_num_queries(2):
        assert len(journey_context(candidate)["endorsement"].pending_explanations) == 3


def test_journey_reads_the_races_once_for_the_page_and_the_endorsement_rules(signed_in, candidate):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = journey(signed_in)

    assert response.context["endorsement"].state == "eligible"
    assert response.context["current_race"] == candidate.races.get()
    race_reads = [
        query
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "candidates_race"')
    ]
    assert len(race_reads) == 1


def test_journey_of_someone_not_yet_running_reads_nothing(
    candidate_user, cycle, django_assert_num_queries
):
    from endorsements.journey import journey_context

    with django_assert_num_queries(0):
        assert journey_context(candidate_user.candidate) == {"endorsement": None}


def test_non_candidates_get_404(client, cycle):
    client.force_login(UserFactory(roles=[Role.MENTOR]))

    assert client.get(HOME).status_code == 404
