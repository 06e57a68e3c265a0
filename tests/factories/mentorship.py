"""Factories for mentors, areas of expertise, questions and matches."""

import factory

from mentorship.models import ExpertiseArea, Match, MatchRequest, Mentor, Post, Question
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
        skip_postgeneration_save = True

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


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    question = factory.SubFactory(QuestionFactory)
    author = factory.LazyAttribute(
        lambda post: post.question.owner.user if post.question.owner else None
    )
    kind = "answer"
    body = "Start with the people who already believe in you, and ask for a specific amount."


class MatchRequestFactory(factory.django.DjangoModelFactory):
    """An open request for a mentor; pass ``areas=[area, ...]``."""

    class Meta:
        model = MatchRequest
        skip_postgeneration_save = True

    candidate = factory.SubFactory(CandidateFactory)
    language = "en"
    note = "A city council race, first time."

    @factory.post_generation
    def areas(request, create, areas, **kwargs):
        if create and areas:
            request.areas.set(areas)


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    candidate = factory.SubFactory(CandidateFactory)
    mentor = factory.SubFactory(MentorFactory)
