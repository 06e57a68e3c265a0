"""Writes for the review of an endorsement application: the director's recommendation,
research checks and the questions put to the candidate, committee votes and recusals,
national staff's decisions (one by one or in bulk), and reminders to reviewers.

Candidates never see any of the review (PRODUCT.md, "Privacy"): only the questions put
to them, their own answers and the decision with its reason. Event notes name what
happened, never a finding or a vote's comment. Deciding moves the candidate through
``candidates.services.candidate_move``; every email is an outbox row sent after commit.
"""

import logging
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from candidates.enums import Stage
from candidates.models import Candidate
from candidates.services import IllegalTransition, candidate_move
from rfs.audit import audit_record
from rfs.dates import lazy_day
from rfs.enums import AuditAction, Role
from rfs.models import OutboundEmail, User
from rfs.services import email_queue_template, email_unique_key

from ..enums import (
    ApplicationEventKind,
    ApplicationStatus,
    Recommendation,
    ResearchKind,
    VoteChoice,
)
from ..models import (
    Application,
    ApplicationEvent,
    DirectorRecommendation,
    Endorsement,
    ResearchItem,
    Vote,
)

logger = logging.getLogger(__name__)

__all__ = [
    "DECISION_WARNING_DAYS",
    "ReviewError",
    "decision_make",
    "decision_readiness",
    "decisions_make_bulk",
    "explanation_give",
    "explanation_request",
    "recommendation_write",
    "research_check",
    "research_unchecked",
    "review_reminders_send",
    "vote_cast",
]

# National staff hear about a decision this many days before it is due (and every day after).
DECISION_WARNING_DAYS = 3
# Bulk decisions in one request (each locks and writes its rows).
BULK_LIMIT = 200


class ReviewError(ValueError):
    """The review can't do that now; the message says why, in words for the person acting."""


# --- Helpers ------------------------------------------------------------------------------


def _stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%S.%fZ}"


def _link(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _event(
    application: Application, kind: str, by: User | None, note: str = ""
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(application=application, kind=kind, by=by, note=note)


def _lock(application: Application) -> Application:
    """The application's row only, with what the review reads, re-read under the lock."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("cycle", "race", "region", "candidate__user")
        .get(pk=application.pk)
    )


def _require_waiting(application: Application) -> None:
    if application.status == ApplicationStatus.SUBMITTED:
        return
    if application.status in (ApplicationStatus.APPROVED, ApplicationStatus.DECLINED):
        raise ReviewError(_("This application has been decided, so its review is closed."))
    raise ReviewError(_("This application isn't waiting for review."))


def _people_with_role(role: Role) -> list[User]:
    return list(User.objects.filter(groups__name=role, is_active=True).order_by("pk").distinct())


def _directors_of(application: Application) -> list[User]:
    """The region's directors; national staff when the region has none (nobody is missed)."""
    directors = []
    if application.region_id is not None:
        directors = list(application.region.directors.filter(is_active=True).order_by("pk"))
    return directors or _people_with_role(Role.NATIONAL_STAFF)


def _copy_from_fresh(target: Application, fresh: Application, fields: Iterable[str]) -> None:
    for name in fields:
        setattr(target, name, getattr(fresh, name))


# --- The director's recommendation -----------------------------------------------------------


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


# --- Research and the candidate's chance to explain ------------------------------------------


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


# --- Committee votes ---------------------------------------------------------------------


@transaction.atomic
def vote_cast(*, application: Application, member: User, choice: str, comment: str = "") -> Vote:
    """A committee member votes approve, decline or abstain, or recuses for a conflict of
    interest. A vote can be changed until the decision; a recusal is final.

    Side effects, in order:
    1. Refuses anyone who isn't on the committee, an unknown choice, an application
       that isn't waiting for review, and a member who recused changing their mind.
    2. Creates the member's vote or updates it (choice, comment).
    3. Records a "voted" or "recused" event (the choice, never the comment).
    """
    if not member.has_perm("endorsements.vote"):
        raise ReviewError(_("Only committee members vote."))
    if choice not in VoteChoice.values:
        raise ReviewError(_("Please choose approve, decline, abstain or recuse."))
    locked = _lock(application)
    _require_waiting(locked)
    existing = Vote.objects.select_for_update().filter(application=locked, member=member).first()
    if (
        existing is not None
        and existing.choice == VoteChoice.RECUSED
        and choice != VoteChoice.RECUSED
    ):
        raise ReviewError(_("You recused yourself from this application"))
    if existing is None:
        vote = Vote.objects.create(
            application=locked, member=member, choice=choice, comment=comment.strip()
        )
    else:
        existing.choice, existing.comment = choice, comment.strip()
        existing.save(update_fields=["choice", "comment", "updated_at"])
        vote = existing
    if choice == VoteChoice.RECUSED:
        _event(locked, ApplicationEventKind.RECUSED, member)
    else:
        label = VoteChoice(choice).label
        _event(
            locked,
            ApplicationEventKind.VOTED,
            member,
            label if existing is None else _("Changed to: %s") % label,
        )
    return vote


# --- Decisions ---------------------------------------------------------------------------


def _unique_slug(base: str) -> str:
    """``base``, or ``base-2``, ``base-3``... whichever is free (one query)."""
    base = (base or "candidate")[:100].strip("-") or "candidate"
    taken = set(Endorsement.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _endorsement_create(application: Application) -> Endorsement:
    race, candidate = application.race, application.candidate
    name = candidate.user.get_full_name() or str(candidate)
    return Endorsement.objects.create(
        application=application,
        candidate=candidate,
        race=race,
        slug=_unique_slug(slugify(f"{name} {race.office_name}")),
        listed=application.list_publicly,
        display_name=name,
        office_name=race.office_name,
        office_level=race.level,
        district=race.district,
        jurisdiction_name=race.jurisdiction_name,
        state=race.state,
        election_date=race.election_date,
        website=application.website,
        donation_url=application.donation_url,
    )


def _cycle_open(application: Application, today: date) -> bool:
    return application.cycle.opens_on <= today <= application.cycle.closes_on


@transaction.atomic
def decision_make(
    *,
    application: Application,
    by: User,
    approve: bool,
    reason: str = "",
    override_reason: str = "",
    address: str | None = None,
) -> Application:
    """National staff endorse an application or decline it. Deciding twice is refused.

    Side effects, in order:
    1. Refuses anyone but national staff, an application that isn't waiting for a
       decision (one already decided included: a second click never decides twice),
       a decline without a reason, and an approval without a race. Refuses too while
       the director hasn't recommended or the committee hasn't reached the cycle's
       quorum, unless ``override_reason`` says why (kept in the "decided" event).
    2. Locks the application and saves the status, who decided, when and the reason.
    3. Moves the candidate to ``endorsed`` or ``not_endorsed`` (``candidate_move``; a
       move the pipeline refuses undoes everything and is reported).
    4. On approval, creates the endorsement the public pages list (listed if the
       candidate asked to be).
    5. Records a "decided" event.
    6. Queues "endorsement_approved" or "endorsement_declined" to the candidate (with
       the reason and, while the cycle is open, that they may apply again).
    7. Writes a row of the audit trail (the stage move in 3 writes its own).
    """
    if not by.has_perm("endorsements.decide"):
        raise ReviewError(_("Only national staff make endorsement decisions."))
    reason = reason.strip()
    locked = _lock(application)
    if locked.status in (ApplicationStatus.APPROVED, ApplicationStatus.DECLINED):
        raise ReviewError(
            _("%(name)s's application was already decided (%(status)s).")
            % {"name": locked.candidate, "status": locked.get_status_display()}
        )
    _require_waiting(locked)
    if not approve and not reason:
        raise ReviewError(_("Please give the candidate a reason: they will read it."))
    if approve and locked.race is None:
        raise ReviewError(
            _("%(name)s's application has no race, so it can't be endorsed.")
            % {"name": locked.candidate}
        )
    override_reason = override_reason.strip()
    missing = decision_readiness(locked)
    if missing and not override_reason:
        raise ReviewError(
            _(
                "%(name)s's application isn't ready for a decision: %(missing)s. Give a reason to decide anyway."
            )
            % {"name": locked.candidate, "missing": "; ".join(missing)}
        )

    now = timezone.now()
    locked.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.DECLINED
    locked.decided_at, locked.decided_by, locked.decision_reason = now, by, reason
    locked.save(
        update_fields=["status", "decided_at", "decided_by", "decision_reason", "updated_at"]
    )

    candidate = locked.candidate
    try:
        candidate_move(
            candidate=candidate,
            to_stage=Stage.ENDORSED if approve else Stage.NOT_ENDORSED,
            by=by,
            note=reason or (_("Endorsed") if approve else _("Not endorsed")),
            address=address,
        )
    except IllegalTransition as error:
        raise ReviewError(str(error)) from error

    endorsement = _endorsement_create(locked) if approve else None
    note = locked.get_status_display() + (f": {reason}" if reason else "")
    if missing:
        note += f" ({_('decided before')} {'; '.join(missing)}: {override_reason})"
    _event(locked, ApplicationEventKind.DECIDED, by, note)

    today = timezone.localdate()
    context = {
        "reason": reason,
        "cycle_name": locked.cycle.name,
        "reapply": not approve and _cycle_open(locked, today),
        "closes_on": lazy_day(locked.cycle.closes_on),
        "endorsement_url": _link("endorsements:eligibility"),
        "public_url": _link("endorsements:public_detail", slug=endorsement.slug)
        if endorsement and endorsement.listed
        else "",
    }
    email_queue_template(
        template="endorsement_approved" if approve else "endorsement_declined",
        to=candidate.user,
        about=locked,
        context=context,
    )
    audit_record(
        action=AuditAction.ENDORSEMENT_DECISION,
        acting_user=by,
        person=candidate.user_id,
        about=locked,
        address=address,
    )
    # Only now, when nothing can undo it: the caller's copy shows the decision.
    _copy_from_fresh(application, locked, ["status", "decided_at", "decided_by", "decision_reason"])
    logger.info("Application %s %s by %s", locked.pk, locked.status, by.pk)
    return locked


def decisions_make_bulk(
    *,
    applications: Iterable[Application],
    by: User,
    approve: bool,
    reason: str = "",
    override_reason: str = "",
) -> tuple[list[Application], list[tuple[Application, str]]]:
    """Decide many applications the same way (the admin's actions). Each decision is its
    own transaction: one refused leaves the others decided.

    Returns ``(done, skipped)``, ``skipped`` holding each refused application with why.
    """
    done: list[Application] = []
    skipped: list[tuple[Application, str]] = []
    for application in applications:
        try:
            done.append(
                decision_make(
                    application=application,
                    by=by,
                    approve=approve,
                    reason=reason,
                    override_reason=override_reason,
                )
            )
        except ReviewError as error:
            skipped.append((application, str(error)))
    return done, skipped


# --- Reminders ---------------------------------------------------------------------------


def _due(application: Application, days: int, today: date) -> bool:
    return timezone.localdate(application.submitted_at) + timedelta(days=days) <= today


def review_reminders_send(*, today: date | None = None) -> int:
    """Remind reviewers whose part is due, so every applicant hears in the promised time
    (runs daily; beat schedule in rfs/settings.py).

    For each application waiting for review:
    - "review_due_director" to the region's directors once the recommendation is due
      (``cycle.recommendation_days`` after submission) and none is written;
    - "review_due_committee" to each committee member who hasn't voted once votes are
      due (``cycle.vote_days``);
    - "decision_due_staff" to national staff once the decision is due within
      ``DECISION_WARNING_DAYS`` days (or overdue).
    Each is queued once per application, step and person (the email's occurrence key
    names the step), so a second run sends nothing new; an application reminded gets a
    "reminded" event naming the steps.

    Queries: the applications (with cycle, region, recommendation), the region directors,
    the committee and the staff, the votes, the reminders already queued; then the inserts.
    Returns how many reminders were queued.
    """
    today = today or timezone.localdate()
    applications = list(
        Application.objects.filter(status=ApplicationStatus.SUBMITTED, submitted_at__isnull=False)
        .select_related("cycle", "region", "candidate__user", "race", "recommendation")
        .prefetch_related("region__directors")
        .order_by("decision_due_on", "pk")
    )
    if not applications:
        return 0
    committee = _people_with_role(Role.COMMITTEE_MEMBER)
    staff = _people_with_role(Role.NATIONAL_STAFF)
    voted = set(
        Vote.objects.filter(application__in=[a.pk for a in applications]).values_list(
            "application_id", "member_id"
        )
    )

    # (template, occurrence/step, application, recipient)
    due: list[tuple[str, str, Application, User]] = []
    for application in applications:
        has_recommendation = getattr(application, "recommendation", None) is not None
        if not has_recommendation and _due(
            application, application.cycle.recommendation_days, today
        ):
            directors = (
                [d for d in application.region.directors.all() if d.is_active]
                if application.region
                else []
            )
            for director in directors or staff:
                due.append(("review_due_director", "recommendation", application, director))
        if _due(application, application.cycle.vote_days, today):
            for member in committee:
                if (application.pk, member.pk) not in voted:
                    due.append(("review_due_committee", "vote", application, member))
        if application.decision_due_on and application.decision_due_on <= today + timedelta(
            days=DECISION_WARNING_DAYS
        ):
            for person in staff:
                due.append(("decision_due_staff", "decision", application, person))
    if not due:
        return 0

    keys = {
        email_unique_key(purpose=template, to_email=to.email, about=application, occurrence=step): (
            template,
            step,
            application,
            to,
        )
        for template, step, application, to in due
    }
    already = set(
        OutboundEmail.objects.filter(unique_key__in=list(keys)).values_list("unique_key", flat=True)
    )
    queued = 0
    reminded: dict[int, tuple[Application, set[str]]] = {}
    with transaction.atomic():
        for key, (template, step, application, to) in keys.items():
            if key in already:
                continue
            email_queue_template(
                template=template,
                to=to,
                about=application,
                occurrence=step,
                context=_reminder_context(application, today),
            )
            queued += 1
            reminded.setdefault(application.pk, (application, set()))[1].add(step)
        for application, steps in reminded.values():
            _event(application, ApplicationEventKind.REMINDED, None, ", ".join(sorted(steps)))
    logger.info("Review reminders: %s queued", queued)
    return queued


def _reminder_context(application: Application, today: date) -> dict:
    race = application.race
    return {
        "candidate_name": application.candidate.user.get_full_name() or str(application.candidate),
        "office": race.office_name if race else "",
        "region_name": application.region.name if application.region else "",
        "submitted": lazy_day(timezone.localdate(application.submitted_at)),
        "decision_due": lazy_day(application.decision_due_on)
        if application.decision_due_on
        else "",
        "overdue": bool(application.decision_due_on and application.decision_due_on < today),
        "review_url": _link("endorsements:review", pk=application.pk),
        "queue_url": _link("endorsements:review_queue"),
    }
