"""Reads of the resource library."""

from collections.abc import Iterable

from candidates.enums import Concern, ScreeningNextStep

from .enums import Topic
from .models import Resource

__all__ = ["CONCERN_TOPICS", "NEXT_STEP_TOPICS", "SUGGESTIONS_MAX", "courses_completed", "resources_suggested"]

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


def resources_suggested(*, concerns: Iterable[str], next_step: str = "") -> list[Resource]:
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
    for pk, title, topics in Resource.objects.filter(published=True).values_list("pk", "title", "topics"):
        score = len(wanted & set(topics or []))
        if score:
            scored.append((-score, title.casefold(), pk))
    chosen = [pk for _, _, pk in sorted(scored)[:SUGGESTIONS_MAX]]
    by_pk = Resource.objects.in_bulk(chosen)
    return [by_pk[pk] for pk in chosen if pk in by_pk]


def courses_completed(*, candidate) -> list:
    """The courses a candidate completed, newest first, each with its course: one query.
    Shown to their director and in the screening and endorsement review as readiness."""
    from .models import CourseCompletion

    return list(
        CourseCompletion.objects.filter(candidate=candidate, course__counts_as_readiness=True)
        .select_related("course").order_by("-completed_at")
    )
