"""Factories for perks, community channels and directory entries, and an endorsed candidate."""

import factory

from candidates.enums import Stage
from candidates.models import Candidate
from candidates.services import candidate_move
from resources.enums import ChannelKind, PerkCategory
from resources.models import Channel, DirectoryProfile, Perk, PerkClaim

from . import CandidateFactory


class PerkFactory(factory.django.DjangoModelFactory):
    """A published offer with a code and no end date."""

    class Meta:
        model = Perk

    vendor = factory.Sequence(lambda n: f"Vendor {n}")
    title = "Half price for endorsed candidates"
    category = PerkCategory.VOTER_FILE
    description = "A voter file for your district."
    code = factory.Sequence(lambda n: f"TEST-PERK-CODE-{n:04d}")


class PerkClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerkClaim

    perk = factory.SubFactory(PerkFactory)
    candidate = factory.SubFactory(CandidateFactory)


class ChannelFactory(factory.django.DjangoModelFactory):
    """A state channel for New York; pass ``kind`` with ``specialty`` or ``identity`` for others."""

    class Meta:
        model = Channel

    name = factory.Sequence(lambda n: f"Channel {n}")
    kind = ChannelKind.STATE
    state = factory.LazyAttribute(lambda channel: "NY" if channel.kind == ChannelKind.STATE else "")
    invite_url = factory.Sequence(lambda n: f"https://chat.example.org/invite/channel-{n}")


class DirectoryProfileFactory(factory.django.DjangoModelFactory):
    """A listed entry for a New York candidate."""

    class Meta:
        model = DirectoryProfile

    candidate = factory.SubFactory(CandidateFactory)
    listed = True
    office_sought = "School Board, Albany"
    one_line = "Teacher running for the kids."


def endorse(candidate: Candidate) -> Candidate:
    """Walk a candidate to ``endorsed`` the way the pipeline does: running (with a race
    whose election is next November), applied, endorsed, with an Endorsement row."""
    from tests.factories.endorsements import EndorsementFactory

    for stage in (Stage.RUNNING, Stage.APPLIED, Stage.ENDORSED):
        candidate_move(candidate=candidate, to_stage=stage, by=None, note="test")
    EndorsementFactory(application__candidate=candidate)
    candidate.refresh_from_db()
    return candidate
