"""The endorsements app's part of a candidate's data export and erasure (candidates.privacy).

The export holds what the candidate wrote and sent us (their applications, files by
name, their answers to our questions) and what we told them (status, decision reason).
The review itself (votes, the director's recommendation, research findings) is an
internal evaluation: described in the export's "not included", never copied here.
"""

import logging
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from candidates.models import Candidate

from .enums import ApplicationStatus
from .models import Application, Endorsement, FilingEvidence, ResearchItem
from .questionnaire import QUESTIONS

logger = logging.getLogger(__name__)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _answers(answers: dict) -> list[dict[str, str]]:
    labels = {question.key: str(question.label) for question in QUESTIONS}
    ordered = [key for key in labels if key in answers] + [
        key for key in answers if key not in labels
    ]
    return [{"question": labels.get(key, key), "answer": answers[key]} for key in ordered]


def export_sections(candidate: Candidate) -> dict[str, Any]:
    """Their endorsement applications, in their own words: four queries however many."""
    applications = (
        Application.objects.filter(candidate=candidate)
        .select_related("cycle", "race")
        .prefetch_related(
            Prefetch("evidence", queryset=FilingEvidence.objects.order_by("uploaded_at", "pk")),
            Prefetch(
                "research",
                queryset=ResearchItem.objects.filter(explanation_requested_at__isnull=False)
                .only(
                    "pk",
                    "application_id",
                    "explanation_question",
                    "explanation_requested_at",
                    "explanation",
                    "explained_at",
                )
                .order_by("explanation_requested_at", "pk"),
                to_attr="questions_put",
            ),
        )
        .order_by("created_at", "pk")
    )
    return {
        "endorsement_applications": [
            {
                "round": application.cycle.name,
                "status": _label(ApplicationStatus, application.status),
                "started": _iso(application.created_at),
                "submitted": _iso(application.submitted_at),
                "decision_due": _iso(application.decision_due_on),
                "decided": _iso(application.decided_at),
                "decision_reason": application.decision_reason,
                "race": str(application.race) if application.race else None,
                "about_the_district": application.district_description,
                "seats_up": application.seats,
                "incumbent": application.incumbent,
                "opponents": application.opponents,
                "campaign_plan": {
                    "budget_usd": application.budget,
                    "raised_so_far_usd": application.raised_so_far,
                    "team": application.team,
                    "win_number": application.win_number,
                    "path_to_victory": application.path_to_victory,
                },
                "questionnaire": _answers(application.answers or {}),
                "links": {
                    "website": application.website,
                    "donation": application.donation_url,
                    "social_media": list(application.social_links or []),
                    "list_publicly_if_endorsed": application.list_publicly,
                },
                "filing_evidence": [
                    {
                        "file_name": evidence.original_name,
                        "type": evidence.content_type,
                        "size_bytes": evidence.size,
                        "uploaded": _iso(evidence.uploaded_at),
                    }
                    for evidence in application.evidence.all()
                ],
                # The questions we put to them and their answers; never the findings behind them.
                "questions_we_asked_you": [
                    {
                        "question": item.explanation_question,
                        "asked": _iso(item.explanation_requested_at),
                        "your_answer": item.explanation,
                        "answered": _iso(item.explained_at),
                    }
                    for item in application.questions_put
                ],
            }
            for application in applications
        ],
    }


def candidate_erasing(*, candidate: Candidate) -> None:
    """Called (through rfs.registry.erasers) by candidates.privacy.candidate_erase before the rows go: removes files that
    a database cascade would leave on disk (filing evidence in private storage, endorsed
    candidates' photos). The files go after commit, so a failed erasure keeps them."""
    evidence_storage = FilingEvidence._meta.get_field("file").storage
    photo_storage = Endorsement._meta.get_field("photo").storage
    files = [
        (evidence_storage, name)
        for name in FilingEvidence.objects.filter(application__candidate=candidate).values_list(
            "file", flat=True
        )
    ] + [
        (photo_storage, name)
        for name in Endorsement.objects.filter(candidate=candidate)
        .exclude(photo="")
        .values_list("photo", flat=True)
    ]

    def delete_files() -> None:
        for storage, name in files:
            if not name:
                continue
            try:
                storage.delete(name)
            except OSError:
                logger.warning("Could not delete %s after an erasure", name, exc_info=True)

    if files:
        transaction.on_commit(delete_files)


def audited_records(candidate: Candidate) -> dict[type, list[int]]:
    """The candidate's records that django-auditlog logs changes of (rfs settings,
    AUDITLOG_INCLUDE_TRACKING_MODELS): an erasure scrubs their change rows."""
    return {
        Application: list(
            Application.objects.filter(candidate=candidate).values_list("pk", flat=True)
        )
    }
