"""Factories for the library and the trainings: resources, bookmarks, courses, lessons,
progress and partner trainings."""

from datetime import date, timedelta

import factory

from resources.enums import Audience, Format, Topic, TrainingKind
from resources.models import (
    Bookmark,
    Course,
    CourseCompletion,
    Lesson,
    LessonProgress,
    PartnerTraining,
    Resource,
)

from . import CandidateFactory, UserFactory


class ResourceFactory(factory.django.DjangoModelFactory):
    """A published guide for signed-in candidates, about fundraising."""

    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Guide {n}")
    slug = factory.Sequence(lambda n: f"guide-{n}")
    format = Format.GUIDE
    description = "A short guide."
    body = "Some **useful** advice."
    topics = factory.LazyFunction(lambda: [Topic.FUNDRAISING.value])
    audience = Audience.CANDIDATES


class BookmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bookmark

    user = factory.SubFactory(UserFactory)
    resource = factory.SubFactory(ResourceFactory)


class CourseFactory(factory.django.DjangoModelFactory):
    """A published course for signed-in candidates, without lessons (pass ``lessons=3``)."""

    class Meta:
        model = Course
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Course {n}")
    slug = factory.Sequence(lambda n: f"course-{n}")
    summary = "A short course."
    audience = Audience.CANDIDATES

    @factory.post_generation
    def lessons(course, create, count, **kwargs):
        if create and count:
            for position in range(count):
                LessonFactory(
                    course=course, position=position, title=f"{course.title}: lesson {position + 1}"
                )


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    position = factory.Sequence(lambda n: n)
    body = "Read this, then **try it**."


class LessonProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LessonProgress

    candidate = factory.SubFactory(CandidateFactory)
    lesson = factory.SubFactory(LessonFactory)


class CourseCompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseCompletion

    candidate = factory.SubFactory(CandidateFactory)
    course = factory.SubFactory(CourseFactory)


class PartnerTrainingFactory(factory.django.DjangoModelFactory):
    """An online training by a partner, starting in two weeks, open to every state."""

    class Meta:
        model = PartnerTraining

    title = factory.Sequence(lambda n: f"Partner training {n}")
    organiser_name = "Demo Training Network"
    kind = TrainingKind.ONLINE
    starts_on = factory.LazyFunction(lambda: date.today() + timedelta(days=14))
    url = "https://training.example.org/course"
