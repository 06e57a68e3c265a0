"""Rows of the permission matrix (tests/rfs/test_permissions.py) for these pages:
url name -> (kwargs builder taking the persona getter, expected status per persona)."""

from tests.conftest import PERSONAS

# The candidate's own pages: signed-in people without a candidate record get the same
# 404 as for a page that does not exist.
CANDIDATE_ONLY = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "candidate_user": 200}
# Buttons' targets answer GET with 405 to everyone signed in.
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "anonymous": 302}
# The filing evidence file: its candidate, committee members, the region's director and
# national staff; everyone else the same 404 as for a missing file.
EVIDENCE = {
    **dict.fromkeys(PERSONAS, 404),
    "anonymous": 302,
    "candidate_user": 200,
    "committee_member": 200,
    "director": 200,
    "staff": 200,
}


def draft(persona) -> dict:
    """The North candidate has an application in progress in an open cycle."""
    from tests.factories.endorsements import ApplicationFactory, CycleFactory

    ApplicationFactory(
        candidate=persona("candidate_user").candidate, cycle=CycleFactory(name="Matrix round")
    )
    return {"step": "race"}


def evidence(persona) -> dict:
    """A PDF with the North candidate's submitted application."""
    from tests.factories.endorsements import (
        ApplicationFactory,
        FilingEvidenceFactory,
        private_storage_for_matrix,
    )

    private_storage_for_matrix()
    application = ApplicationFactory(candidate=persona("candidate_user").candidate, submitted=True)
    return {"pk": FilingEvidenceFactory(application=application).pk}


def draft_evidence(persona) -> dict:
    """A PDF with the North candidate's application still in progress."""
    from tests.factories.endorsements import (
        ApplicationFactory,
        FilingEvidenceFactory,
        private_storage_for_matrix,
    )

    private_storage_for_matrix()
    application = ApplicationFactory(candidate=persona("candidate_user").candidate)
    return {"pk": FilingEvidenceFactory(application=application).pk}


def explanation(persona) -> dict:
    """A question put to the North candidate about their submitted application."""
    from django.utils import timezone

    from endorsements.models import ResearchItem
    from tests.factories.endorsements import ApplicationFactory

    application = ApplicationFactory(candidate=persona("candidate_user").candidate, submitted=True)
    item = ResearchItem.objects.create(
        application=application,
        kind="public_records",
        explanation_question="Tell us about the lawsuit.",
        explanation_requested_at=timezone.now(),
    )
    return {"pk": item.pk}


MATRIX: dict = {
    # The candidate's endorsement home: eligibility, referrals or their application.
    "endorsements:eligibility": (lambda persona: {}, CANDIDATE_ONLY),
    "endorsements:apply_start": (lambda persona: {}, POST_ONLY),
    # A step of their draft; without one the candidate is sent to their endorsement home.
    "endorsements:apply_step": (draft, CANDIDATE_ONLY),
    "endorsements:evidence_remove": (lambda persona: {"pk": 1}, POST_ONLY),
    "endorsements:evidence": (evidence, EVIDENCE),
    # Only the candidate the question was put to answers it.
    "endorsements:explain": (explanation, CANDIDATE_ONLY),
}

# Further cases of the URLs above ("<url name>#<case>"), run by the same matrix test.
MORE_CASES: dict = {
    # A draft's file: only its candidate, as the review shows no draft to anyone.
    "endorsements:evidence#draft": (draft_evidence, CANDIDATE_ONLY),
}
