"""Writes for a candidate's endorsement application: start, save each step as a draft,
add and remove filing evidence, submit, withdraw.

Eligibility is checked when an application starts and again when it is submitted
(``endorsements.eligibility``). Submitting moves the candidate to ``applied`` through
``candidates.services.candidate_move`` and queues the confirmation email.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.enums import Stage
from candidates.models import Candidate, Race
from candidates.services import candidate_move
from rfs.dates import lazy_day
from rfs.models import User
from rfs.services import email_queue_template

from ..eligibility import Reason, eligibility_for
from ..enums import ApplicationEventKind, ApplicationStatus, ApplicationStep
from ..models import Application, ApplicationEvent, Cycle, FilingEvidence
from ..questionnaire import QUESTION_KEYS, unanswered
from ..uploads import validate_upload

logger = logging.getLogger(__name__)

__all__ = [
    "MAX_EVIDENCE_FILES",
    "STEPS",
    "STEP_FIELDS",
    "ApplicationError",
    "Missing",
    "application_missing",
    "application_save_step",
    "application_start",
    "application_submit",
    "application_withdraw",
    "evidence_add",
    "evidence_remove",
    "step_after",
    "step_before",
]

# The form's steps, in order.
STEPS: list[str] = list(ApplicationStep.values)

# The fields each step saves; the other steps' fields are left as they are.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    ApplicationStep.RACE: ("race", "district_description", "seats", "incumbent", "opponents"),
    ApplicationStep.FILING: (),
    ApplicationStep.PLAN: ("budget", "raised_so_far", "team", "win_number", "path_to_victory"),
    ApplicationStep.QUESTIONNAIRE: ("answers",),
    ApplicationStep.LINKS: ("website", "donation_url", "social_links", "list_publicly"),
    ApplicationStep.REVIEW: (),
}

# What a re-application carries over from the earlier one in the same cycle.
CARRIED_FIELDS = tuple(name for step in STEPS for name in STEP_FIELDS[step] if name != "race")

# Enough for a filing receipt, a petition page or two, a ballot notice.
MAX_EVIDENCE_FILES = 10


class ApplicationError(ValueError):
    """The application can't do that now; the message says why. ``reasons`` holds the
    eligibility rules that failed, ``missing`` the parts still to fill in."""

    def __init__(
        self,
        message: str,
        *,
        reasons: list[Reason] | None = None,
        missing: list["Missing"] | None = None,
    ):
        super().__init__(message)
        self.reasons = reasons or []
        self.missing = missing or []


@dataclass(frozen=True)
class Missing:
    step: str
    message: str


def step_after(step: str) -> str:
    index = STEPS.index(step)
    return STEPS[min(index + 1, len(STEPS) - 1)]


def step_before(step: str) -> str:
    index = STEPS.index(step)
    return STEPS[max(index - 1, 0)]


def _furthest(current: str, reached: str) -> str:
    return max(current, reached, key=STEPS.index)


def _lock(application: Application) -> Application:
    # Only the application's row: submissions in the same cycle must not queue on the cycle's.
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("cycle", "candidate__user")
        .get(pk=application.pk)
    )


def _require_draft(application: Application) -> None:
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationError(
            _("This application has been sent, so it can't be changed any more.")
        )


# --- Starting ------------------------------------------------------------------------------


@transaction.atomic
def application_start(*, candidate: Candidate, cycle: Cycle, by: User | None = None) -> Application:
    """Start (or return) the candidate's draft in the cycle.

    Side effects, in order:
    1. Locks the candidate's row, so two clicks at once make one draft.
    2. Returns their draft in this cycle if there is one (a second click, another tab).
    3. Refuses with every failing eligibility rule (``ApplicationError.reasons``).
    4. Creates the draft on their current race. After a declined (or withdrawn)
       application in the same cycle, the new one points at it (``previous``) and
       starts with its answers, plan and links; the files are uploaded afresh.
    5. Records a ``started`` event.
    """
    Candidate.objects.select_for_update().filter(pk=candidate.pk).first()
    draft = Application.objects.filter(
        candidate=candidate, cycle=cycle, status=ApplicationStatus.DRAFT
    ).first()
    if draft is not None:
        return draft
    eligibility = eligibility_for(candidate, cycle=cycle)
    if not eligibility.eligible:
        raise ApplicationError(
            _("You can't apply just yet: %(reasons)s")
            % {"reasons": " ".join(r.message for r in eligibility.reasons)},
            reasons=eligibility.reasons,
        )
    earlier = (
        Application.objects.filter(
            candidate=candidate,
            cycle=cycle,
            status__in=[ApplicationStatus.DECLINED, ApplicationStatus.WITHDRAWN],
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    carried = {name: getattr(earlier, name) for name in CARRIED_FIELDS} if earlier else {}
    application = Application.objects.create(
        candidate=candidate,
        cycle=cycle,
        previous=earlier,
        race=eligibility.race,
        **carried,
    )
    ApplicationEvent.objects.create(
        application=application,
        kind=ApplicationEventKind.STARTED,
        by=by or candidate.user,
        note=_("Applying again; answers carried over from the earlier application.")
        if earlier
        else "",
    )
    return application


# --- Saving a step ---------------------------------------------------------------------------


def _clean_step_data(application: Application, step: str, data: dict) -> dict:
    allowed = STEP_FIELDS[step]
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValueError(f"Fields {sorted(unknown)} don't belong to the {step} step")
    values = dict(data)
    if "race" in values:
        race = values["race"]
        if race is not None and (
            not isinstance(race, Race)
            or race.candidate_id != application.candidate_id
            or race.result
        ):
            raise ApplicationError(_("Please pick one of your current races."))
    if "answers" in values:
        answers = values["answers"] or {}
        # Known questions only; an answer left out of this save keeps its earlier text.
        values["answers"] = {
            **application.answers,
            **{
                key: str(text or "").strip()
                for key, text in answers.items()
                if key in QUESTION_KEYS
            },
        }
    if "social_links" in values:
        values["social_links"] = [
            str(link).strip() for link in values["social_links"] or [] if str(link).strip()
        ]
    return values


@transaction.atomic
def application_save_step(*, application: Application, step: str, data: dict) -> Application:
    """Save the fields of one step of a draft.

    Side effects, in order:
    1. Locks the application; refuses unless it is still a draft.
    2. Sets the fields of that step from ``data`` (only that step's fields).
    3. Moves ``step`` on to the furthest step reached: the one after the step saved.
    """
    step = ApplicationStep(step)
    locked = _lock(application)
    _require_draft(locked)
    values = _clean_step_data(locked, step, data)
    for name, value in values.items():
        setattr(locked, name, value)
    locked.step = _furthest(locked.step, step_after(step))
    locked.save()
    return locked


# --- Filing evidence ----------------------------------------------------------------------


@transaction.atomic
def evidence_add(*, application: Application, upload: UploadedFile, by: User) -> FilingEvidence:
    """Keep a filing-evidence file with a draft, in private storage.

    Side effects, in order:
    1. Locks the application; refuses unless it is a draft with room for another file.
    2. Checks the file by its content (``endorsements.uploads``): PDF, JPEG or PNG, not
       empty, not too large; raises ``UploadError`` (a ValueError) with the reason.
    3. Stores the file under a random name in private storage and records it with the
       detected type, its size and the name it had on their device.
    """
    locked = _lock(application)
    _require_draft(locked)
    if locked.evidence.count() >= MAX_EVIDENCE_FILES:
        raise ApplicationError(
            _(
                "You've added %(count)s files, which is the most we can take. Remove one to add another."
            )
            % {"count": MAX_EVIDENCE_FILES}
        )
    checked = validate_upload(upload)
    evidence = FilingEvidence(
        application=locked,
        original_name=(upload.name or "filing")[-255:],
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=by,
    )
    # The storage names the file (``evidence_path``); if this transaction rolls back the
    # stored file is left without a row, which is harmless and never served.
    evidence.file.save(f"filing{checked.extension}", upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: FilingEvidence, by: User) -> None:
    """Remove a file from a draft.

    Side effects, in order:
    1. Locks the application; refuses unless it is a draft.
    2. Deletes the row.
    3. After commit, deletes the file from private storage.
    """
    _require_draft(_lock(evidence.application))
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    logger.info("Filing evidence %s removed by %s", name, getattr(by, "pk", None))


# --- Submitting -----------------------------------------------------------------------------


def application_missing(
    application: Application, *, evidence_count: int | None = None
) -> list[Missing]:
    """What still needs filling in before the application can be sent, step by step."""
    if evidence_count is None:
        evidence_count = application.evidence.count()
    missing = []
    if application.race_id is None:
        missing.append(Missing(ApplicationStep.RACE, _("Pick the race you're applying for.")))
    if evidence_count == 0:
        missing.append(
            Missing(
                ApplicationStep.FILING,
                _("Upload at least one file that shows you've started filing."),
            )
        )
    plan = {
        "budget": _("your budget"),
        "team": _("your team"),
        "win_number": _("your win number"),
        "path_to_victory": _("your path to victory"),
    }
    gaps = [label for name, label in plan.items() if getattr(application, name) in (None, "")]
    if gaps:
        missing.append(
            Missing(
                ApplicationStep.PLAN,
                _("Add %(parts)s to your campaign plan.") % {"parts": ", ".join(gaps)},
            )
        )
    left = unanswered(application.answers or {})
    if left:
        missing.append(
            Missing(
                ApplicationStep.QUESTIONNAIRE,
                _("Answer every question in the questionnaire (%(count)s to go).")
                % {"count": len(left)},
            )
        )
    return missing


@transaction.atomic
def application_submit(*, application: Application, by: User) -> Application:
    """Send a finished draft for review.

    Side effects, in order:
    1. Locks the application. Already submitted (a double click): returns it unchanged,
       nothing sent twice.
    2. Refuses unless it is a draft with a race, filing evidence, a plan and every
       question answered (``ApplicationError.missing``), and the candidate is still
       eligible in its cycle (``ApplicationError.reasons``).
    3. Marks it submitted now, with the decision due ``cycle.decision_days`` from today,
       and copies the candidate's region (the review queues filter by it).
    4. Moves the candidate to ``applied`` (``candidate_move``).
    5. Records a ``submitted`` event.
    6. Queues the ``application_submitted`` confirmation email to the candidate.
    """
    locked = _lock(application)
    if locked.status == ApplicationStatus.SUBMITTED:
        return locked
    _require_draft(locked)
    missing = application_missing(locked)
    if missing:
        raise ApplicationError(_("Almost there! A few parts still need you."), missing=missing)
    if locked.race.result:
        raise ApplicationError(
            _("This race has a result already. Pick your current race on the first step."),
            missing=[Missing(ApplicationStep.RACE, _("Pick your current race."))],
        )
    candidate = locked.candidate
    eligibility = eligibility_for(candidate, cycle=locked.cycle)
    if not eligibility.eligible:
        raise ApplicationError(
            _("You can't apply just yet: %(reasons)s")
            % {"reasons": " ".join(r.message for r in eligibility.reasons)},
            reasons=eligibility.reasons,
        )
    today = timezone.localdate()
    locked.status = ApplicationStatus.SUBMITTED
    locked.step = ApplicationStep.REVIEW
    locked.submitted_at = timezone.now()
    locked.decision_due_on = today + timedelta(days=locked.cycle.decision_days)
    locked.region_id = (
        Candidate.objects.filter(pk=candidate.pk).values_list("region_id", flat=True).get()
    )
    locked.save()
    candidate_move(candidate=candidate, to_stage=Stage.APPLIED, by=by, note=str(locked.cycle))
    ApplicationEvent.objects.create(application=locked, kind=ApplicationEventKind.SUBMITTED, by=by)
    email_queue_template(
        template="application_submitted",
        to=candidate.user,
        about=locked,
        context={
            "application": locked,
            "cycle_name": locked.cycle.name,
            "decision_due": lazy_day(locked.decision_due_on),
            "decision_days": locked.cycle.decision_days,
            "endorsement_url": settings.SITE_URL + reverse("endorsements:eligibility"),
        },
    )
    return locked


@transaction.atomic
def application_withdraw(*, application: Application, by: User) -> Application:
    """The candidate takes back a draft or a submitted application.

    Side effects, in order:
    1. Locks the application; a decided one can't be withdrawn (already withdrawn:
       returned unchanged).
    2. Marks it withdrawn. The candidate's stage stays: it is their furthest milestone.
    3. Records a ``withdrawn`` event.
    """
    locked = _lock(application)
    if locked.status == ApplicationStatus.WITHDRAWN:
        return locked
    if locked.status not in (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED):
        raise ApplicationError(_("This application has been decided, so it can't be withdrawn."))
    locked.status = ApplicationStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    ApplicationEvent.objects.create(application=locked, kind=ApplicationEventKind.WITHDRAWN, by=by)
    return locked
