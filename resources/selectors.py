"""Reads of the resource library and the trainings.

Who sees what is one question, ``audiences_for(user)``: visitors read what is public,
candidates what is for signed-in candidates too (and, once endorsed, what is for
endorsed candidates), and the team everything published. Unpublished rows appear only
in the admin. Every function here reads in a fixed number of queries.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from candidates.enums import Concern, ScreeningNextStep
from candidates.models import Candidate
from rfs.enums import Role

from .enums import Audience, Format, Topic
from .models import (
    Bookmark,
    Course,
    CourseCompletion,
    Lesson,
    LessonProgress,
    PartnerTraining,
    Resource,
)
from .rules import is_endorsed_candidate

__all__ = [
    "CATALOGUE_CACHE_SECONDS",
    "CONCERN_TOPICS",
    "LIBRARY_PAGE_SIZE",
    "NEXT_STEP_TOPICS",
    "SEARCH_CONFIG",
    "SUGGESTIONS_MAX",
    "CourseRow",
    "Facet",
    "LibraryResults",
    "audiences_for",
    "bookmarks_for",
    "candidate_of",
    "course_lessons",
    "courses_completed",
    "courses_for",
    "courses_visible_to",
    "journey_trainings",
    "library_search",
    "partner_trainings_upcoming",
    "published_course_rows",
    "resources_sendable_to",
    "resources_suggested",
    "resources_visible_to",
]

SUGGESTIONS_MAX = 6

# How long My journey may show the published courses (titles, order, lesson counts) from
# the cache: an edit in the admin shows up within a minute, and nothing is invalidated.
CATALOGUE_CACHE_SECONDS = 60

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


def courses_completed(*, candidate) -> list:
    """The courses a candidate completed, newest first, each with its course: one query.
    Shown to their director and in the screening and endorsement review as readiness."""
    return list(
        CourseCompletion.objects.filter(candidate=candidate, course__counts_as_readiness=True)
        .select_related("course")
        .order_by("-completed_at")
    )


# --- Who sees what ---------------------------------------------------------------------------

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


# --- The library: search and facets ------------------------------------------------------------

LIBRARY_PAGE_SIZE = 12
# PostgreSQL's text search configuration; migration 0003 indexes the same expression.
SEARCH_CONFIG = "english"
# Words of a query matched on SQLite (a laptop's fallback): enough for any real query.
SQLITE_MAX_WORDS = 8


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class LibraryResults:
    page: Page
    # Disjunctive counts: a topic's count is over the matches of the query and the chosen
    # formats (topics widen each other), a format's over the query and the chosen topics.
    topics: list[Facet]
    formats: list[Facet]
    total: int
    bookmarked: set[int] = field(default_factory=set)


def _search_postgresql(queryset: QuerySet[Resource], q: str) -> QuerySet[Resource]:
    """Full-text search: title weighs A, description B, body C; matches of the title
    come first whatever the rank of a body that repeats the words (ts_rank lets many body
    hits outweigh one title hit), then by rank, then newest."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )
    query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.annotate(
            document=vector, title_document=SearchVector("title", config=SEARCH_CONFIG)
        )
        .filter(document=query)
        .annotate(
            rank=SearchRank(vector, query),
            title_hit=Case(
                When(title_document=query, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-title_hit", "-rank", "-created_at", "-pk")
    )


def _search_sqlite(queryset: QuerySet[Resource], q: str) -> QuerySet[Resource]:
    """Every word somewhere in the title, description or body; all words in the title
    first, then some in the title, then in the description, then newest."""
    words = re.findall(r"\w+", q)[:SQLITE_MAX_WORDS]
    if not words:
        return queryset.order_by("-created_at", "-pk")
    every_word = Q()
    in_title_all, in_title_any, in_description_any = Q(), Q(), Q()
    for word in words:
        every_word &= (
            Q(title__icontains=word) | Q(description__icontains=word) | Q(body__icontains=word)
        )
        in_title_all &= Q(title__icontains=word)
        in_title_any |= Q(title__icontains=word)
        in_description_any |= Q(description__icontains=word)
    score = Case(
        When(in_title_all, then=Value(3)),
        When(in_title_any, then=Value(2)),
        When(in_description_any, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        queryset.filter(every_word).annotate(score=score).order_by("-score", "-created_at", "-pk")
    )


def _matching(user, q: str) -> QuerySet[Resource]:
    queryset = resources_visible_to(user)
    if not q:
        return queryset.order_by("-created_at", "-pk")
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, q)
    return _search_sqlite(queryset, q)


def library_search(
    *,
    user,
    q: str = "",
    topics: Sequence[str] = (),
    formats: Sequence[str] = (),
    page: int | str | None = 1,
    page_size: int = LIBRARY_PAGE_SIZE,
) -> LibraryResults:
    """One page of the resources ``user`` may read that match ``q``, any of ``topics``
    and any of ``formats``, best match first (newest first without a query), with the
    facet counts and which results the user bookmarked.

    Three queries at most besides ``audiences_for``'s: the matches' ids, formats and
    topics in order (the facets, the total and the page's ids are counted from it), the
    page's rows, and the user's bookmarks among them. Topics are a JSON list, and SQLite
    has no JSON containment lookup (Django raises NotSupportedError), so the topic filter
    runs on that first read, the same way on both databases; a library holds hundreds
    of resources, not millions.
    """
    q = q.strip()
    chosen_topics, chosen_formats = set(topics), set(formats)
    rows = list(_matching(user, q).values_list("pk", "format", "topics"))

    def has_topic(row) -> bool:
        return not chosen_topics or bool(chosen_topics & set(row[2] or []))

    def has_format(row) -> bool:
        return not chosen_formats or row[1] in chosen_formats

    topic_counts = Counter(topic for row in rows if has_format(row) for topic in set(row[2] or []))
    format_counts = Counter(row[1] for row in rows if has_topic(row))
    ordered = [row[0] for row in rows if has_topic(row) and has_format(row)]

    paginator = Paginator(ordered, page_size)
    result_page = paginator.get_page(page)
    by_pk = Resource.objects.defer("body").in_bulk(result_page.object_list)
    result_page.object_list = [by_pk[pk] for pk in result_page.object_list if pk in by_pk]
    bookmarked: set[int] = set()
    if user and user.is_authenticated and by_pk:
        bookmarked = set(
            Bookmark.objects.filter(user=user, resource_id__in=list(by_pk)).values_list(
                "resource_id", flat=True
            )
        )
    return LibraryResults(
        page=result_page,
        topics=[
            Facet(value, str(label), topic_counts[value], value in chosen_topics)
            for value, label in Topic.choices
            if topic_counts[value] or value in chosen_topics
        ],
        formats=[
            Facet(value, str(label), format_counts[value], value in chosen_formats)
            for value, label in Format.choices
            if format_counts[value] or value in chosen_formats
        ],
        total=len(ordered),
        bookmarked=bookmarked,
    )


def bookmarks_for(user) -> QuerySet[Bookmark]:
    """The user's bookmarks of resources they may still read, newest first, each with its
    resource (a resource unpublished or moved to another audience since drops out)."""
    return (
        Bookmark.objects.filter(user=user, resource__in=resources_visible_to(user))
        .select_related("resource")
        .defer("resource__body")
        .order_by("-created_at", "-pk")
    )


# --- Trainings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CourseRow:
    course: Course
    lessons: int
    # For a candidate: lessons they completed, and whether they completed the course.
    done: int = 0
    completed: bool = False

    @property
    def in_progress(self) -> bool:
        return self.done > 0 and not self.completed


def _count(queryset: QuerySet) -> Subquery:
    """A correlated COUNT(*) subquery (COUNT as a plain function adds no GROUP BY)."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"))


def _course_rows(courses: QuerySet[Course], candidate: Candidate | None) -> list[CourseRow]:
    """Each course with its lesson count and the candidate's progress: one query. The
    counts are subqueries, so a course's progress rows of every other candidate are
    never read."""
    courses = courses.annotate(lesson_count=_count(Lesson.objects.filter(course=OuterRef("pk"))))
    if candidate is None:
        return [CourseRow(course, course.lesson_count) for course in courses]
    courses = courses.annotate(
        done_count=_count(
            LessonProgress.objects.filter(candidate=candidate, lesson__course=OuterRef("pk"))
        ),
        completed=Exists(
            CourseCompletion.objects.filter(course=OuterRef("pk"), candidate=candidate)
        ),
    )
    return [
        CourseRow(course, course.lesson_count, course.done_count, course.completed)
        for course in courses
    ]


def courses_for(user, candidate: Candidate | None = None) -> list[CourseRow]:
    """The courses ``user`` may take, in the order staff set, with the candidate's progress."""
    return _course_rows(courses_visible_to(user).order_by("position", "title", "pk"), candidate)


def course_lessons(
    course: Course, candidate: Candidate | None
) -> tuple[list[Lesson], set[int], CourseCompletion | None]:
    """A course's lessons in order, the ones the candidate completed, and their completion
    if they finished it: three queries for a candidate, one for anyone else."""
    lessons = list(course.lessons.order_by("position", "pk").defer("body"))
    if candidate is None:
        return lessons, set(), None
    done = set(
        LessonProgress.objects.filter(candidate=candidate, lesson__course=course).values_list(
            "lesson_id", flat=True
        )
    )
    completion = CourseCompletion.objects.filter(candidate=candidate, course=course).first()
    return lessons, done, completion


def partner_trainings_upcoming(
    candidate: Candidate | None = None, *, today: date | None = None
) -> list[PartnerTraining]:
    """Published partner trainings that have not ended, soonest first, each with its
    organiser. A candidate sees those for everyone and those for their state; anyone else
    sees them all. One query: states are a JSON list, filtered here (there are dozens)."""
    today = today or timezone.localdate()
    trainings = (
        PartnerTraining.objects.filter(published=True)
        .filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))
        .select_related("organiser")
        .order_by("starts_on", "title", "pk")
    )
    if candidate is None:
        return list(trainings)
    return [
        training
        for training in trainings
        if not training.states or candidate.state in training.states
    ]


# --- My journey and the data export ----------------------------------------------------------------


def published_course_rows() -> list[CourseRow]:
    """Every published course in the order staff set, with its lesson count. The same for
    everyone, so read from the cache, at most a minute old: a course staff publish,
    rename or reorder in the admin shows up within ``CATALOGUE_CACHE_SECONDS``. One query
    when the cache is cold."""
    return cache.get_or_set(
        "resources:published-course-rows:v1",
        lambda: _course_rows(
            Course.objects.filter(published=True).order_by("position", "title", "pk"), None
        ),
        CATALOGUE_CACHE_SECONDS,
    )


def journey_trainings(
    candidate: Candidate, *, bookmarks: int | None = None
) -> tuple[list[CourseRow], list[CourseRow], int]:
    """Courses the candidate started but did not finish, courses they finished, and how
    many bookmarks they keep.

    One query for their progress (the course of each lesson they did and each course
    they completed, as one UNION ALL), the published courses from the cache
    (``published_course_rows``), and one for their bookmarks unless already counted (My
    journey counts them with the candidate's other rows, ``selectors_community.journey_facts``).
    """
    lessons_done: Counter[int] = Counter()
    completed: set[int] = set()
    # Unordered: SQLite refuses ORDER BY (the models' default ordering) inside a UNION.
    progress = (
        LessonProgress.objects.filter(candidate=candidate)
        .order_by()
        .values_list("lesson__course_id", Value(False))
    )
    completions = (
        CourseCompletion.objects.filter(candidate=candidate)
        .order_by()
        .values_list("course_id", Value(True))
    )
    for course_id, is_completion in progress.union(completions, all=True):
        if is_completion:
            completed.add(course_id)
        else:
            lessons_done[course_id] += 1
    started = [
        CourseRow(row.course, row.lessons, lessons_done[row.course.pk], row.course.pk in completed)
        for row in published_course_rows()
        if row.course.pk in lessons_done or row.course.pk in completed
    ]
    if bookmarks is None:
        bookmarks = Bookmark.objects.filter(user_id=candidate.user_id).count()
    return (
        [row for row in started if row.in_progress],
        [row for row in started if row.completed],
        bookmarks,
    )
