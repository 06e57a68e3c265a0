"""Committee votes and the national decision (one at a time or in bulk), which creates the
endorsement."""

import logging
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from candidates.enums import Stage
from candidates.services import IllegalTransition, candidate_move
from rfs.audit import audit_record
from rfs.dates import lazy_day
from rfs.enums import AuditAction
from rfs.models import User
from rfs.services import email_queue_template

from ...enums import (
    ApplicationEventKind,
    ApplicationStatus,
    VoteChoice,
)
from ...models import (
    Application,
    Endorsement,
    Vote,
)
from .common import (
    ReviewError,
    _copy_from_fresh,
    _event,
    _link,
    _lock,
    _require_waiting,
)
from .research import decision_readiness

__all__ = [
    "decision_make",
    "decisions_make_bulk",
    "vote_cast",
]

logger = logging.getLogger(__name__)


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
