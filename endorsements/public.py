"""Reads for the public endorsements pages (who is listed, filtered and paginated, in a
fixed number of queries whatever the page holds) and for the endorsed candidate's own
listing and result pages.

Listed means all of: the candidate agreed to be listed (``Endorsement.listed``), the
endorsement still stands (its application is approved), the candidate has not withdrawn
(a pause keeps them listed: they are still on the ballot), their account is active, and
they did not withdraw from the race. An erased candidate's endorsement is deleted with
them by cascade. Every check is made on each request, so a change shows at once.
"""

from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from candidates.enums import Activity, OfficeLevel, RaceResult
from candidates.models import Candidate, Race
from rfs.enums import State

from .enums import ApplicationStatus
from .models import Endorsement

__all__ = [
    "ELECTION_PAST",
    "ELECTION_UPCOMING",
    "PER_PAGE",
    "alumni_public",
    "election_years",
    "endorsement_of",
    "endorsement_public",
    "endorsements_public",
    "initials",
    "race_last_reported",
    "race_to_report",
]

PER_PAGE = 24
ELECTION_UPCOMING = "upcoming"
ELECTION_PAST = "past"

_STATE_NAMES = dict(State.choices)
_LEVEL_LABELS = dict(OfficeLevel.choices)


def _listed() -> QuerySet[Endorsement]:
    """Every endorsement the public may see, with its race (for the result)."""
    return (
        Endorsement.objects.filter(
            listed=True,
            application__status=ApplicationStatus.APPROVED,
            candidate__activity__in=[Activity.ACTIVE, Activity.PAUSED],
            candidate__user__is_active=True,
        )
        # A race the candidate withdrew from is no longer a race we stand behind.
        .filter(Q(race__isnull=True) | ~Q(race__result=RaceResult.WITHDREW))
        .select_related("race")
    )


def initials(name: str) -> str:
    """Up to two letters for a card without a photo: "Casey Rivera" -> "CR"."""
    words = [word for word in name.split() if word[:1].isalpha()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def _decorate(endorsements: list[Endorsement]) -> list[Endorsement]:
    """Labels the templates show, worked out once here rather than in each template."""
    for endorsement in endorsements:
        endorsement.initials = initials(endorsement.display_name)
        endorsement.state_name = _STATE_NAMES.get(endorsement.state, endorsement.state)
        endorsement.level_label = _LEVEL_LABELS.get(
            endorsement.office_level, endorsement.office_level
        )
        endorsement.result = endorsement.race.result if endorsement.race else ""
    return endorsements


def _page(queryset: QuerySet[Endorsement], page: int | str | None) -> Page:
    """Two queries: the count and the page's rows. A page number out of range or not a
    number gives the nearest page, never an error."""
    paginated = Paginator(queryset, PER_PAGE).get_page(page)
    paginated.object_list = _decorate(list(paginated.object_list))
    return paginated


def endorsements_public(
    *,
    state: str | None = None,
    level: str | None = None,
    election: str | int | None = None,
    page: int | str | None = 1,
    today: date | None = None,
) -> Page:
    """The public list: listed endorsements, filtered, 24 a page, in two queries.

    ``election`` is ``"upcoming"`` (election day today or later), ``"past"``, a year,
    or None for every date. Ordered by election day (the latest first for past
    elections), then state, then name.
    """
    today = today or timezone.localdate()
    queryset = _listed()
    if state:
        queryset = queryset.filter(state=state)
    if level:
        queryset = queryset.filter(office_level=level)
    ordering = ["election_date", "state", "display_name", "pk"]
    if election == ELECTION_UPCOMING:
        queryset = queryset.filter(election_date__gte=today)
    elif election == ELECTION_PAST:
        queryset = queryset.filter(election_date__lt=today)
        ordering = ["-election_date", "state", "display_name", "pk"]
    elif election:
        queryset = queryset.filter(election_date__year=int(election))
    return _page(queryset.order_by(*ordering), page)


def election_years() -> list[int]:
    """The years of listed endorsements, latest first, for the filter: one query."""
    return [day.year for day in _listed().dates("election_date", "year", order="DESC")]


def alumni_public(*, page: int | str | None = 1) -> Page:
    """Alumni: listed endorsed candidates who won their race, the latest winners first,
    24 a page, in two queries."""
    queryset = _listed().filter(race__result=RaceResult.WON)
    return _page(queryset.order_by("-election_date", "state", "display_name", "pk"), page)


def endorsement_public(*, slug: str) -> Endorsement | None:
    """One listed endorsement by its address, or None (missing, unlisted, withdrawn or
    erased all look the same): one query."""
    endorsement = _listed().filter(slug=slug).first()
    return _decorate([endorsement])[0] if endorsement else None


# --- The candidate's own pages ---------------------------------------------------------------


def endorsement_of(candidate: Candidate) -> Endorsement | None:
    """The candidate's latest standing endorsement, listed or not: one query."""
    return (
        Endorsement.objects.filter(
            candidate=candidate, application__status=ApplicationStatus.APPROVED
        )
        .order_by("-endorsed_at", "-pk")
        .first()
    )


def race_to_report(candidate: Candidate) -> Race | None:
    """The race whose result they may tell us: their latest race without a final result
    (none yet, or a runoff waiting for the final): one query."""
    return (
        candidate.races.filter(result__in=["", RaceResult.RUNOFF])
        .order_by("-created_at", "-pk")
        .first()
    )


def race_last_reported(candidate: Candidate) -> Race | None:
    """Their race with the latest final result, for the page after they tell us: one query."""
    return (
        candidate.races.filter(result__in=[RaceResult.WON, RaceResult.LOST, RaceResult.WITHDREW])
        .order_by(F("result_recorded_at").desc(nulls_last=True), "-pk")
        .first()
    )
