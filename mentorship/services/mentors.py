"""Writes for mentors: applying, approval by staff or a director, declining, pausing."""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Candidate
from rfs.enums import Role, State
from rfs.models import Region, User
from rfs.services import email_queue_template, user_set_roles

from .. import suggest
from ..enums import MentorStatus
from ..models import ExpertiseArea, Mentor
from ._common import MentorshipError, link, stamp

logger = logging.getLogger(__name__)

__all__ = ["area_suggest", "mentor_apply", "mentor_approve", "mentor_decline", "mentor_set_paused"]

# A weekly capacity above this is almost certainly a typo.
MAX_WEEKLY_CAPACITY = 50
MAX_MATCH_CAPACITY = 10


def _clean_states(states: Iterable[str]) -> list[str]:
    cleaned = []
    for state in states:
        code = state.strip().upper()
        if code not in State.values:
            raise MentorshipError(_("“%(state)s” isn't a state we know.") % {"state": state})
        if code not in cleaned:
            cleaned.append(code)
    return cleaned


def _clean_languages(languages: Iterable[str]) -> list[str]:
    cleaned = []
    for language in languages:
        code = language.strip().lower()
        if code and code not in cleaned:
            cleaned.append(code)
    return cleaned


def _home_region(user: User, region: Region | None, alumni_of: Candidate | None) -> int | None:
    """The region given, else the region of their candidate record (alumni apply that way)."""
    if region is not None:
        return region.pk
    if alumni_of is not None:
        return alumni_of.region_id
    return Candidate.objects.filter(user=user).values_list("region_id", flat=True).first()


@transaction.atomic
def mentor_apply(
    *,
    user: User,
    areas: Iterable[ExpertiseArea],
    states: list[str],
    languages: list[str],
    bio: str,
    weekly_capacity: int,
    match_capacity: int,
    region: Region | None = None,
    alumni_of: Candidate | None = None,
) -> Mentor:
    """Someone offers to mentor, or changes the details of their offer.

    Side effects, in order:
    1. Refuses with ``MentorshipError`` when no area is picked, a state is unknown or a
       capacity is out of range (nothing is written).
    2. Creates the mentor profile (status applied), or updates an earlier one: an
       approved or paused mentor keeps their status; someone declined before applies
       again. Without ``region``, the home region is their candidate record's.
    3. Sets their areas of expertise.
    4. Queues "mentor_applied" to them when the application is new (or renewed after a
       decline); an edit sends nothing.
    """
    areas = list(areas)
    if not areas:
        raise MentorshipError(_("Please pick at least one area you can help with."))
    if not 1 <= weekly_capacity <= MAX_WEEKLY_CAPACITY:
        raise MentorshipError(
            _("Questions per week must be between 1 and %(max)d.") % {"max": MAX_WEEKLY_CAPACITY}
        )
    if not 0 <= match_capacity <= MAX_MATCH_CAPACITY:
        raise MentorshipError(
            _("Campaigns at once must be between 0 and %(max)d.") % {"max": MAX_MATCH_CAPACITY}
        )
    details = {
        "states": _clean_states(states),
        "languages": _clean_languages(languages),
        "bio": bio.strip(),
        "weekly_capacity": weekly_capacity,
        "match_capacity": match_capacity,
        "region_id": _home_region(user, region, alumni_of),
    }
    if alumni_of is not None:
        details["alumni_of"] = alumni_of
    mentor = Mentor.objects.select_for_update().filter(user=user).first()
    is_new_application = mentor is None or mentor.status == MentorStatus.DECLINED
    if mentor is None:
        mentor = Mentor(user=user)
    for field, value in details.items():
        setattr(mentor, field, value)
    if is_new_application:
        mentor.status, mentor.approved_by, mentor.approved_at = MentorStatus.APPLIED, None, None
    mentor.save()
    mentor.areas.set(areas)
    if is_new_application:
        email_queue_template(
            template="mentor_applied",
            to=user,
            about=mentor,
            occurrence=stamp(timezone.now()),
            context={"mentor": mentor, "areas": areas},
        )
        logger.info("User %s applied to mentor", user.pk)
    return mentor


@transaction.atomic
def mentor_approve(*, mentor: Mentor, by: User) -> Mentor:
    """Approve a mentor's application. Approving an approved (or paused) mentor does nothing.

    Side effects, in order:
    1. Locks the mentor's row; sets the status approved, with who and when.
    2. Gives the person the mentor role, keeping their other roles.
    3. Queues "mentor_approved" to them.
    """
    locked = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if locked.status in (MentorStatus.APPROVED, MentorStatus.PAUSED):
        return locked
    locked.status, locked.approved_by, locked.approved_at = (
        MentorStatus.APPROVED,
        by,
        timezone.now(),
    )
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    mentor.status, mentor.approved_by, mentor.approved_at = locked.status, by, locked.approved_at
    user = locked.user
    user_set_roles(user=user, roles={*user.role_names, Role.MENTOR}, acting_user=by)
    email_queue_template(
        template="mentor_approved",
        to=user,
        about=locked,
        occurrence=stamp(locked.approved_at),
        context={"mentor": locked, "home_url": link("mentorship:mentor_home")},
    )
    logger.info("Mentor %s approved by %s", locked.pk, by.pk)
    return locked


@transaction.atomic
def mentor_decline(*, mentor: Mentor, by: User) -> Mentor:
    """Decline an application (or stop an approved mentor). Declining twice does nothing.

    Side effects, in order:
    1. Locks the mentor's row; sets the status declined and clears the approval.
    2. Takes the mentor role away, keeping their other roles.
    3. Queues "mentor_declined" to them, kindly.
    Questions they own stay theirs; staff can hand them on from the admin.
    """
    locked = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if locked.status == MentorStatus.DECLINED:
        return locked
    locked.status, locked.approved_by, locked.approved_at = MentorStatus.DECLINED, None, None
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    mentor.status, mentor.approved_by, mentor.approved_at = locked.status, None, None
    user = locked.user
    if user.has_role(Role.MENTOR):
        user_set_roles(user=user, roles=user.role_names - {Role.MENTOR}, acting_user=by)
    email_queue_template(
        template="mentor_declined",
        to=user,
        about=locked,
        occurrence=stamp(timezone.now()),
        context={"mentor": locked},
    )
    logger.info("Mentor %s declined by %s", locked.pk, by.pk)
    return locked


@transaction.atomic
def mentor_set_paused(*, mentor: Mentor, paused: bool) -> Mentor:
    """A mentor takes a break (no new questions routed to them) or comes back.

    Only approved mentors pause and only paused ones resume; asking for the state they are
    already in does nothing. Side effect: the status changes.
    """
    locked = Mentor.objects.select_for_update().get(pk=mentor.pk)
    wanted, allowed_from = (
        (MentorStatus.PAUSED, MentorStatus.APPROVED)
        if paused
        else (MentorStatus.APPROVED, MentorStatus.PAUSED)
    )
    if locked.status == wanted:
        return locked
    if locked.status != allowed_from:
        raise MentorshipError(_("Only approved mentors can pause and come back."))
    locked.status = wanted
    locked.save(update_fields=["status"])
    mentor.status = wanted
    logger.info("Mentor %s %s", locked.pk, "paused" if paused else "resumed")
    return locked


def area_suggest(*, text: str) -> ExpertiseArea | None:
    """The active area a question's text suggests (see ``mentorship.suggest``), or None. One query."""
    if not text.strip():
        return None
    return suggest.best_area(ExpertiseArea.objects.filter(active=True), text)
