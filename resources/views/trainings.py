"""Trainings: courses made of lessons, a candidate's progress through them, and the
partner trainings coming up.

Courses follow the library's audiences (``library.audience_gate``): a visitor opening a
course for candidates is sent to sign in, and a signed-in person it is not for gets 404.
Anyone who may read a course may read its lessons; only candidates record progress
("Mark as done"; anyone else: 404, as for the rest of a candidate's own pages).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.selectors import candidate_for_user

from .. import services
from ..markdown import render_markdown
from ..models import Course, Lesson
from ..selectors import candidate_of, course_lessons, courses_for, partner_trainings_upcoming
from .library import audience_gate


def _course(request: HttpRequest, slug: str) -> Course | HttpResponse:
    """The published course, or the answer for someone it is not for."""
    course = get_object_or_404(Course, slug=slug, published=True)
    answer = audience_gate(request, course.audience)
    return course if answer is None else answer


def trainings(request: HttpRequest) -> HttpResponse:
    candidate = candidate_of(request.user)
    return render(
        request,
        "resources/trainings/list.html",
        {
            "candidate": candidate,
            "courses": courses_for(request.user, candidate),
            "partner_trainings": partner_trainings_upcoming(candidate),
        },
    )


def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = _course(request, slug)
    if isinstance(course, HttpResponse):
        return course
    candidate = candidate_of(request.user)
    lessons, done, completion = course_lessons(course, candidate)
    return render(
        request,
        "resources/trainings/course.html",
        {
            "candidate": candidate,
            "course": course,
            "lessons": [(lesson, lesson.pk in done) for lesson in lessons],
            "done": len(done),
            "completion": completion,
            # Where "Start" or "Continue" leads: the first lesson not done yet.
            "next_lesson": next((lesson for lesson in lessons if lesson.pk not in done), None),
        },
    )


def lesson_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    course = _course(request, slug)
    if isinstance(course, HttpResponse):
        return course
    lesson = get_object_or_404(Lesson, pk=pk, course=course)
    candidate = candidate_of(request.user)
    lessons, done, _completion = course_lessons(course, candidate)
    index = next(i for i, other in enumerate(lessons) if other.pk == lesson.pk)
    return render(
        request,
        "resources/trainings/lesson.html",
        {
            "candidate": candidate,
            "course": course,
            "lesson": lesson,
            "body": render_markdown(lesson.body),
            "number": index + 1,
            "total": len(lessons),
            "is_done": lesson.pk in done,
            "previous_lesson": lessons[index - 1] if index > 0 else None,
            "next_lesson": lessons[index + 1] if index + 1 < len(lessons) else None,
        },
    )


@login_required
@require_POST
def lesson_complete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The "Mark as done" button; then on to the next lesson (or back to the course)."""
    candidate = candidate_for_user(request.user)
    course = _course(request, slug)
    if isinstance(course, HttpResponse):  # a signed-in person gets 404 rather than a login page
        raise Http404
    lesson = get_object_or_404(Lesson.objects.select_related("course"), pk=pk, course=course)
    _progress, course_completed = services.lesson_complete(candidate=candidate, lesson=lesson)
    messages.success(request, _("Lesson done. Nice work!"))
    if course_completed:
        messages.success(
            request,
            _(
                "You finished “%(course)s”! It's on My journey now, and your regional director can see it."
            )
            % {"course": course.title},
        )
        return redirect("resources:course", slug=course.slug)
    order = list(course.lessons.order_by("position", "pk").values_list("pk", flat=True))
    index = order.index(lesson.pk)
    if index + 1 < len(order):
        return redirect("resources:lesson", slug=course.slug, pk=order[index + 1])
    return redirect("resources:course", slug=course.slug)


urlpatterns = [
    path("trainings/", trainings, name="trainings"),
    path("trainings/<slug:slug>/", course_detail, name="course"),
    path("trainings/<slug:slug>/<int:pk>/", lesson_detail, name="lesson"),
    path("trainings/<slug:slug>/<int:pk>/complete/", lesson_complete, name="lesson_complete"),
]
