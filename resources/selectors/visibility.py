"""Who sees which resources (the team all, candidates by audience), and what fits a candidate's
concerns."""

from collections.abc import Iterable

from django.db.models import (
    Q,
    QuerySet,
)

from candidates.enums import Concern, ScreeningNextStep
from candidates.models import Candidate
from rfs.enums import Role

from ..enums import Audience, Topic
from ..models import (
    Course,
    Resource,
)
from ..rules import is_endorsed_candidate

__all__ = [
    "CONCERN_TOPICS",
    "NEXT_STEP_TOPICS",
    "SUGGESTIONS_MAX",
    "audiences_for",
    "candidate_of",
    "courses_visible_to",
    "resources_sendable_to",
    "resources_suggested",
    "resources_visible_to",
]


SUGGESTIONS_MAX = 6


# What helps with each concern a screener hears on a 1:1 call.
CONCERN_TOPICS: dict[str, frozenset[str]] = {
    Concern.MONEY: frozenset({Topic.FUNDRAISING, Topic.BUDGET}),
    Concern.TIME: frozenset({Topic.VOLUNTEERS, Topic.FIELD_PLAN}),
    Concern.FAMILY: frozenset({Topic.VOLUNTEERS}),
    Concern.BALLOT_ACCESS: frozenset({Topic.BALLOT_ACCESS}),
    Concern.SAFETY: frozenset({Topic.SAFETY}),
    Concern.EXPERIENCE: frozenset({Topic.DEBATE_PREP, Topic.COMMUNICATIONS}),
    Concern.PUBLIC_SPEAKING: frozenset({Topic.DEBATE_PREP, Topic.COMMUNICATIONS}),
    Concern.JOB: frozenset({Topic.BUDGET}),
    Concern.OTHER: frozenset(),
}


# What the recommended next step adds.
NEXT_STEP_TOPICS: dict[str, frozenset[str]] = {
    ScreeningNextStep.READY: frozenset({Topic.BALLOT_ACCESS, Topic.FUNDRAISING}),
    ScreeningNextStep.NEEDS_MENTOR: frozenset({Topic.COMMUNICATIONS}),
}


def resources_suggested(
    *, concerns: Iterable[str], next_step: str = "", for_user=None
) -> list[Resource]:
    """Published resources for these concerns and next step: at most six, the ones
    matching the most topics first, then by title.

    JSON list containment reads differently on SQLite and PostgreSQL, so the published
    resources' topics are fetched (one query) and scored here; the library holds
    hundreds, not millions. A second query fetches the chosen rows.
    """
    wanted: set[str] = set()
    for concern in concerns:
        wanted |= CONCERN_TOPICS.get(concern, frozenset())
    wanted |= NEXT_STEP_TOPICS.get(next_step, frozenset())
    if not wanted:
        return []
    scored = []
    # For a candidate: only what they may open (a screener's picker never offers the rest).
    pool = (
        resources_sendable_to(for_user)
        if for_user is not None
        else Resource.objects.filter(published=True)
    )
    for pk, title, topics in pool.values_list("pk", "title", "topics"):
        score = len(wanted & set(topics or []))
        if score:
            scored.append((-score, title.casefold(), pk))
    chosen = [pk for _, _, pk in sorted(scored)[:SUGGESTIONS_MAX]]
    by_pk = Resource.objects.in_bulk(chosen)
    return [by_pk[pk] for pk in chosen if pk in by_pk]


# The team reads the whole library: they send it, teach from it and answer questions on it.
TEAM_ROLES = frozenset(
    {
        Role.SCREENER,
        Role.MENTOR,
        Role.COMMITTEE_MEMBER,
        Role.REGIONAL_DIRECTOR,
        Role.NATIONAL_STAFF,
    }
)


def audiences_for(user) -> list[str]:
    """The audiences whose published resources and courses ``user`` may read.

    Visitors: public. Candidates: public and signed-in candidates, and endorsed once they
    are (one query for their candidate row, cached on the user). The team (any volunteer
    or staff role) and superusers: everything. Anyone else signed in: public.
    """
    if not (user and user.is_authenticated and user.is_active):
        return [Audience.PUBLIC]
    if user.is_superuser or user.role_names & TEAM_ROLES:
        return list(Audience.values)
    if user.has_role(Role.CANDIDATE):
        if is_endorsed_candidate(user):
            return [Audience.PUBLIC, Audience.CANDIDATES, Audience.ENDORSED]
        return [Audience.PUBLIC, Audience.CANDIDATES]
    return [Audience.PUBLIC]


def resources_visible_to(user) -> QuerySet[Resource]:
    return Resource.objects.filter(published=True, audience__in=audiences_for(user))


def resources_sendable_to(user) -> QuerySet[Resource]:
    """What a screener may send ``user``: resources they may read that open somewhere
    (a library page, a file or a link), never a bare title."""
    openable = (Q(slug__isnull=False) & ~Q(slug="")) | ~Q(url="") | ~Q(file="")
    return resources_visible_to(user).filter(openable)


def courses_visible_to(user) -> QuerySet[Course]:
    return Course.objects.filter(published=True, audience__in=audiences_for(user))


def candidate_of(user) -> Candidate | None:
    """The signed-in candidate's own record (cached on the user), or None for anyone else."""
    if not (user and user.is_authenticated and user.has_role(Role.CANDIDATE)):
        return None
    return getattr(user, "candidate", None)
