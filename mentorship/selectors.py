"""Reads of the mentorship app, always scoped to what the reader may see, each in a fixed
number of queries."""

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Candidate
from rfs.enums import Role
from rfs.models import Region, User
from rfs.selectors import sees_all_regions

from .enums import MatchRequestStatus, MatchStatus, MentorStatus, QuestionStatus
from .models import Match, MatchRequest, Mentor, Post, Question, QuestionNotification

__all__ = [
    "ACTIVE_MENTOR_STATUSES",
    "CLAIM_WINDOW",
    "MentorHome",
    "MentorStats",
    "RankedMentor",
    "claims_since",
    "match_requests_visible_to",
    "matches_for_candidate",
    "mentor_claims",
    "mentor_for_user",
    "mentor_home",
    "mentors_ranked_for",
    "question_for",
    "question_thread",
    "questions_for_candidate",
    "questions_visible_to",
    "recent_claims",
]

# A mentor's room: weekly capacity minus the questions they claimed in this rolling window.
CLAIM_WINDOW = timedelta(days=7)
# Mentors who still see questions (a paused mentor gets none routed but keeps their page).
ACTIVE_MENTOR_STATUSES = (MentorStatus.APPROVED, MentorStatus.PAUSED)
# Questions a mentor owns and still has to look after.
OWNED_OPEN_STATUSES = (QuestionStatus.CLAIMED, QuestionStatus.ANSWERED)
WAITING_SHOWN = 50
RESOLVED_SHOWN = 10


def claims_since(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - CLAIM_WINDOW


def recent_claims(since: datetime):
    """An annotation for a Mentor queryset: questions the mentor claimed since ``since``
    and still owns (a question handed back no longer counts)."""
    claimed = (
        Question.objects.filter(owner=OuterRef("pk"), claimed_at__gte=since)
        .order_by()
        .values("owner")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(claimed, output_field=IntegerField()), Value(0))


def mentor_claims(mentors, *, now: datetime | None = None) -> dict[int, int]:
    """Questions each mentor claimed in the last 7 days: {mentor pk: count}. One query."""
    pks = [getattr(mentor, "pk", mentor) for mentor in mentors]
    rows = (
        Question.objects.filter(owner_id__in=pks, claimed_at__gte=claims_since(now))
        .values("owner_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    claims = dict.fromkeys(pks, 0)
    claims.update({row["owner_id"]: row["n"] for row in rows})
    return claims


def mentor_for_user(user: User) -> Mentor | None:
    """The person's mentor profile in any status, or None. One query."""
    if not (user and user.is_authenticated):
        return None
    return Mentor.objects.filter(user=user).first()


# --- Questions ----------------------------------------------------------------------------


def _mentor_sees(user: User) -> Q:
    """What an approved or paused mentor sees: every question that isn't private, private
    ones of their areas, and the ones they own or were told about. As subqueries, so the
    queryset costs no extra query."""
    mentor = Mentor.objects.filter(user_id=user.pk, status__in=ACTIVE_MENTOR_STATUSES)
    is_mentor = Exists(mentor)
    in_their_area = Exists(
        Mentor.areas.through.objects.filter(
            mentor__user_id=user.pk,
            mentor__status__in=ACTIVE_MENTOR_STATUSES,
            expertisearea_id=OuterRef("area_id"),
        )
    )
    told = Exists(
        QuestionNotification.objects.filter(
            question_id=OuterRef("pk"),
            mentor__user_id=user.pk,
            mentor__status__in=ACTIVE_MENTOR_STATUSES,
        )
    )
    owns = Q(owner__user_id=user.pk, owner__status__in=ACTIVE_MENTOR_STATUSES)
    return (Q(private=False) & is_mentor) | in_their_area | told | owns


def questions_visible_to(user: User) -> QuerySet[Question]:
    """Questions the person may open.

    National staff: all. A candidate: their own. An approved or paused mentor: every
    question that isn't private, private ones of their areas, and those they own or were
    told about. A regional director: their regions' questions. Anyone else: none.
    """
    if not (user and user.is_authenticated and user.is_active):
        return Question.objects.none()
    if sees_all_regions(user):
        return Question.objects.all()
    scope = Q(candidate__user_id=user.pk) | _mentor_sees(user)
    if user.has_role(Role.REGIONAL_DIRECTOR):
        scope |= Q(region__in=Region.objects.filter(directors=user).values("pk"))
    return Question.objects.filter(scope)


def question_for(user: User, pk: int) -> Question:
    """The question, with its candidate, area and owner, or 404 when the person may not
    see it (the same answer as for a missing one). One query."""
    question = (
        questions_visible_to(user)
        .select_related("candidate__user", "area", "owner__user")
        .filter(pk=pk)
        .first()
    )
    if question is None:
        raise Http404
    return question


def question_thread(question: Question) -> list[Post]:
    """The answers and follow-ups, oldest first, with their authors. One query."""
    return list(
        Post.objects.filter(question=question).select_related("author").order_by("created_at", "pk")
    )


def questions_for_candidate(candidate: Candidate) -> list[Question]:
    """The candidate's own questions for My journey, newest first. One query."""
    return list(
        Question.objects.filter(candidate=candidate)
        .select_related("area", "owner__user")
        .order_by("-created_at")
    )


# --- The mentor's page --------------------------------------------------------------------


@dataclass
class MentorStats:
    answered: int
    # Median hours from the question being asked to the mentor's first answer.
    median_hours_to_answer: float | None
    average_rating: float | None
    ratings: int


@dataclass
class MentorHome:
    waiting: list[Question]
    owned: list[Question]
    recently_resolved: list[Question]
    stats: MentorStats
    matches: list[Match]
    room: int = 0
    claimed_this_week: int = 0
    notified_ids: set[int] = field(default_factory=set)


def _stats(rows: list[tuple[datetime, datetime | None, int | None]]) -> MentorStats:
    """Numbers over the questions a mentor owns: (asked, first answered, rating) rows.

    The time to first answer is measured from when the question was ASKED (created_at),
    not from when the mentor claimed it: that is the wait the candidate felt.
    """
    hours = [
        (answered - asked).total_seconds() / 3600
        for asked, answered, _rating in rows
        if answered is not None
    ]
    ratings = [rating for _asked, _answered, rating in rows if rating is not None]
    return MentorStats(
        answered=len(hours),
        median_hours_to_answer=round(statistics.median(hours), 1) if hours else None,
        average_rating=round(sum(ratings) / len(ratings), 1) if ratings else None,
        ratings=len(ratings),
    )


def mentor_home(mentor: Mentor, *, now: datetime | None = None) -> MentorHome:
    """The mentor's page. Five queries whatever the number of rows:

    1. waiting: open, unclaimed questions in their areas (or that they were told about),
       not their own, those they were told about first, then oldest first (50 at most);
    2. owned: questions they picked up and still look after (claimed before answered);
    3. recently resolved: their last 10;
    4. stats: over every question they own (answered count, median hours from asking to
       first answer, average rating and how many ratings), and how many of them they
       claimed in the last 7 days (their room this week), from the same rows;
    5. active matches, with the candidate's person.

    The questions' details are not read: the page shows titles.
    """
    areas = Mentor.areas.through.objects.filter(mentor_id=mentor.pk).values("expertisearea_id")
    told = QuestionNotification.objects.filter(question_id=OuterRef("pk"), mentor_id=mentor.pk)
    # Their own questions (a mentor may be a candidate too) by the candidate's id, which the
    # database looks up once, rather than a join to every waiting question's candidate.
    own = Candidate.objects.filter(user_id=mentor.user_id).values("pk")
    waiting = list(
        Question.objects.filter(status=QuestionStatus.OPEN, owner__isnull=True)
        .annotate(notified=Exists(told))
        .filter(Q(area_id__in=areas) | Q(notified=True))
        .exclude(candidate_id__in=own)
        .select_related("area")
        # What a row shows (mentorship/templatetags/mentoring.py), nothing more.
        .only("title", "private", "state", "created_at", "area__name")
        .order_by("-notified", "created_at", "pk")[:WAITING_SHOWN]
    )
    owned = sorted(
        Question.objects.filter(owner=mentor, status__in=OWNED_OPEN_STATUSES)
        .select_related("area", "candidate__user")
        .defer("details"),
        # Waiting for them (claimed, or a follow-up came in) before answered; oldest first.
        key=lambda q: (q.status != QuestionStatus.CLAIMED, q.updated_at, q.pk),
    )
    recently_resolved = list(
        Question.objects.filter(owner=mentor, status=QuestionStatus.RESOLVED)
        .select_related("area")
        .defer("details")
        .order_by("-resolved_at", "-pk")[:RESOLVED_SHOWN]
    )
    rows = list(
        Question.objects.filter(owner=mentor).values_list(
            "created_at", "first_answered_at", "rating", "claimed_at"
        )
    )
    stats = _stats([(asked, answered, rating) for asked, answered, rating, _claimed in rows])
    since = claims_since(now)
    claimed = sum(
        1 for *_rest, claimed_at in rows if claimed_at is not None and claimed_at >= since
    )
    matches = list(
        Match.objects.filter(mentor=mentor, status=MatchStatus.ACTIVE)
        .select_related("candidate__user")
        .order_by("-started_at")
    )
    return MentorHome(
        waiting=waiting,
        owned=owned,
        recently_resolved=recently_resolved,
        stats=stats,
        matches=matches,
        room=max(mentor.weekly_capacity - claimed, 0),
        claimed_this_week=claimed,
        notified_ids={q.pk for q in waiting if q.notified},
    )


# --- Matches ------------------------------------------------------------------------------


class RankedMentor(NamedTuple):
    """One ranked mentor: unpacks as ``(mentor, score, reasons)``."""

    mentor: Mentor
    score: int
    reasons: list[str]


# How much each kind of fit weighs when ranking mentors for a match request.
AREA_WEIGHT = 3
STATE_WEIGHT = 2
LANGUAGE_WEIGHT = 2
ROOM_WEIGHT = 1
ROOM_COUNTED = 3  # room beyond three campaigns doesn't make a mentor a better fit


def _active_matches():
    active = (
        Match.objects.filter(mentor=OuterRef("pk"), status=MatchStatus.ACTIVE)
        .order_by()
        .values("mentor")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(active, output_field=IntegerField()), Value(0))


def mentors_ranked_for(request: MatchRequest, limit: int = 10) -> list[RankedMentor]:
    """Approved mentors with room for another campaign, best fit first.

    Score: 3 per area of the request they know, 2 when they know the candidate's state,
    2 when they speak the language asked for, 1 per campaign of room (up to 3). Ties go
    to the mentor with the most room, then the earliest. When the request names areas,
    only mentors who know at least one are ranked. Each result unpacks as
    ``(mentor, score, reasons)``.

    Queries: the request with its candidate (1), its areas (1), the mentors with their
    active matches counted (1), their areas (1): four.
    """
    request = MatchRequest.objects.select_related("candidate").get(pk=request.pk)
    candidate = request.candidate
    wanted = {area.pk: area for area in request.areas.all()}
    mentors = (
        Mentor.objects.filter(status=MentorStatus.APPROVED)
        .exclude(user_id=candidate.user_id)
        .annotate(active_matches=_active_matches())
        .select_related("user")
        .prefetch_related("areas")
        .order_by("pk")
    )
    if wanted:
        mentors = mentors.filter(
            pk__in=Mentor.areas.through.objects.filter(expertisearea_id__in=wanted).values(
                "mentor_id"
            )
        )
    ranked = []
    for mentor in mentors:
        room = mentor.match_capacity - mentor.active_matches
        if room <= 0:
            continue
        shared = [area for area in mentor.areas.all() if area.pk in wanted]
        knows_state = bool(candidate.state) and candidate.state in (mentor.states or [])
        speaks = bool(request.language) and request.language.lower() in [
            lang.lower() for lang in mentor.languages or []
        ]
        score = (
            AREA_WEIGHT * len(shared)
            + STATE_WEIGHT * knows_state
            + LANGUAGE_WEIGHT * speaks
            + ROOM_WEIGHT * min(room, ROOM_COUNTED)
        )
        reasons = []
        if shared:
            reasons.append(
                _("Knows %(areas)s") % {"areas": ", ".join(area.name for area in shared)}
            )
        if knows_state:
            reasons.append(_("Knows %(state)s") % {"state": candidate.get_state_display()})
        if speaks:
            reasons.append(_("Speaks %(language)s") % {"language": request.language})
        reasons.append(_("Room for %(count)d more") % {"count": room})
        ranked.append((room, RankedMentor(mentor=mentor, score=score, reasons=reasons)))
    ranked.sort(key=lambda pair: (-pair[1].score, -pair[0], pair[1].mentor.pk))
    return [entry for _room, entry in ranked[:limit]]


def matches_for_candidate(candidate: Candidate) -> list[Match]:
    """The candidate's matches for My journey, active first, then newest. One query."""
    matches = (
        Match.objects.filter(candidate=candidate)
        .select_related("mentor__user")
        .order_by("-started_at", "-pk")
    )
    return sorted(matches, key=lambda match: match.status != MatchStatus.ACTIVE)


def match_requests_visible_to(user: User) -> QuerySet[MatchRequest]:
    """National staff: every request. A regional director: the open requests of their
    regions' candidates. Anyone else: none."""
    if not (user and user.is_authenticated and user.is_active):
        return MatchRequest.objects.none()
    if sees_all_regions(user):
        return MatchRequest.objects.all()
    if user.has_role(Role.REGIONAL_DIRECTOR):
        return MatchRequest.objects.filter(
            status=MatchRequestStatus.OPEN,
            candidate__region__in=Region.objects.filter(directors=user).values("pk"),
        )
    return MatchRequest.objects.none()
