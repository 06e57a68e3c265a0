"""The community on My journey and in a candidate's data export."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from candidates.enums import Stage
from candidates.models import Candidate, Demographics, Race

from ..models import Bookmark, DirectoryProfile, PerkClaim
from ..rules import is_endorsed_candidate
from .community import (
    JOURNEY_CHANNELS,
    _identities_of,
    _suggested,
    active_channels,
    directory_profile_of,
    directory_status,
)
from .perks import _race_closes_perks, open_perk_count
from .trainings import _count


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
    perks (``rules.is_endorsed_candidate``). When the candidate's races are already
    prefetched (My journey, ``candidates.selectors.journey_for``), they are read from
    there instead of as subqueries."""
    wants_latest = candidate.stage in (Stage.ENDORSED, Stage.WON, Stage.LOST)
    bookmark_count = Coalesce(_count(Bookmark.objects.filter(user_id=OuterRef("user_id"))), 0)
    row_query = (
        Candidate.objects.filter(pk=candidate.pk)
        .select_related("demographics", "directory_profile")
        .only("pk", "demographics", "directory_profile")
    )
    prefetched = getattr(candidate, "_prefetched_objects_cache", {}).get("races")
    if prefetched is not None:
        # My journey already read their races (newest first, the model's order,
        # ``candidates.selectors.journey_for``): the same answers without the subqueries.
        row = row_query.annotate(bookmark_count=bookmark_count).get()
        current = next((race for race in prefetched if not race.result), None)
        latest = prefetched[0] if wants_latest and prefetched else None
        current_race_level = current.level if current is not None else None
        latest_race_on = latest.election_date if latest is not None else None
        latest_race_result = latest.result if latest is not None else None
    else:
        races = Race.objects.filter(candidate_id=OuterRef("pk")).order_by("-created_at", "-pk")
        latest_race = {}
        if wants_latest:
            latest_race = {
                "latest_race_on": Subquery(races.values("election_date")[:1]),
                "latest_race_result": Subquery(races.values("result")[:1]),
            }
        row = row_query.annotate(
            current_race_level=Subquery(races.filter(result="").values("level")[:1]),
            bookmark_count=bookmark_count,
            **latest_race,
        ).get()
        current_race_level = row.current_race_level
        latest_race_on = getattr(row, "latest_race_on", None)
        latest_race_result = getattr(row, "latest_race_result", None)
    return JourneyFacts(
        current_race_level=current_race_level,
        latest_race_on=latest_race_on,
        latest_race_result=latest_race_result,
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
