"""Writes of the library and the trainings: bookmarks and lesson progress.

Callers pass rows they read through ``resources.selectors`` (``resources_visible_to``,
``courses_visible_to``), so a person only ever bookmarks or completes what they may read.
"""

from collections.abc import Iterable

from django.db import transaction

from candidates.models import Candidate
from rfs.models import User

from ..models import Bookmark, CourseCompletion, Lesson, LessonProgress, Resource, SentResource
from ..selectors import resources_sendable_to

__all__ = ["bookmark_toggle", "lesson_complete", "resources_send_after_screening"]


@transaction.atomic
def bookmark_toggle(*, user: User, resource: Resource) -> bool:
    """Bookmark ``resource`` for ``user``, or remove their bookmark; True if it is now bookmarked.

    Side effects, in order:
    1. Deletes the user's bookmark of the resource if there is one, and stops there.
    2. Otherwise writes one (a second click racing the first finds it there: the unique
       constraint and get_or_create keep one row).
    """
    deleted, _ = Bookmark.objects.filter(user=user, resource=resource).delete()
    if deleted:
        return False
    Bookmark.objects.get_or_create(user=user, resource=resource)
    return True


@transaction.atomic
def lesson_complete(*, candidate: Candidate, lesson: Lesson) -> tuple[LessonProgress, bool]:
    """Record that ``candidate`` completed ``lesson``; returns their progress row and
    whether this completed the course (True once: the call that wrote the completion).

    Side effects, in order:
    1. Locks the candidate's row, so two lessons completed at once (two tabs) take turns
       and the second sees the first: otherwise each could see the other lesson undone
       and neither would complete the course.
    2. Writes the LessonProgress row, once per candidate and lesson (a double click
       finds it there).
    3. When every lesson of the course is now done, writes the CourseCompletion row,
       once: it is what their director and the endorsement review read as readiness.
    """
    Candidate.objects.select_for_update().filter(pk=candidate.pk).values_list("pk", flat=True).get()
    progress, _ = LessonProgress.objects.get_or_create(candidate=candidate, lesson=lesson)
    course = lesson.course
    lessons = course.lessons.count()
    done = LessonProgress.objects.filter(candidate=candidate, lesson__course=course).count()
    if done < lessons:
        return progress, False
    _completion, created = CourseCompletion.objects.get_or_create(
        candidate=candidate, course=course
    )
    return progress, created


def resources_send_after_screening(*, log, chosen: Iterable[Resource | int]) -> list[Resource]:
    """Record the resources a screener picked on a 1:1 log (``candidates.ScreeningLog``)
    as sent to its candidate, and return them by title for the candidate's email.

    Only what the candidate can open is kept: a resource for endorsed candidates, or one
    with nowhere to open it, would be a dead title in their email. Each resource is
    sent once per candidate (a second log or a retry adds nothing). Runs inside the
    log's transaction (``candidates.services.screening_log_create``).
    """
    resource_ids = [getattr(r, "pk", r) for r in chosen]
    picked = list(
        resources_sendable_to(log.candidate.user)
        .filter(pk__in=resource_ids)
        .order_by("title", "pk")
    )
    SentResource.objects.bulk_create(
        [SentResource(candidate=log.candidate, resource=r, screening_log=log) for r in picked],
        ignore_conflicts=True,
    )
    return picked
