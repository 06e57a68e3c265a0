"""Rows of the permission matrix (tests/rfs/test_permissions.py) for these pages:
url name -> (kwargs builder taking the persona getter, expected status per persona)."""

from tests.conftest import PERSONAS

EVERYONE_200 = dict.fromkeys(PERSONAS, 200)
SIGNED_IN_200 = {**EVERYONE_200, "anonymous": 302}
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "anonymous": 302}
# Something for endorsed candidates: a visitor is sent to sign in, the (not endorsed)
# candidate persona gets 404, the team reads everything.
ENDORSED_ONLY = {**EVERYONE_200, "anonymous": 302, "candidate_user": 404}


def endorsed_resource(persona) -> dict:
    from resources.enums import Audience
    from tests.factories.resources import ResourceFactory

    return {"slug": ResourceFactory(audience=Audience.ENDORSED).slug}


def a_resource(persona) -> dict:
    from tests.factories.resources import ResourceFactory

    return {"slug": ResourceFactory().slug}


def candidates_course(persona) -> dict:
    from tests.factories.resources import CourseFactory

    return {"slug": CourseFactory(lessons=2).slug}


def candidates_lesson(persona) -> dict:
    from tests.factories.resources import CourseFactory

    course = CourseFactory(lessons=2)
    return {"slug": course.slug, "pk": course.lessons.order_by("position").first().pk}


MATRIX: dict = {
    # The library: everyone searches it (each sees the audiences they may read).
    "resources:library": (lambda persona: {}, EVERYONE_200),
    # A resource for endorsed candidates; the other audiences are in test_library.py.
    "resources:resource": (endorsed_resource, ENDORSED_ONLY),
    # The Bookmark button posts; the bookmarks page is for anyone signed in.
    "resources:bookmark": (a_resource, POST_ONLY),
    "resources:bookmarks": (lambda persona: {}, SIGNED_IN_200),
    # Trainings: everyone sees the list; a course for candidates (and its lessons) sends a
    # visitor to sign in; the Mark as done button posts (candidates only: 404 otherwise).
    "resources:trainings": (lambda persona: {}, EVERYONE_200),
    "resources:course": (candidates_course, SIGNED_IN_200),
    "resources:lesson": (candidates_lesson, SIGNED_IN_200),
    "resources:lesson_complete": (candidates_lesson, POST_ONLY),
}
