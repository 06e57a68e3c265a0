"""Changes in the workplace: a note (and its mentions), a candidate's owner and tags, and
a stage move from the record. Each checks who may do it."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from candidates.models import Candidate, StageChange
from candidates.services import candidate_move
from rfs.models import User
from rfs.rules import is_national_staff
from rfs.services import email_queue_template

from .models import CandidateFile, Note, Tag
from .selectors import colleagues_for, owner_choices

logger = logging.getLogger(__name__)


class WorkplaceError(ValueError):
    """A refusal the person should read."""


def record_link(candidate: Candidate) -> str:
    return settings.SITE_URL + reverse("workplace:record", args=[candidate.pk])


def _require_record(user: User, candidate: Candidate) -> None:
    if not user.has_perm("workplace.open_record", candidate):
        raise PermissionDenied


@transaction.atomic
def note_add(
    *, candidate: Candidate, author: User, text: str, mentions: list[User] | None = None
) -> Note:
    """Write a note about a candidate.

    Side effects, in order:
    1. Refuses anyone who may not open the candidate's record, an empty note, and a
       mention of someone who may not open it (the candidate's directors, national staff).
    2. Saves the note with its mentions.
    3. Queues one email to each person mentioned (not the author) with a link to the
       record: never the note's text, which stays where only they may read it.
    """
    _require_record(author, candidate)
    text = text.strip()
    if not text:
        raise WorkplaceError(_("Please write the note."))
    mentioned = list({user.pk: user for user in mentions or []}.values())
    if mentioned:
        allowed = set(colleagues_for(candidate).values_list("pk", flat=True))
        if any(user.pk not in allowed for user in mentioned):
            raise WorkplaceError(_("You can mention only colleagues who can open this record."))
    note = Note.objects.create(candidate=candidate, author=author, text=text)
    if mentioned:
        note.mentions.set(mentioned)
    for user in mentioned:
        if user.pk == author.pk:
            continue
        email_queue_template(
            template="note_mention",
            to=user,
            about=note,
            context={"author": author, "record_url": record_link(candidate)},
        )
    logger.info("Note %s on candidate %s by %s", note.pk, candidate.pk, author.pk)
    return note


@transaction.atomic
def file_set(
    *, candidate: Candidate, by: User, owner: User | None, tags: list[Tag]
) -> CandidateFile:
    """Set who looks after the candidate and their tags. The owner is someone who can
    open the record or a volunteer of the candidate's region (``owner_choices``)."""
    _require_record(by, candidate)
    if owner is not None and not owner_choices(candidate).filter(pk=owner.pk).exists():
        raise WorkplaceError(
            _("The owner must be a director, national staff or a volunteer of their region.")
        )
    file, _created = CandidateFile.objects.update_or_create(
        candidate=candidate, defaults={"owner": owner}
    )
    file.tags.set(tags)
    return file


def record_move(
    *,
    candidate: Candidate,
    to_stage: str,
    by: User,
    reason: str,
    override: bool = False,
    address: str | None = None,
) -> StageChange:
    """Move the candidate's stage from their record, in one step with the reason.

    Refuses anyone who may not open the record or change candidates, an empty reason,
    the stage they are in, and an override (a move outside the usual steps) from anyone
    but national staff. ``candidates.services.candidate_move`` checks the step and
    records the move, its history row and the audit row; ``IllegalTransition`` passes on.
    """
    _require_record(by, candidate)
    if not by.has_perm("candidates.change_candidate"):
        raise PermissionDenied
    if override and not is_national_staff.test(by):
        raise PermissionDenied
    if not reason.strip():
        raise WorkplaceError(_("Please give the reason for the move."))
    if candidate.stage == to_stage:
        raise WorkplaceError(_("They are at that stage already."))
    with transaction.atomic():
        return candidate_move(
            candidate=candidate,
            to_stage=to_stage,
            by=by,
            note=reason.strip(),
            override=override,
            address=address,
        )
