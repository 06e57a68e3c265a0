"""A draft application: starting it (eligibility checked), saving each step, and its evidence
files."""

import logging

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from candidates.models import Candidate, Race
from rfs.models import User

from ...eligibility import eligibility_for
from ...enums import ApplicationEventKind, ApplicationStatus, ApplicationStep
from ...models import Application, ApplicationEvent, Cycle, FilingEvidence
from ...questionnaire import QUESTION_KEYS
from ...uploads import validate_upload
from .common import (
    CARRIED_FIELDS,
    MAX_EVIDENCE_FILES,
    STEP_FIELDS,
    ApplicationError,
    _furthest,
    _lock,
    _require_draft,
    step_after,
)

__all__ = [
    "application_save_step",
    "application_start",
    "evidence_add",
    "evidence_remove",
]

logger = logging.getLogger(__name__)


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
