"""Reads of perks, community channels, the candidate directory and partner organisations.

Each read is scoped to the person reading: perks only ever reach endorsed candidates
(``rules.is_endorsed_candidate``), channel suggestions use the candidate's own answers
and are shown only to them, and the directory lists fellow candidates of the reader's
state who opted in, with no contact details at all. Every function reads in a fixed
number of queries.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import F, QuerySet

from candidates.enums import Activity
from candidates.models import Candidate, Demographics, Race

from ..enums import ChannelKind, PartnerScope
from ..models import Channel, DirectoryProfile, PartnerOrganization
from ..partners import identity_focuses
from .perks import SHARED_CACHE_SECONDS

# My journey suggests at most this many channels; the community page has them all.
JOURNEY_CHANNELS = 3

# Channels read from the nearest fit outwards: the candidate's state, what they run for, who they are.
KIND_ORDER = [ChannelKind.STATE, ChannelKind.SPECIALTY, ChannelKind.IDENTITY]


# --- Community channels ----------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelGroup:
    kind: str
    label: str
    channels: list[Channel]


def active_channels() -> list[Channel]:
    """The active channels by name, the same for everyone: from the cache, at most a minute
    old (``SHARED_CACHE_SECONDS``); else one query."""
    return cache.get_or_set(
        "resources:active-channels:v1",
        lambda: list(Channel.objects.filter(active=True).order_by("name", "pk")),
        SHARED_CACHE_SECONDS,
    )


def channels_grouped(channels: list[Channel] | None = None) -> list[ChannelGroup]:
    """Channels by kind (state, specialty, identity), each kind's by name; kinds without
    a channel are left out. Reads the active channels (``active_channels``) unless given them."""
    if channels is None:
        channels = active_channels()
    labels = dict(ChannelKind.choices)
    groups = []
    for kind in KIND_ORDER:
        of_kind = [channel for channel in channels if channel.kind == kind]
        if of_kind:
            groups.append(ChannelGroup(kind=kind, label=str(labels[kind]), channels=of_kind))
    return groups


def _identities_of(demographics: Demographics | None) -> set[str]:
    """The identity channels that fit a candidate, from their own self-identified answers
    (the same mapping as partner referrals). Used only to suggest channels to the
    candidate themselves: nothing is stored, and nobody else sees the suggestions."""
    return identity_focuses(demographics)


def _fits(channel: Channel, *, state: str, specialties: set[str], identities: set[str]) -> bool:
    if channel.kind == ChannelKind.STATE:
        return bool(channel.state) and channel.state == state
    if channel.kind == ChannelKind.SPECIALTY:
        return bool(channel.specialty) and channel.specialty in specialties
    return bool(channel.identity) and channel.identity in identities


def channels_for(candidate: Candidate) -> tuple[list[Channel], list[ChannelGroup]]:
    """(suggested, others): the active channels that fit the candidate first (their
    state, then the level of the office they run for or are curious about, then who they
    told us they are), and every other channel grouped by kind.

    Three queries: their current race's level, their offices of interest's levels and
    their demographics; the channels come from the cache (``active_channels``, one query
    when it is cold).
    """
    specialties = set(
        Race.objects.filter(candidate_id=candidate.pk, result="")
        .order_by("-created_at", "-pk")
        .values_list("level", flat=True)[:1]
    )
    specialties |= set(candidate.office_interests.values_list("level", flat=True))
    identities = _identities_of(Demographics.objects.filter(candidate_id=candidate.pk).first())
    channels = active_channels()
    suggested = _suggested(
        channels, state=candidate.state, specialties=specialties, identities=identities
    )
    chosen = {channel.pk for channel in suggested}
    return suggested, channels_grouped(
        [channel for channel in channels if channel.pk not in chosen]
    )


def _suggested(
    channels: list[Channel], *, state: str, specialties: set[str], identities: set[str]
) -> list[Channel]:
    """The channels that fit, state first, then specialty, then identity (each by name)."""
    suggested = [
        channel
        for channel in channels
        if _fits(channel, state=state, specialties=specialties, identities=identities)
    ]
    suggested.sort(key=lambda channel: KIND_ORDER.index(channel.kind))
    return suggested


# --- The candidate directory -------------------------------------------------------------------


def directory_for(candidate: Candidate) -> QuerySet:
    """Fellow candidates of the reader's state who opted in, by name: each row a dict of
    ``name``, ``city``, ``office_sought`` and ``one_line``, and nothing else.

    Only rows that are listed, of candidates who are active (paused and withdrawn
    candidates disappear at once) with an active account; the reader's own entry is
    shown apart. Reading values rather than models keeps contact details, dates of birth
    and demographics out of the page by construction. Paginate it: a count and a page.
    """
    return (
        DirectoryProfile.objects.filter(
            listed=True,
            candidate__state=candidate.state,
            candidate__activity=Activity.ACTIVE,
            candidate__user__is_active=True,
        )
        .exclude(candidate_id=candidate.pk)
        .order_by("candidate__user__name", "pk")
        .values(
            "pk",
            "office_sought",
            "one_line",
            name=F("candidate__user__name"),
            city=F("candidate__city"),
        )
    )


def directory_profile_of(candidate: Candidate) -> DirectoryProfile | None:
    """The candidate's own directory entry, if they ever saved one. One query."""
    return DirectoryProfile.objects.filter(candidate_id=candidate.pk).first()


@dataclass(frozen=True)
class DirectoryStatus:
    profile: DirectoryProfile | None
    # Their entry is on the page fellow candidates see right now.
    shown: bool
    # They opted in but are paused or withdrawn, so hidden until they come back.
    hidden_while_away: bool


def directory_status(candidate: Candidate, profile: DirectoryProfile | None) -> DirectoryStatus:
    listed = profile is not None and profile.listed
    active = candidate.activity == Activity.ACTIVE
    return DirectoryStatus(
        profile=profile, shown=listed and active, hidden_while_away=listed and not active
    )


# --- Partner organisations ---------------------------------------------------------------------


def _works_in(partner: PartnerOrganization, state: str) -> bool:
    """National groups work everywhere; state and local groups in the states they list."""
    return partner.scope == PartnerScope.NATIONAL or state in (partner.states or [])


def partners_search(*, state: str = "", focus: str = "") -> list[PartnerOrganization]:
    """Listed partner organisations, optionally only those working in ``state`` and with
    ``focus``. With a state, its own state and local groups come first, then national
    ones; each by name.

    One query. JSON list containment reads differently on SQLite and PostgreSQL, and the
    directory holds dozens of groups, so the filter runs here.
    """
    partners = list(PartnerOrganization.objects.filter(active=True).order_by("name", "pk"))
    if state:
        partners = [partner for partner in partners if _works_in(partner, state)]
        partners.sort(key=lambda partner: partner.scope == PartnerScope.NATIONAL)
    if focus:
        partners = [partner for partner in partners if focus in (partner.focus or [])]
    return partners
