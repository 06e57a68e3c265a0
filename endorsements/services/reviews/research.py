"""The director's recommendation, research, and the candidate's chance to explain."""

import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Candidate
from rfs.dates import lazy_day
from rfs.models import User
from rfs.services import email_queue_template

from ...enums import (
    ApplicationEventKind,
    ApplicationStatus,
    Recommendation,
    ResearchKind,
    VoteChoice,
)
from ...models import (
    Application,
    DirectorRecommendation,
    ResearchItem,
    Vote,
)
from .common import (
    ReviewError,
    _directors_of,
    _event,
    _link,
    _lock,
    _require_waiting,
    _stamp,
)

__all__ = [
    "decision_readiness",
    "explanation_give",
    "explanation_request",
    "recommendation_write",
    "research_check",
    "research_unchecked",
]

logger = logging.getLogger(__name__)


@transaction.atomic
def recommendation_write(
    *, application: Application, director: User, recommendation: str, text: str
) -> DirectorRecommendation:
    """Write (or rewrite) the director's recommendation.

    Side effects, in order:
    1. Refuses anyone but the region's directors and national staff, a recommendation
       that isn't one of ``Recommendation``, an empty text, a decided application, or
       one whose research items aren't each checked or marked not applicable.
    2. Creates the application's recommendation or updates it (who and what).
    3. Records a "recommended" event.
    """
    if not director.has_perm("endorsements.recommend", application):
        raise ReviewError(_("Only the region's director or national staff can recommend."))
    if recommendation not in Recommendation.values:
        raise ReviewError(_("Please choose a recommendation."))
    if not text.strip():
        raise ReviewError(_("Please say why, in a few words."))
    locked = _lock(application)
    _require_waiting(locked)
    unchecked = research_unchecked(locked)
    if unchecked:
        raise ReviewError(
            _("Please check each research item first, or mark it not applicable: %(items)s.")
            % {"items": ", ".join(str(ResearchKind(kind).label) for kind in unchecked)}
        )
    written, created = DirectorRecommendation.objects.update_or_create(
        application=locked,
        defaults={"director": director, "recommendation": recommendation, "text": text.strip()},
    )
    label = Recommendation(recommendation).label
    _event(
        locked,
        ApplicationEventKind.RECOMMENDED,
        director,
        label if created else _("Changed to: %s") % label,
    )
    logger.info("Application %s: recommendation %s by %s", locked.pk, recommendation, director.pk)
    return written


def research_unchecked(application: Application) -> list[str]:
    """The research checks not yet done (checked, or marked not applicable)."""
    done = set(
        ResearchItem.objects.filter(application=application)
        .filter(Q(checked_at__isnull=False) | Q(not_applicable=True))
        .values_list("kind", flat=True)
    )
    return [kind for kind in ResearchKind.values if kind not in done]


def decision_readiness(application: Application) -> list[str]:
    """Why staff may not decide yet without an override: no recommendation from the
    director, or fewer committee votes than the cycle's quorum (recusals don't count;
    abstentions do). Empty when ready."""
    missing = []
    if not DirectorRecommendation.objects.filter(application=application).exists():
        missing.append(_("no recommendation from the director yet"))
    counted = (
        Vote.objects.filter(application=application).exclude(choice=VoteChoice.RECUSED).count()
    )
    if counted < application.cycle.quorum:
        missing.append(
            _("%(count)d of the %(quorum)d committee votes needed")
            % {"count": counted, "quorum": application.cycle.quorum}
        )
    return missing


@transaction.atomic
def research_check(
    *,
    application: Application,
    kind: str,
    by: User,
    finding: str = "",
    not_applicable: bool = False,
) -> ResearchItem:
    """Check one research item off, with what was found (empty: nothing of note).

    Side effects, in order:
    1. Refuses anyone but the region's directors and national staff, an unknown check,
       or a decided application.
    2. Creates the application's item for that check or updates it (finding, who, when);
       a question already put to the candidate stays.
    3. Records a "research" event naming the check (never the finding).
    """
    if not by.has_perm("endorsements.research", application):
        raise ReviewError(_("Only the region's director or national staff can check research."))
    if kind not in ResearchKind.values:
        raise ReviewError(_("Please choose a research check."))
    locked = _lock(application)
    _require_waiting(locked)
    item, _created = ResearchItem.objects.update_or_create(
        application=locked,
        kind=kind,
        defaults={
            "checked_by": by,
            "checked_at": timezone.now(),
            "finding": finding.strip(),
            "not_applicable": not_applicable,
        },
    )
    _event(locked, ApplicationEventKind.RESEARCH, by, str(ResearchKind(kind).label))
    return item


@transaction.atomic
def explanation_request(*, item: ResearchItem, by: User, question: str) -> ResearchItem:
    """Ask the candidate to explain a finding before the vote.

    Side effects, in order:
    1. Refuses anyone but the region's directors and national staff, an empty question,
       or a decided application.
    2. Saves the question and when it was asked; asking again (a new question) waits
       for a new answer, with the earlier one kept as the answer's draft.
    3. Records an "explanation requested" event naming the check.
    4. Queues "explanation_requested" to the candidate with the link to answer (the
       question only: never the finding behind it).
    """
    application = item.application
    if not by.has_perm("endorsements.research", application):
        raise ReviewError(_("Only the region's director or national staff can ask the candidate."))
    if not question.strip():
        raise ReviewError(_("Please write the question for the candidate."))
    locked = _lock(application)
    _require_waiting(locked)
    item = ResearchItem.objects.select_for_update().get(pk=item.pk)
    item.explanation_question = question.strip()
    item.explanation_requested_at = timezone.now()
    item.explained_at = None
    item.save(update_fields=["explanation_question", "explanation_requested_at", "explained_at"])
    _event(locked, ApplicationEventKind.EXPLANATION_REQUESTED, by, str(item.get_kind_display()))
    candidate_user = locked.candidate.user
    email_queue_template(
        template="explanation_requested",
        to=candidate_user,
        about=item,
        occurrence=_stamp(item.explanation_requested_at),
        context={
            "question": item.explanation_question,
            "explain_url": _link("endorsements:explain", pk=item.pk),
            "decision_due": lazy_day(locked.decision_due_on) if locked.decision_due_on else "",
        },
    )
    return item


@transaction.atomic
def explanation_give(*, item: ResearchItem, candidate: Candidate, text: str) -> ResearchItem:
    """The candidate answers the question put to them (and may reword it until the decision).

    Side effects, in order:
    1. Refuses anyone but the application's candidate, an item with no question, an
       empty answer, or a decided application.
    2. Saves the answer and when it was given.
    3. Records an "explained" event.
    4. Queues "explanation_received" to the region's directors with the review link.
    """
    application = item.application
    if application.candidate_id != candidate.pk:
        raise ReviewError(_("This question was put to someone else."))
    if not text.strip():
        raise ReviewError(_("Please write your answer."))
    locked = _lock(application)
    item = ResearchItem.objects.select_for_update().get(pk=item.pk)
    if item.explanation_requested_at is None:
        raise ReviewError(_("We haven't asked you about this."))
    if locked.status != ApplicationStatus.SUBMITTED:
        raise ReviewError(
            _("The review of this application is finished, so answers can't be changed now.")
        )
    item.explanation = text.strip()
    item.explained_at = timezone.now()
    item.save(update_fields=["explanation", "explained_at"])
    _event(locked, ApplicationEventKind.EXPLAINED, candidate.user, str(item.get_kind_display()))
    review_url = _link("endorsements:review", pk=locked.pk)
    for director in _directors_of(locked):
        email_queue_template(
            template="explanation_received",
            to=director,
            about=item,
            occurrence=_stamp(item.explained_at),
            context={
                "candidate_name": locked.candidate.user.get_full_name() or str(locked.candidate),
                "check": item.get_kind_display(),
                "review_url": review_url,
            },
        )
    return item
