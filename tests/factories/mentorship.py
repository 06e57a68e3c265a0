"""Factories for mentors, areas of expertise and questions."""

import factory

from mentorship.models import ExpertiseArea, Mentor, Question
from rfs.enums import Role

from . import CandidateFactory, UserFactory


class ExpertiseAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertiseArea
        django_get_or_create = ("slug",)

    name = factory.LazyAttribute(lambda area: area.slug.replace("-", " ").capitalize())
    slug = factory.Sequence(lambda n: f"area-{n}")


class MentorFactory(factory.django.DjangoModelFactory):
    """An approved mentor; pass ``areas=[area, ...]``."""

    class Meta:
        model = Mentor

    user = factory.SubFactory(UserFactory, roles=[Role.MENTOR])
    status = "approved"
    weekly_capacity = 3

    @factory.post_generation
    def areas(mentor, create, areas, **kwargs):
        if create and areas:
            mentor.areas.set(areas)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    candidate = factory.SubFactory(CandidateFactory)
    area = factory.SubFactory(ExpertiseAreaFactory)
    title = "How do I ask friends for money without it being awkward?"
    details = "I've never asked anyone for money before."
    region = factory.LazyAttribute(lambda question: question.candidate.region)
    state = factory.LazyAttribute(lambda question: question.candidate.state)
