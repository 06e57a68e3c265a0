"""Submitting an application (what is missing first) and withdrawing it."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.enums import Stage
from candidates.models import Candidate
from candidates.services import candidate_move
from rfs.dates import lazy_day
from rfs.models import User
from rfs.services import email_queue_template

from ...eligibility import eligibility_for
from ...enums import ApplicationEventKind, ApplicationStatus, ApplicationStep
from ...models import Application, ApplicationEvent
from ...questionnaire import unanswered
from .common import ApplicationError, Missing, _lock, _require_draft

__all__ = [
    "application_missing",
    "application_submit",
    "application_withdraw",
]


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
