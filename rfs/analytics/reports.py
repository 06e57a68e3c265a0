"""The dashboard's figures, summed from the summary tables in a fixed number of queries.

Scope: directors see their regions' cells, national staff every cell. Nothing here
names a person; the fair-share breakdown goes further and hides small groups
(``fair_share``).
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet, Sum

from ..models import AnalyticsSnapshot, DurationCell, FunnelCell, User
from ..selectors import regions_visible_to, sees_all_regions
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


def latest_snapshot() -> AnalyticsSnapshot | None:
    return AnalyticsSnapshot.objects.order_by("-computed_at", "-pk").first()


def scoped(queryset: QuerySet, user: User, filters: Filters) -> QuerySet:
    if not sees_all_regions(user):
        queryset = queryset.filter(region__in=regions_visible_to(user))
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


def funnel(user: User, filters: Filters, *, by: str = "") -> Funnel:
    """Counts reaching each milestone, in total and per ``by`` value: two queries."""
    cells = scoped(FunnelCell.objects.all(), user, filters)
    totals = cells.aggregate(**_sums())
    result = Funnel(total=FunnelRow("total", [totals[str(m)] or 0 for m in FUNNEL]), by=by)
    if by:
        if by not in BREAKDOWNS:
            raise ValueError(f"Unknown breakdown {by!r}")
        column = "region__name" if by == "region" else by
        for row in cells.values(column).annotate(**_sums()).order_by(column):
            result.rows.append(FunnelRow(row[column] or "", [row[str(m)] or 0 for m in FUNNEL]))
    return result


def durations(user: User, filters: Filters) -> list[StepDuration]:
    """Median and 90th percentile whole days of each step, from the day histograms: one query."""
    histogram: dict[str, list[tuple[int, int]]] = {}
    cells = scoped(DurationCell.objects.all(), user, filters)
    for row in cells.values("step", "days").annotate(people=Sum("count")).order_by("step", "days"):
        histogram.setdefault(row["step"], []).append((row["days"], row["people"]))
    result = []
    for start, end in STEPS:
        bins = histogram.get(step_name(start, end), [])
        people = sum(number for _days, number in bins)
        result.append(StepDuration(
            start=start, end=end, people=people,
            median=_histogram_percentile(bins, people, 0.5), p90=_histogram_percentile(bins, people, 0.9),
        ))
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
