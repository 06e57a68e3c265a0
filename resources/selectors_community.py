"""Reads of perks, community channels, the candidate directory and partner organisations.

Each read is scoped to the person reading: perks only ever reach endorsed candidates
(``rules.is_endorsed_candidate``), channel suggestions use the candidate's own answers
and are shown only to them, and the directory lists fellow candidates of the reader's
state who opted in, with no contact details at all. Every function reads in a fixed
number of queries.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.cache import cache
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from candidates.enums import Activity, RaceResult, Stage
from candidates.models import Candidate, Demographics, Race

from .enums import ChannelKind, PartnerScope
from .models import Bookmark, Channel, DirectoryProfile, PartnerOrganization, Perk, PerkClaim
from .partners import identity_focuses
from .rules import is_endorsed_candidate
from .selectors import _count

__all__ = [
    "JOURNEY_CHANNELS",
    "KIND_ORDER",
    "SHARED_CACHE_SECONDS",
    "ChannelGroup",
    "DirectoryStatus",
    "JourneyFacts",
    "PerkList",
    "PerkOffer",
    "active_channels",
    "channels_for",
    "channels_grouped",
    "directory_for",
    "directory_profile_of",
    "directory_status",
    "export_community",
    "journey_community",
    "journey_facts",
    "open_perk_count",
    "partners_search",
    "perk_is_open",
    "perk_list_for",
    "perks_closed",
    "perks_for",
]

# My journey suggests at most this many channels; the community page has them all.
JOURNEY_CHANNELS = 3

# Channels read from the nearest fit outwards: the candidate's state, what they run for, who they are.
KIND_ORDER = [ChannelKind.STATE, ChannelKind.SPECIALTY, ChannelKind.IDENTITY]

# The active channels and the number of open perks are the same for every candidate, so
# they are kept in the cache (Redis in production) for a minute rather than read on every
# page: an edit staff make in the admin shows up within these 60 seconds, and nothing has
# to be invalidated. Keys carry a version, to change if what is cached changes shape.
SHARED_CACHE_SECONDS = 60


# --- Perks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PerkOffer:
    perk: Perk
    # When this candidate claimed it, or None: the code is shown only once claimed.
    claimed_at: datetime | None

    @property
    def claimed(self) -> bool:
        return self.claimed_at is not None


@dataclass(frozen=True)
class PerkList:
    # Perks are theirs at all (rules.is_endorsed_candidate).
    endorsed: bool
    offers: list[PerkOffer]
    # Their election is over: perks close the day after their election day.
    closed: bool


def perks_closed(candidate: Candidate, *, today: date | None = None) -> bool:
    """Perks close after the candidate's election: the day after their latest race's
    election day, or once that race has a result (won, lost or withdrew; a runoff is
    still a race). Without a race nothing has closed. One query."""
    today = today or timezone.localdate()
    race = (
        Race.objects.filter(candidate_id=candidate.pk)
        .order_by("-created_at", "-pk")
        .only("election_date", "result")
        .first()
    )
    if race is None:
        return False
    return _race_closes_perks(election_date=race.election_date, result=race.result, today=today)


def _race_closes_perks(*, election_date: date, result: str, today: date) -> bool:
    """Their latest race has a result (a runoff is still a race) or its day has passed."""
    if result and result != RaceResult.RUNOFF:
        return True
    return election_date < today


def _open_perks(today: date) -> QuerySet[Perk]:
    """Published offers that have not expired (an offer without an end date never does)."""
    return Perk.objects.filter(published=True).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )


def perk_list_for(candidate: Candidate, *, today: date | None = None) -> PerkList:
    """The offers an endorsed candidate may claim, each with whether they claimed it.

    Anyone who is not an endorsed candidate gets nothing, whatever page asks. Two
    queries (their latest race, then the offers with their claim), plus one for the
    endorsement itself when they have won or lost since.
    """
    today = today or timezone.localdate()
    if not is_endorsed_candidate(candidate.user):
        return PerkList(endorsed=False, offers=[], closed=False)
    if perks_closed(candidate, today=today):
        return PerkList(endorsed=True, offers=[], closed=True)
    claimed = PerkClaim.objects.filter(perk=OuterRef("pk"), candidate_id=candidate.pk).values(
        "claimed_at"
    )[:1]
    perks = (
        _open_perks(today).annotate(claimed_at=Subquery(claimed)).order_by("vendor", "title", "pk")
    )
    return PerkList(
        endorsed=True,
        offers=[PerkOffer(perk=perk, claimed_at=perk.claimed_at) for perk in perks],
        closed=False,
    )


def perks_for(candidate: Candidate, *, today: date | None = None) -> list[PerkOffer]:
    """Open offers for an endorsed candidate, with their claims (see ``perk_list_for``)."""
    return perk_list_for(candidate, today=today).offers


def open_perk_count(*, today: date) -> int:
    """How many offers are open today: the same for every endorsed candidate (claimed ones
    included), so read from the cache, at most a minute old (``SHARED_CACHE_SECONDS``);
    else one query."""
    return cache.get_or_set(
        f"resources:open-perk-count:v1:{today.isoformat()}",
        lambda: _open_perks(today).count(),
        SHARED_CACHE_SECONDS,
    )


def perk_is_open(perk: Perk, *, today: date) -> bool:
    """The offer is published and has not expired (the same test as the list's)."""
    return perk.published and (perk.expires_on is None or perk.expires_on >= today)


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


# --- My journey and the data export --------------------------------------------------------------


@dataclass(frozen=True)
class JourneyFacts:
    """What My journey's resources section reads about the candidate themselves."""

    # The level of their current race (the latest without a result), for channel suggestions.
    current_race_level: str | None
    # Their latest race's election day and result, for perks closing: None without a race,
    # and unread for a stage that holds no perks.
    latest_race_on: date | None
    latest_race_result: str | None
    demographics: Demographics | None
    directory_profile: DirectoryProfile | None
    bookmarks: int


def journey_facts(candidate: Candidate) -> JourneyFacts:
    """Their demographics, directory entry, races and bookmarks count in one query: the
    candidate's row with the two one-to-one rows joined and the rest as subqueries (each
    was a query of its own). Their latest race is read only for a stage that may hold
    perks (``rules.is_endorsed_candidate``)."""
    races = Race.objects.filter(candidate_id=OuterRef("pk")).order_by("-created_at", "-pk")
    latest_race = {}
    if candidate.stage in (Stage.ENDORSED, Stage.WON, Stage.LOST):
        latest_race = {
            "latest_race_on": Subquery(races.values("election_date")[:1]),
            "latest_race_result": Subquery(races.values("result")[:1]),
        }
    row = (
        Candidate.objects.filter(pk=candidate.pk)
        .select_related("demographics", "directory_profile")
        .only("pk", "demographics", "directory_profile")
        .annotate(
            current_race_level=Subquery(races.filter(result="").values("level")[:1]),
            bookmark_count=Coalesce(
                _count(Bookmark.objects.filter(user_id=OuterRef("user_id"))), 0
            ),
            **latest_race,
        )
        .get()
    )
    return JourneyFacts(
        current_race_level=row.current_race_level,
        latest_race_on=getattr(row, "latest_race_on", None),
        latest_race_result=getattr(row, "latest_race_result", None),
        # A missing one-to-one row raises an AttributeError (RelatedObjectDoesNotExist).
        demographics=getattr(row, "demographics", None),
        directory_profile=getattr(row, "directory_profile", None),
        bookmarks=row.bookmark_count,
    )


def journey_community(candidate: Candidate, *, facts: JourneyFacts | None = None) -> dict[str, Any]:
    """Context for ``templates/resources/_journey_community.html``, under ``community``:
    up to three suggested channels, their directory status, and how many perks they may
    claim if they are endorsed (a count: never a code).

    The same answers as ``channels_for``, ``directory_profile_of`` and ``perk_list_for``
    in fewer queries: their own rows in one (``journey_facts``, unless given), their
    offices of interest in one (none when My journey already read them,
    ``candidates.selectors.journey_for``), and the channels and the number of open perks
    from the cache (one query each when it is cold). An endorsed candidate who has won or
    lost since adds one (the endorsement itself).
    """
    today = timezone.localdate()
    facts = facts or journey_facts(candidate)
    specialties = {interest.level for interest in candidate.office_interests.all()}
    if facts.current_race_level is not None:
        specialties.add(facts.current_race_level)
    suggested = _suggested(
        active_channels(),
        state=candidate.state,
        specialties=specialties,
        identities=_identities_of(facts.demographics),
    )
    endorsed = is_endorsed_candidate(candidate.user)
    closed = (
        endorsed
        and facts.latest_race_on is not None
        and _race_closes_perks(
            election_date=facts.latest_race_on,
            result=facts.latest_race_result,
            today=today,
        )
    )
    return {
        "community": {
            "channels": suggested[:JOURNEY_CHANNELS],
            "more_channels": max(len(suggested) - JOURNEY_CHANNELS, 0),
            "directory": directory_status(candidate, facts.directory_profile),
            "endorsed": endorsed,
            "perks_available": open_perk_count(today=today) if endorsed and not closed else 0,
            "perks_closed": closed,
        }
    }


def export_community(candidate: Candidate) -> dict[str, Any]:
    """The candidate's directory entry and perk claims for their data download, in their
    own words. The codes are included: they were given to them. Two queries."""
    profile = directory_profile_of(candidate)
    claims = (
        PerkClaim.objects.filter(candidate_id=candidate.pk)
        .select_related("perk")
        .order_by("claimed_at", "pk")
    )
    return {
        "directory_entry": None
        if profile is None
        else {
            "shown_in_the_directory": profile.listed,
            "office_sought": profile.office_sought,
            "one_line": profile.one_line,
            "updated": profile.updated_at.isoformat(),
        },
        "perk_claims": [
            {
                "vendor": claim.perk.vendor,
                "offer": claim.perk.title,
                "claimed": claim.claimed_at.isoformat(),
                "code": claim.perk.code,
                "claim_link": claim.perk.claim_url,
            }
            for claim in claims
        ],
    }
