"""Factories for endorsement cycles, applications and endorsements."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from endorsements.models import Application, Cycle, Endorsement, PartnerOrganization

from . import CandidateFactory, RaceFactory


class CycleFactory(factory.django.DjangoModelFactory):
    """A cycle open today, for next year's elections."""

    class Meta:
        model = Cycle
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Cycle {n}")
    opens_on = factory.LazyFunction(lambda: date.today() - timedelta(days=10))
    closes_on = factory.LazyFunction(lambda: date.today() + timedelta(days=60))
    election_year = factory.LazyFunction(lambda: date.today().year + 1)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft; ``submitted=True`` gives one waiting for review (candidate at ``applied``
    is up to the test: use candidates.services.candidate_move for the stage)."""

    class Meta:
        model = Application

    candidate = factory.SubFactory(CandidateFactory)
    cycle = factory.SubFactory(CycleFactory)
    race = factory.LazyAttribute(lambda application: RaceFactory(candidate=application.candidate))
    region = factory.LazyAttribute(lambda application: application.candidate.region)
    budget = 25000
    win_number = 4200
    path_to_victory = "Knock every door in the ward twice."

    class Params:
        submitted = factory.Trait(
            status="submitted",
            step="review",
            submitted_at=factory.LazyFunction(timezone.now),
            decision_due_on=factory.LazyFunction(lambda: date.today() + timedelta(days=30)),
        )


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endorsement

    application = factory.SubFactory(ApplicationFactory, status="approved")
    candidate = factory.LazyAttribute(lambda endorsement: endorsement.application.candidate)
    race = factory.LazyAttribute(lambda endorsement: endorsement.application.race)
    slug = factory.Sequence(lambda n: f"candidate-{n}")
    display_name = factory.LazyAttribute(lambda endorsement: endorsement.candidate.user.name)
    office_name = "City Council"
    office_level = "municipal"
    district = "Ward 3"
    jurisdiction_name = "Albany"
    state = factory.LazyAttribute(lambda endorsement: endorsement.candidate.state)
    election_date = factory.LazyAttribute(lambda endorsement: endorsement.race.election_date)


class PartnerOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganization
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Partner {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    focus = factory.LazyFunction(lambda: ["training"])
    focus_text = "Trains first-time candidates."
    url = "https://partner.example.org/"
