"""Factories for endorsement cycles, applications and endorsements."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from endorsements.models import Application, Cycle, Endorsement, FilingEvidence
from resources.models import PartnerOrganization

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


# The smallest files that are what they say, by their content.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes(size: tuple[int, int] = (4, 4)) -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, (75, 42, 134)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (4, 4)) -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", size, (75, 42, 134)).save(buffer, format="JPEG")
    return buffer.getvalue()


class FilingEvidenceFactory(factory.django.DjangoModelFactory):
    """A small PDF kept with an application, in private storage (tests point it at a tmp dir)."""

    class Meta:
        model = FilingEvidence

    application = factory.SubFactory(ApplicationFactory)
    file = factory.django.FileField(data=PDF_BYTES, filename="filing.pdf")
    original_name = "filing receipt.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)


def use_tmp_private_storage(settings, monkeypatch, path) -> None:
    """Keep a test's private files in ``path``: the settings, and the storage the
    FilingEvidence field resolved when the models loaded."""
    from django.core.files.storage import FileSystemStorage

    settings.RFS_PRIVATE_ROOT = path
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": path, "base_url": None},
        },
    }
    storage = FileSystemStorage(location=path, base_url=None)
    monkeypatch.setattr(FilingEvidence._meta.get_field("file"), "storage", storage)


def private_storage_for_matrix() -> None:
    """The permission matrix has no fixtures: point private files at one temporary
    directory for the rest of the test run (never the developer's var/private)."""
    import tempfile

    from django.core.files.storage import FileSystemStorage

    field = FilingEvidence._meta.get_field("file")
    if not getattr(field.storage, "rfs_test_storage", False):
        storage = FileSystemStorage(location=tempfile.mkdtemp(prefix="rfs-private-"), base_url=None)
        storage.rfs_test_storage = True
        field.storage = storage


def make_eligible(candidate=None, *, date_of_birth=date(1995, 5, 1), **race_fields):
    """A candidate who passes every eligibility rule: born 1995, intro call attended,
    running in a municipal race with filing started. Returns the candidate."""
    from candidates.enums import Stage
    from candidates.services import candidate_move

    candidate = candidate or CandidateFactory()
    candidate.date_of_birth = date_of_birth
    candidate.run_before = "never"
    candidate.save(update_fields=["date_of_birth", "run_before"])
    candidate_move(candidate=candidate, to_stage=Stage.INTRO_ATTENDED, by=None)
    RaceFactory(candidate=candidate, **race_fields)
    candidate_move(candidate=candidate, to_stage=Stage.RUNNING, by=None)
    return candidate


def research_done(application, *, by=None) -> None:
    """Every research check done (nothing of note), as the director must before recommending."""
    from endorsements.enums import ResearchKind
    from endorsements.models import ResearchItem

    for kind in ResearchKind.values:
        ResearchItem.objects.update_or_create(
            application=application,
            kind=kind,
            defaults={"checked_by": by, "checked_at": timezone.now()},
        )


def ready_for_decision(
    application, *, recommendation: str = "endorse", votes: int | None = None
) -> None:
    """What a decision needs: research done, the director's recommendation and the
    cycle's quorum of committee votes (approvals by fresh committee members)."""
    from endorsements.models import DirectorRecommendation, Vote
    from rfs.enums import Role

    from . import UserFactory

    research_done(application)
    DirectorRecommendation.objects.update_or_create(
        application=application,
        defaults={"recommendation": recommendation, "text": "Ready."},
    )
    needed = application.cycle.quorum if votes is None else votes
    have = Vote.objects.filter(application=application).exclude(choice="recused").count()
    for _ in range(max(needed - have, 0)):
        Vote.objects.create(
            application=application,
            member=UserFactory(roles=[Role.COMMITTEE_MEMBER]),
            choice="approve",
        )
