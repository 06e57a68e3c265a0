"""Trainings: courses and their lessons, courses completed, partner trainings, and the courses
on My journey."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import (
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone

from candidates.models import Candidate

from ..models import (
    Bookmark,
    Course,
    CourseCompletion,
    Lesson,
    LessonProgress,
    PartnerTraining,
)
from .visibility import courses_visible_to

__all__ = [
    "CATALOGUE_CACHE_SECONDS",
    "CourseRow",
    "course_lessons",
    "courses_completed",
    "courses_for",
    "journey_trainings",
    "partner_trainings_upcoming",
    "published_course_rows",
]


# How long My journey may show the published courses (titles, order, lesson counts) from
# the cache: an edit in the admin shows up within a minute, and nothing is invalidated.
CATALOGUE_CACHE_SECONDS = 60


def courses_completed(*, candidate) -> list:
    """The courses a candidate completed, newest first, each with its course: one query.
    Shown to their director and in the screening and endorsement review as readiness."""
    return list(
        CourseCompletion.objects.filter(candidate=candidate, course__counts_as_readiness=True)
        .select_related("course")
        .order_by("-completed_at")
    )


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
    journey counts them with the candidate's other rows, ``selectors.journey_facts``).
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
