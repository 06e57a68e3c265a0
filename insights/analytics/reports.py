"""The dashboard's figures, summed from the summary tables in a fixed number of queries.

Scope: directors see their regions' cells, national staff every cell. Nothing here
names a person; the fair-share breakdown goes further and hides small groups
(``fair_share``).

The cells change only when a refresh replaces them, and each refresh records a new
snapshot; so a figure computed from the cells is kept in the cache under the snapshot's
id (``from_snapshot``) and is never stale: the next refresh's figures have other keys.
At a million candidates the unfiltered funnel reads about 130,000 cells and the
durations about 700,000, so the first view of a scope after a refresh costs a few
hundred milliseconds and every later one a cache read.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import QuerySet, Sum

from rfs.models import User
from rfs.selectors import regions_visible_to, sees_all_regions

from ..models import AnalyticsSnapshot, DurationCell, FunnelCell
from .milestones import FUNNEL, STEPS, step_name

BREAKDOWNS = ("region", "state", "level", "source", "cohort")


@dataclass(frozen=True)
class Filters:
    region: int | None = None
    state: str = ""
    level: str = ""
    source: str = ""
    cohort_from: str = ""  # "YYYY-MM", inclusive
    cohort_to: str = ""


@dataclass
class FunnelRow:
    label: str
    counts: list[int]

    @property
    def conversions(self) -> list[float | None]:
        """Each milestone as a share of signups (None when nobody signed up)."""
        first = self.counts[0]
        return [round(100 * count / first, 1) if first else None for count in self.counts]


@dataclass
class Funnel:
    total: FunnelRow
    rows: list[FunnelRow] = field(default_factory=list)
    by: str = ""


@dataclass
class StepDuration:
    start: str
    end: str
    people: int
    median: int | None
    p90: int | None


# Longer than the refresh interval (30 minutes): the key names the snapshot, so a figure
# is only ever replaced by the next refresh's, never made stale by time.
CACHE_SECONDS = 2 * 60 * 60


# The id of the latest refresh's snapshot, set by the refresh: lists cached per person
# (the candidates admin's sources) are kept until it changes.
SNAPSHOT_KEY = "analytics:snapshot"


def latest_snapshot() -> AnalyticsSnapshot | None:
    return AnalyticsSnapshot.objects.order_by("-computed_at", "-pk").first()


def from_snapshot(snapshot: AnalyticsSnapshot | None, key: str, compute: Callable[[], object]):
    """``compute()``, kept in the cache until the next refresh (uncached without a snapshot)."""
    if snapshot is None:
        return compute()
    # Hashed: a recruitment source typed in the filter may hold spaces or be long.
    full_key = f"dashboard:{snapshot.pk}:{hashlib.sha256(key.encode()).hexdigest()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, CACHE_SECONDS)
    return value


def visible_region_ids(user: User) -> tuple[int, ...] | None:
    """The regions whose cells ``user`` reads (None: every region, for national staff).

    Kept on the user object for the request, as Django keeps permissions (``_perm_cache``):
    one query however many figures ask.
    """
    if sees_all_regions(user):
        return None
    if not hasattr(user, "_dashboard_region_ids"):
        user._dashboard_region_ids = tuple(
            sorted(regions_visible_to(user).values_list("pk", flat=True))
        )
    return user._dashboard_region_ids


def scope_key(regions: tuple[int, ...] | None, filters: Filters, *rest: str) -> str:
    scope = "all" if regions is None else "-".join(map(str, regions))
    return ":".join([scope, *(str(value) for value in vars(filters).values()), *rest])


def scoped(queryset: QuerySet, regions: tuple[int, ...] | None, filters: Filters) -> QuerySet:
    """The cells of ``regions`` (None: every region) that match ``filters``."""
    if regions is not None:
        # The ids themselves, not a subquery: PostgreSQL then picks the (region, cohort) index.
        queryset = queryset.filter(region_id__in=regions)
    if filters.region:
        queryset = queryset.filter(region_id=filters.region)
    for name in ("state", "level", "source"):
        value = getattr(filters, name)
        if value:
            queryset = queryset.filter(**{name: value})
    if filters.cohort_from:
        queryset = queryset.filter(cohort__gte=filters.cohort_from)
    if filters.cohort_to:
        queryset = queryset.filter(cohort__lte=filters.cohort_to)
    return queryset


def _sums() -> dict:
    return {str(milestone): Sum(str(milestone)) for milestone in FUNNEL}


def funnel(
    user: User, filters: Filters, *, by: str = "", snapshot: AnalyticsSnapshot | None = None
) -> Funnel:
    """Counts reaching each milestone, in total and per ``by`` value: one query (none when
    ``snapshot`` is given and the figure is cached)."""
    return funnel_of(visible_region_ids(user), filters, by=by, snapshot=snapshot)


def funnel_of(
    regions: tuple[int, ...] | None,
    filters: Filters,
    *,
    by: str = "",
    snapshot: AnalyticsSnapshot | None = None,
) -> Funnel:
    if by and by not in BREAKDOWNS:
        raise ValueError(f"Unknown breakdown {by!r}")
    return from_snapshot(
        snapshot, f"funnel:{scope_key(regions, filters, by)}", lambda: _funnel(regions, filters, by)
    )


def _funnel(regions: tuple[int, ...] | None, filters: Filters, by: str) -> Funnel:
    cells = scoped(FunnelCell.objects.all(), regions, filters)
    if not by:
        totals = cells.aggregate(**_sums())
        return Funnel(total=FunnelRow("total", [totals[str(m)] or 0 for m in FUNNEL]))
    column = "region__name" if by == "region" else by
    rows = [
        FunnelRow(row[column] or "", [row[str(m)] or 0 for m in FUNNEL])
        for row in cells.values(column).annotate(**_sums()).order_by(column)
    ]
    # Every cell is in exactly one row, so the rows add up to the total.
    total = [sum(row.counts[index] for row in rows) for index in range(len(FUNNEL))]
    return Funnel(total=FunnelRow("total", total), rows=rows, by=by)


def durations(
    user: User, filters: Filters, *, snapshot: AnalyticsSnapshot | None = None
) -> list[StepDuration]:
    """Median and 90th percentile whole days of each step, from the day histograms: one
    query (none when ``snapshot`` is given and the figure is cached)."""
    return durations_of(visible_region_ids(user), filters, snapshot=snapshot)


def durations_of(
    regions: tuple[int, ...] | None, filters: Filters, *, snapshot: AnalyticsSnapshot | None = None
) -> list[StepDuration]:
    return from_snapshot(
        snapshot, f"durations:{scope_key(regions, filters)}", lambda: _durations(regions, filters)
    )


def _durations(regions: tuple[int, ...] | None, filters: Filters) -> list[StepDuration]:
    histogram: dict[str, list[tuple[int, int]]] = {}
    cells = scoped(DurationCell.objects.all(), regions, filters)
    for row in cells.values("step", "days").annotate(people=Sum("count")).order_by("step", "days"):
        histogram.setdefault(row["step"], []).append((row["days"], row["people"]))
    result = []
    for start, end in STEPS:
        bins = histogram.get(step_name(start, end), [])
        people = sum(number for _days, number in bins)
        result.append(
            StepDuration(
                start=start,
                end=end,
                people=people,
                median=_histogram_percentile(bins, people, 0.5),
                p90=_histogram_percentile(bins, people, 0.9),
            )
        )
    return result


def _histogram_percentile(bins: list[tuple[int, int]], people: int, fraction: float) -> int | None:
    """Nearest rank over an ascending (days, count) histogram: the same figure as
    ``milestones.percentile`` over the list of every person's days."""
    if not people:
        return None
    import math

    rank = max(1, math.ceil(fraction * people))
    seen = 0
    for days, number in bins:
        seen += number
        if seen >= rank:
            return days
    return bins[-1][0]
