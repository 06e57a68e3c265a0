"""Writes for longer mentor matches: a candidate asks, a director confirms, either side ends."""

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Candidate
from rfs.models import Region, User
from rfs.selectors import sees_all_regions
from rfs.services import email_queue_template

from ..enums import MatchRequestStatus, MatchStatus, MentorStatus
from ..models import ExpertiseArea, Match, MatchRequest, Mentor
from ._common import MentorshipError, directors_of, link, stamp

logger = logging.getLogger(__name__)

__all__ = ["match_confirm", "match_end", "match_request_create"]


@transaction.atomic
def match_request_create(
    *,
    candidate: Candidate,
    areas: Iterable[ExpertiseArea],
    language: str,
    note: str,
) -> MatchRequest:
    """A candidate asks for a mentor for their campaign.

    Side effects, in order:
    1. Refuses with ``MentorshipError`` when they already have a request waiting (the
       database refuses a second open one too, should two arrive at once).
    2. Creates the request with the areas they want help with.
    3. Queues "match_requested" to the candidate and "match_request_for_director" to the
       directors of their region.
    """
    already = _("You already asked for a mentor: your director is finding the right person.")
    if MatchRequest.objects.filter(candidate=candidate, status=MatchRequestStatus.OPEN).exists():
        raise MentorshipError(already)
    try:
        with transaction.atomic():
            request = MatchRequest.objects.create(
                candidate=candidate, language=language.strip().lower(), note=note.strip()
            )
    except IntegrityError:
        raise MentorshipError(already) from None
    request.areas.set(list(areas))
    candidate_user = User.objects.get(pk=candidate.user_id)
    email_queue_template(
        template="match_requested",
        to=candidate_user,
        about=request,
        context={"request": request, "journey_url": link("candidates:journey")},
    )
    for director in directors_of(candidate.region_id):
        email_queue_template(
            template="match_request_for_director",
            to=director,
            about=request,
            context={
                "request": request,
                "candidate": candidate,
                "candidate_name": candidate_user.get_full_name(),
                "request_url": link("mentorship:match_request", pk=request.pk),
            },
        )
    logger.info("Candidate %s asked for a mentor (request %s)", candidate.pk, request.pk)
    return request


@transaction.atomic
def match_confirm(*, request: MatchRequest, mentor: Mentor, by: User) -> Match:
    """Pair the candidate with a mentor. Callers check that ``by`` may confirm (national
    staff or a director of the candidate's region: ``rules.may_confirm_matches``).

    Side effects, in order:
    1. Locks the request, then the mentor; refuses with ``MentorshipError`` when the
       request isn't waiting any more, or the mentor isn't approved, is the candidate,
       or has no room (active matches reach their capacity).
    2. Creates the active match and sets the request matched.
    3. Queues "match_confirmed_candidate" and "match_confirmed_mentor".
    """
    locked = MatchRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != MatchRequestStatus.OPEN:
        raise MentorshipError(_("This request isn't waiting for a match any more."))
    locked_mentor = Mentor.objects.select_for_update().select_related("user").get(pk=mentor.pk)
    if locked_mentor.status != MentorStatus.APPROVED:
        raise MentorshipError(_("This mentor isn't taking on campaigns right now."))
    candidate = Candidate.objects.select_related("user").get(pk=locked.candidate_id)
    if candidate.user_id == locked_mentor.user_id:
        raise MentorshipError(_("A candidate can't mentor their own campaign."))
    active = Match.objects.filter(mentor=locked_mentor, status=MatchStatus.ACTIVE).count()
    if active >= locked_mentor.match_capacity:
        raise MentorshipError(_("This mentor has no room for another campaign."))
    try:
        with transaction.atomic():
            match = Match.objects.create(
                request=locked, candidate=candidate, mentor=locked_mentor, confirmed_by=by
            )
    except IntegrityError:
        raise MentorshipError(_("This mentor is already working with this candidate.")) from None
    locked.status = MatchRequestStatus.MATCHED
    locked.save(update_fields=["status"])
    request.status = locked.status
    context = {
        "match": match,
        "candidate": candidate,
        "mentor": locked_mentor,
        "candidate_name": candidate.user.get_full_name() or candidate.user.get_short_name(),
        "mentor_name": locked_mentor.user.get_full_name() or locked_mentor.user.get_short_name(),
        "candidate_email": candidate.user.email,
        "mentor_email": locked_mentor.user.email,
    }
    email_queue_template(
        template="match_confirmed_candidate",
        to=candidate.user,
        about=match,
        context={**context, "journey_url": link("candidates:journey")},
    )
    email_queue_template(
        template="match_confirmed_mentor",
        to=locked_mentor.user,
        about=match,
        context={**context, "home_url": link("mentorship:mentor_home")},
    )
    logger.info("Match %s confirmed by %s", match.pk, by.pk)
    return match


def _may_end(match: Match, by: User, candidate: Candidate) -> bool:
    if by.pk in (candidate.user_id, match.mentor.user_id) or sees_all_regions(by):
        return True
    return (
        candidate.region_id is not None
        and Region.objects.filter(pk=candidate.region_id, directors=by).exists()
    )


@transaction.atomic
def match_end(*, match: Match, by: User, note: str = "") -> Match:
    """Either side (or national staff, or the region's director) ends a match.

    Side effects, in order:
    1. Locks the match; refuses with ``MentorshipError`` when ``by`` is neither side,
       staff nor the region's director. Ending an ended match does nothing.
    2. Sets it ended, with when, who and the note.
    3. Queues "match_ended" to the other side (both sides when staff end it).
    """
    locked = (
        Match.objects.select_for_update(of=("self",))
        .select_related("mentor__user", "candidate__user")
        .get(pk=match.pk)
    )
    candidate = locked.candidate
    if not _may_end(locked, by, candidate):
        raise MentorshipError(_("Only the candidate, the mentor or staff can end this match."))
    if locked.status == MatchStatus.ENDED:
        return locked
    locked.status, locked.ended_at, locked.ended_by, locked.end_note = (
        MatchStatus.ENDED,
        timezone.now(),
        by,
        note.strip()[:500],
    )
    locked.save(update_fields=["status", "ended_at", "ended_by", "end_note"])
    match.status, match.ended_at, match.ended_by, match.end_note = (
        locked.status,
        locked.ended_at,
        by,
        locked.end_note,
    )
    recipients = [user for user in (candidate.user, locked.mentor.user) if user.pk != by.pk]
    for user in recipients:
        email_queue_template(
            template="match_ended",
            to=user,
            about=locked,
            occurrence=stamp(locked.ended_at),
            context={
                "match": locked,
                "ended_by_name": by.get_short_name(),
                "note": locked.end_note,
                "to_candidate": user.pk == candidate.user_id,
                "other_name": (
                    locked.mentor.user if user.pk == candidate.user_id else candidate.user
                ).get_short_name(),
                "journey_url": link("candidates:journey"),
                "home_url": link("mentorship:mentor_home"),
            },
        )
    logger.info("Match %s ended by %s", locked.pk, by.pk)
    return locked
