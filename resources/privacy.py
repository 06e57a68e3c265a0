"""The resources app's part of a candidate's data export (candidates.privacy).

Erasure needs nothing here: bookmarks belong to the account, lesson progress and course
completions to the candidate record, and each is deleted with it.
"""

from typing import Any

from candidates.models import Candidate

from .models import Bookmark, CourseCompletion, LessonProgress
from .selectors import export_community


def export_sections(candidate: Candidate) -> dict[str, Any]:
    """Their bookmarks, the lessons and courses they completed (three queries), and the
    community part's own sections (their directory entry and perk claims)."""
    bookmarks = (
        Bookmark.objects.filter(user_id=candidate.user_id)
        .select_related("resource")
        .order_by("created_at", "pk")
    )
    lessons = (
        LessonProgress.objects.filter(candidate=candidate)
        .select_related("lesson__course")
        .order_by("completed_at", "pk")
    )
    courses = (
        CourseCompletion.objects.filter(candidate=candidate)
        .select_related("course")
        .order_by("completed_at", "pk")
    )
    return {
        "library_bookmarks": [
            {
                "resource": mark.resource.title,
                "link": mark.resource.url,
                "bookmarked": mark.created_at.isoformat(),
            }
            for mark in bookmarks
        ],
        "lessons_completed": [
            {
                "course": done.lesson.course.title,
                "lesson": done.lesson.title,
                "completed": done.completed_at.isoformat(),
            }
            for done in lessons
        ],
        "courses_completed": [
            {"course": done.course.title, "completed": done.completed_at.isoformat()}
            for done in courses
        ],
        **export_community(candidate),
    }
