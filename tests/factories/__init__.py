"""Factories for the test suite: real rows in a real database."""

from datetime import date

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from candidates.models import Candidate
from candidates.services import candidate_search_text
from rfs import services
from rfs.models import Region, User


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Region {n}")

    @factory.post_generation
    def states(region, create, states, **kwargs):
        if create and states:
            services.region_set_states(region=region, states=states)


class UserFactory(factory.django.DjangoModelFactory):
    """A person with a verified email. Pass ``roles=[...]``, ``directs=[region]``, ``mfa=True``."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def roles(user, create, roles, **kwargs):
        if create and roles:
            services.user_set_roles(user=user, roles=roles)

    @factory.post_generation
    def directs(user, create, regions, **kwargs):
        if create and regions:
            for region in regions:
                region.directors.add(user)

    @factory.post_generation
    def mfa(user, create, enabled, **kwargs):
        if create and enabled:
            TOTP.activate(user, generate_totp_secret())

    @factory.post_generation
    def verified_email(user, create, value, **kwargs):
        if create:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    user = factory.SubFactory(UserFactory, roles=["candidate"])
    # As candidate_create writes it.
    search_text = factory.LazyAttribute(lambda candidate: candidate_search_text(candidate.user))
    state = "NY"
    region = factory.LazyAttribute(
        lambda candidate: Region.objects.filter(states__state=candidate.state).first()
    )


class RaceFactory(factory.django.DjangoModelFactory):
    """A declared race in the candidate's state, filing started, election next November."""

    class Meta:
        model = "candidates.Race"

    candidate = factory.SubFactory(CandidateFactory)
    office_name = "City Council"
    level = "municipal"
    jurisdiction_name = "Albany"
    district = "Ward 3"
    state = factory.LazyAttribute(lambda race: race.candidate.state)
    election_date = factory.LazyFunction(
        lambda: date(date.today().year + (1 if date.today().month >= 11 else 0), 11, 3)
    )
    filing_status = "filed"
