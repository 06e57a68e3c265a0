"""Trainings: courses by audience, lessons with done ticks, Mark as done (once, and the
course completion once), partner trainings, My journey's part and the data export, the
demo data, and pages that keep a constant number of queries."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse

from candidates.enums import Stage
from candidates.services import candidate_move
from resources import demo, services
from resources.enums import Audience, Format, Topic
from resources.journey import journey_context
from resources.models import (
    Course,
    CourseCompletion,
    Lesson,
    LessonProgress,
    PartnerTraining,
    Resource,
)
from resources.privacy import export_sections
from resources.selectors import courses_completed, partner_trainings_upcoming
from tests.conftest import PERSONAS, require_service
from tests.factories import CandidateFactory
from tests.factories.community import endorse
from tests.factories.resources import (
    BookmarkFactory,
    CourseCompletionFactory,
    CourseFactory,
    LessonProgressFactory,
    PartnerTrainingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def casey(candidate_user):
    return candidate_user.candidate


@pytest.fixture
def course(db):
    return CourseFactory(title="Your first 30 days", lessons=3)


def lessons_of(course: Course) -> list[Lesson]:
    return list(course.lessons.order_by("position", "pk"))


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def complete_url(lesson: Lesson) -> str:
    return reverse("resources:lesson_complete", args=[lesson.course.slug, lesson.pk])


# --- The service ----------------------------------------------------------------------------------


def test_lesson_complete_records_progress_once(casey, course):
    first = lessons_of(course)[0]

    progress, completed = services.lesson_complete(candidate=casey, lesson=first)
    again, completed_again = services.lesson_complete(candidate=casey, lesson=first)

    assert again == progress
    assert (completed, completed_again) == (False, False)
    assert LessonProgress.objects.filter(candidate=casey).count() == 1


def test_the_last_lesson_completes_the_course_once(casey, course):
    first, second, third = lessons_of(course)
    services.lesson_complete(candidate=casey, lesson=first)
    services.lesson_complete(candidate=casey, lesson=third)

    _progress, completed = services.lesson_complete(candidate=casey, lesson=second)
    _progress, completed_again = services.lesson_complete(candidate=casey, lesson=second)

    assert (completed, completed_again) == (True, False)
    assert list(CourseCompletion.objects.values_list("candidate", "course")) == [
        (casey.pk, course.pk)
    ]
    assert [done.course for done in courses_completed(candidate=casey)] == [course]


def test_progress_in_another_course_does_not_complete_this_one(casey, course):
    other = CourseFactory(lessons=2)
    for lesson in lessons_of(other):
        services.lesson_complete(candidate=casey, lesson=lesson)

    services.lesson_complete(candidate=casey, lesson=lessons_of(course)[0])

    assert list(CourseCompletion.objects.values_list("course", flat=True)) == [other.pk]


@pytest.mark.django_db(transaction=True)
def test_lessons_completed_at_the_same_time_complete_the_course_once(monkeypatch):
    """Two tabs finishing the last two lessons together: the candidate row lock makes
    the second see the first, so the course is completed exactly once for each."""
    require_service(
        "PostgreSQL", connection.vendor == "postgresql", "row locks need a real database"
    )
    # Widen the gap between writing the progress row and counting the lessons done, where
    # two unlocked transactions would each miss the other's lesson (and neither complete).
    write_progress = LessonProgress.objects.get_or_create

    def slow_write(**kwargs):
        written = write_progress(**kwargs)
        time.sleep(0.2)
        return written

    monkeypatch.setattr(LessonProgress.objects, "get_or_create", slow_write)
    course = CourseFactory(lessons=2)
    first, second = lessons_of(course)
    candidates = [CandidateFactory() for _ in range(8)]
    work = [(candidate, lesson) for candidate in candidates for lesson in (first, second)]
    results, errors = [], []
    barrier = threading.Barrier(len(work))

    def attempt(item) -> None:
        candidate, lesson = item
        try:
            barrier.wait(timeout=60)
            results.append(
                (candidate.pk, services.lesson_complete(candidate=candidate, lesson=lesson)[1])
            )
        except BaseException as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(work)) as pool:
        list(pool.map(attempt, work))

    assert errors == []
    assert sorted(pk for pk, completed in results if completed) == sorted(c.pk for c in candidates)
    assert CourseCompletion.objects.filter(course=course).count() == len(candidates)
    assert LessonProgress.objects.count() == 2 * len(candidates)


# --- Mark as done ---------------------------------------------------------------------------------


def test_mark_as_done_records_and_moves_to_the_next_lesson(client, casey, course):
    first, second, _third = lessons_of(course)
    client.force_login(casey.user)

    response = client.post(complete_url(first))

    assert response.status_code == 302
    assert response["Location"] == reverse("resources:lesson", args=[course.slug, second.pk])
    assert messages_of(response) == ["Lesson done. Nice work!"]
    assert list(LessonProgress.objects.values_list("candidate", "lesson")) == [(casey.pk, first.pk)]


def test_mark_as_done_twice_records_once(client, casey, course):
    first = lessons_of(course)[0]
    client.force_login(casey.user)

    client.post(complete_url(first))
    client.post(complete_url(first))

    assert LessonProgress.objects.filter(candidate=casey).count() == 1


def test_mark_as_done_on_the_last_lesson_completes_the_course(client, casey, course):
    first, second, third = lessons_of(course)
    LessonProgressFactory(candidate=casey, lesson=first)
    LessonProgressFactory(candidate=casey, lesson=second)
    client.force_login(casey.user)

    response = client.post(complete_url(third))

    assert response["Location"] == reverse("resources:course", args=[course.slug])
    assert messages_of(response) == [
        "Lesson done. Nice work!",
        "You finished “Your first 30 days”! It's on My journey now, and your regional director can see it.",
    ]
    assert CourseCompletion.objects.filter(candidate=casey, course=course).count() == 1


@pytest.mark.parametrize(
    "persona_name", ["screener", "mentor", "committee_member", "director", "staff"]
)
def test_mark_as_done_is_for_candidates_only(client_as, persona_name, course):
    response = client_as(persona_name).post(complete_url(lessons_of(course)[0]))

    assert response.status_code == 404
    assert not LessonProgress.objects.exists()


def test_mark_as_done_on_a_course_for_endorsed_candidates_is_404_before_endorsement(client, casey):
    course = CourseFactory(audience=Audience.ENDORSED, lessons=1)
    client.force_login(casey.user)

    assert client.post(complete_url(lessons_of(course)[0])).status_code == 404
    assert not LessonProgress.objects.exists()


def test_mark_as_done_with_a_lesson_of_another_course_is_404(client, casey, course):
    other = CourseFactory(lessons=1)
    client.force_login(casey.user)

    response = client.post(
        reverse("resources:lesson_complete", args=[course.slug, lessons_of(other)[0].pk])
    )

    assert response.status_code == 404


def test_an_unpublished_course_is_404_for_everyone(client, casey, staff):
    course = CourseFactory(published=False, audience=Audience.PUBLIC, lessons=1)
    client.force_login(staff)
    assert client.get(reverse("resources:course", args=[course.slug])).status_code == 404
    client.force_login(casey.user)
    assert client.post(complete_url(lessons_of(course)[0])).status_code == 404


# --- Pages ---------------------------------------------------------------------------------------


COURSE_PAGE = {
    Audience.PUBLIC: dict.fromkeys(PERSONAS, 200),
    Audience.CANDIDATES: {**dict.fromkeys(PERSONAS, 200), "anonymous": 302},
    Audience.ENDORSED: {**dict.fromkeys(PERSONAS, 200), "anonymous": 302, "candidate_user": 404},
}


@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize("audience", list(Audience))
def test_course_and_lesson_pages_answer_each_persona_by_audience(client_as, persona_name, audience):
    course = CourseFactory(audience=audience, lessons=1)
    client = client_as(persona_name)

    course_page = client.get(reverse("resources:course", args=[course.slug]))
    lesson_page = client.get(
        reverse("resources:lesson", args=[course.slug, lessons_of(course)[0].pk])
    )

    assert course_page.status_code == COURSE_PAGE[audience][persona_name]
    assert lesson_page.status_code == COURSE_PAGE[audience][persona_name]


def test_trainings_list_only_courses_the_persona_may_take(client, casey):
    CourseFactory(title="For everyone", audience=Audience.PUBLIC)
    CourseFactory(title="For candidates", audience=Audience.CANDIDATES)
    CourseFactory(title="For endorsed", audience=Audience.ENDORSED)

    visitor = [
        row.course.title for row in client.get(reverse("resources:trainings")).context["courses"]
    ]
    client.force_login(casey.user)
    candidate = [
        row.course.title for row in client.get(reverse("resources:trainings")).context["courses"]
    ]

    assert sorted(visitor) == ["For everyone"]
    assert sorted(candidate) == ["For candidates", "For everyone"]


def test_trainings_page_shows_the_candidates_progress(client, casey, course):
    LessonProgressFactory(candidate=casey, lesson=lessons_of(course)[0])
    done = CourseFactory(title="Done course", lessons=1)
    CourseCompletionFactory(candidate=casey, course=done)
    client.force_login(casey.user)

    page = client.get(reverse("resources:trainings")).content.decode()

    assert "1 of 3 lessons done" in page
    assert "Completed. Well done!" in page


def test_course_page_ticks_done_lessons_and_continues_at_the_first_undone(client, casey, course):
    first, second, _third = lessons_of(course)
    LessonProgressFactory(candidate=casey, lesson=first)
    client.force_login(casey.user)

    response = client.get(reverse("resources:course", args=[course.slug]))

    assert [is_done for _lesson, is_done in response.context["lessons"]] == [True, False, False]
    assert response.context["next_lesson"] == second
    page = response.content.decode()
    assert "1 of 3 lessons done" in page and ">Continue</a>" in page


def test_lesson_page_has_mark_as_done_for_a_candidate_and_the_next_lesson(client, casey, course):
    first, second, _third = lessons_of(course)
    Lesson.objects.filter(pk=first.pk).update(body="## Why\n\n<script>alert(1)</script>")
    client.force_login(casey.user)

    page = client.get(reverse("resources:lesson", args=[course.slug, first.pk])).content.decode()

    assert ">Mark as done</button>" in page
    assert reverse("resources:lesson", args=[course.slug, second.pk]) in page
    assert "<h2>Why</h2>" in page and "<script>alert(1)" not in page


def test_lesson_page_says_done_once_done_and_has_no_button_for_the_team(
    client, casey, staff, course
):
    first = lessons_of(course)[0]
    LessonProgressFactory(candidate=casey, lesson=first)
    url = reverse("resources:lesson", args=[course.slug, first.pk])

    client.force_login(casey.user)
    assert "You've completed this lesson." in client.get(url).content.decode()
    client.force_login(staff)
    assert "Mark as done" not in client.get(url).content.decode()


def test_lesson_of_another_course_is_404(client, staff, course):
    other = CourseFactory(lessons=1)
    client.force_login(staff)

    assert (
        client.get(
            reverse("resources:lesson", args=[course.slug, lessons_of(other)[0].pk])
        ).status_code
        == 404
    )


def test_partner_trainings_upcoming_for_everyone_and_the_candidates_state(casey):
    today = date(2030, 3, 1)
    everywhere = PartnerTrainingFactory(title="Everywhere", starts_on=today + timedelta(days=3))
    new_york = PartnerTrainingFactory(
        title="New York camp", starts_on=today + timedelta(days=9), states=["NY"]
    )
    PartnerTrainingFactory(
        title="California camp", starts_on=today + timedelta(days=5), states=["CA"]
    )
    running = PartnerTrainingFactory(
        title="Running now", starts_on=today - timedelta(days=5), ends_on=today
    )
    PartnerTrainingFactory(
        title="Over", starts_on=today - timedelta(days=5), ends_on=today - timedelta(days=1)
    )
    PartnerTrainingFactory(title="One day, past", starts_on=today - timedelta(days=1))
    PartnerTrainingFactory(title="Hidden", starts_on=today + timedelta(days=1), published=False)

    assert partner_trainings_upcoming(casey, today=today) == [running, everywhere, new_york]
    assert len(partner_trainings_upcoming(None, today=today)) == 4


def test_trainings_page_lists_partner_trainings_with_dates_and_organiser(client):
    PartnerTrainingFactory(title="Online campaign school", organiser_name="Demo Network", place="")

    page = client.get(reverse("resources:trainings")).content.decode()

    assert "Online campaign school" in page and "Run by Demo Network" in page


def test_trainings_page_empty_states(client):
    page = client.get(reverse("resources:trainings")).content.decode()

    assert "Our first courses are on their way." in page
    assert "No partner trainings are scheduled right now." in page


@pytest.mark.parametrize("count", [1, 3])
def test_trainings_page_queries_do_not_grow(client, casey, count, django_assert_num_queries):
    for _ in range(count):
        LessonProgressFactory(candidate=casey, lesson=CourseFactory(lessons=2).lessons.first())
        PartnerTrainingFactory()
    client.force_login(casey.user)

    # user with roles, the candidate; the courses with lesson counts and their
    # progress; the partner trainings with their organiser.
    with django_assert_num_queries(4):
        response = client.get(reverse("resources:trainings"))

    assert len(response.context["courses"]) == count
    assert len(response.context["partner_trainings"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_course_page_queries_do_not_grow(client, casey, count, django_assert_num_queries):
    course = CourseFactory(lessons=count)
    LessonProgressFactory(candidate=casey, lesson=course.lessons.first())
    client.force_login(casey.user)

    # user with roles, the candidate; the course; its lessons; the lessons they
    # completed; their completion.
    with django_assert_num_queries(6):
        response = client.get(reverse("resources:course", args=[course.slug]))

    assert len(response.context["lessons"]) == count


# --- My journey and the data export ----------------------------------------------------------------


def test_journey_shows_courses_in_progress_completed_and_bookmarks(casey, course):
    LessonProgressFactory(candidate=casey, lesson=lessons_of(course)[0])
    done = CourseFactory(title="Fundraising basics", lessons=1)
    LessonProgressFactory(candidate=casey, lesson=lessons_of(done)[0])
    CourseCompletionFactory(candidate=casey, course=done)
    CourseFactory(title="Not started", lessons=2)
    BookmarkFactory(user=casey.user)
    BookmarkFactory(user=casey.user)

    context = journey_context(casey)
    html = render_to_string("resources/_journey.html", context)

    trainings = context["trainings"]
    assert [(row.course, row.done, row.lessons) for row in trainings["in_progress"]] == [
        (course, 1, 3)
    ]
    assert [row.course for row in trainings["completed"]] == [done]
    assert trainings["bookmarks"] == 2
    assert "1 of 3 lessons" in html and "Fundraising basics" in html and "2 bookmarks" in html
    assert "Not started" not in html
    # The community part is merged in and its partial included.
    assert "community" in context and 'id="community-heading"' in html


@pytest.mark.parametrize("count", [1, 3])
def test_journey_trainings_queries_do_not_grow(casey, count, django_assert_num_queries):
    from resources.selectors import journey_trainings

    for _ in range(count):
        LessonProgressFactory(candidate=casey, lesson=CourseFactory(lessons=2).lessons.first())
        BookmarkFactory(user=casey.user)

    # their progress (lessons done and courses completed, one UNION), the published
    # courses with lesson counts (into the cache, empty in each test), their bookmarks count.
    with django_assert_num_queries(3):
        in_progress, _completed, bookmarks = journey_trainings(casey)

    assert (len(in_progress), bookmarks) == (count, count)


def test_my_journey_page_shows_the_trainings_section(client, casey, course):
    LessonProgressFactory(candidate=casey, lesson=lessons_of(course)[0])
    client.force_login(casey.user)

    page = client.get(reverse("candidates:journey")).content.decode()

    assert "Trainings and library" in page and "1 of 3 lessons" in page


def test_export_holds_bookmarks_lessons_and_courses(casey, course):
    bookmark = BookmarkFactory(user=casey.user)
    first = lessons_of(course)[0]
    LessonProgressFactory(candidate=casey, lesson=first)
    CourseCompletionFactory(candidate=casey, course=course)

    sections = export_sections(casey)

    assert [mark["resource"] for mark in sections["library_bookmarks"]] == [bookmark.resource.title]
    assert [(done["course"], done["lesson"]) for done in sections["lessons_completed"]] == [
        (course.title, first.title)
    ]
    assert [done["course"] for done in sections["courses_completed"]] == [course.title]
    # The community part's sections are merged in.
    assert {"directory_entry", "perk_claims"} <= set(sections)


def test_an_endorsed_candidate_takes_a_course_for_endorsed_candidates(client, north):
    endorsed = endorse(CandidateFactory(state="NY"))
    course = CourseFactory(audience=Audience.ENDORSED, lessons=1)
    client.force_login(endorsed.user)

    response = client.post(complete_url(lessons_of(course)[0]))

    assert response.status_code == 302
    assert CourseCompletion.objects.filter(candidate=endorsed, course=course).exists()
    # After the election, a new race takes them back to running: the course is closed.
    candidate_move(candidate=endorsed, to_stage=Stage.WON, by=None, note="test")
    candidate_move(candidate=endorsed, to_stage=Stage.RUNNING, by=None, note="test")
    assert client.get(reverse("resources:course", args=[course.slug])).status_code == 404


# --- Demo data -----------------------------------------------------------------------------------


def test_demo_seed_covers_every_topic_format_and_audience_and_is_idempotent():
    demo.seed(stdout=StringIO())
    counts = (
        Resource.objects.count(),
        Course.objects.count(),
        Lesson.objects.count(),
        PartnerTraining.objects.count(),
    )
    demo.seed(stdout=StringIO())

    assert (
        Resource.objects.count(),
        Course.objects.count(),
        Lesson.objects.count(),
        PartnerTraining.objects.count(),
    ) == counts
    assert counts[0] >= 20 and counts[1:] == (2, 7, 2)
    assert {
        topic for topics in Resource.objects.values_list("topics", flat=True) for topic in topics
    } == set(Topic)
    assert set(Resource.objects.values_list("format", flat=True)) == set(Format)
    assert set(Resource.objects.values_list("audience", flat=True)) == set(Audience)
    assert set(Course.objects.values_list("title", flat=True)) == {
        "Your first 30 days as a candidate",
        "Fundraising basics",
    }
    assert not Resource.objects.filter(body="").exists()
