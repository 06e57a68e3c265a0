"""Perks: the offers a candidate may claim while their race is open."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from candidates.enums import RaceResult
from candidates.models import Candidate, Race

from ..models import Perk, PerkClaim
from ..rules import is_endorsed_candidate


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


# The active channels and the number of open perks are the same for every candidate, so
# they are kept in the cache (Redis in production) for a minute rather than read on every
# page: an edit staff make in the admin shows up within these 60 seconds, and nothing has
# to be invalidated. Keys carry a version, to change if what is cached changes shape.
SHARED_CACHE_SECONDS = 60
