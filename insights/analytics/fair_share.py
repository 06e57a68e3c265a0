"""The funnel by self-identified demographics, in aggregate only, with small groups hidden.

Every count under 10 (zero included) is shown as "fewer than 10". So that a hidden count
cannot be worked out by subtraction, the counts are suppressed together, over the whole
table every viewer can ask for: each group's count in each region (and all regions) and
each signup year (and all years). In any line of that table (one group across regions,
one group across years, one region-year across groups with its total), a line with
exactly one hidden count gets a second one hidden (the smallest shown), and this repeats
until no line has exactly one. The totals ("Everyone") take part as cells of their own:
when a region-year has one hidden group and no shown group left to hide with it (a
group "fewer than 10" beside a total of 7), the total is hidden too, and then the totals
across regions and years follow the same rule. The same hidden cells serve every viewer,
view and export, so comparing a director's view with national staff's gives nothing away.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Sum

from ..models import AnalyticsSnapshot, FairShareCell
from .milestones import DIMENSIONS, FUNNEL
from .reports import from_snapshot

THRESHOLD = 10
ALL = "all"
# The key under which a region-year's total ("Everyone") joins the table for suppression.
# Not a possible answer: answers are lowercase choice values.
TOTAL = "__total__"


@dataclass
class GroupRow:
    value: str
    # A count per milestone, or None where it is hidden.
    counts: list[int | None]


@dataclass
class FairShare:
    dimension: str
    region: int | None
    year: str | None
    rows: list[GroupRow]
    # Everyone, per milestone, or None where showing it would reveal a hidden group.
    total: list[int | None]


def _table(dimension: str) -> tuple[dict, dict]:
    """(region, year, value) -> counts per milestone, with ALL margins for region and
    year, and the published totals per (region, year) (every person once): two queries."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"Unknown dimension {dimension!r}")
    sums = {str(m): Sum(str(m)) for m in FUNNEL}
    cells: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(FUNNEL))
    rows = (
        FairShareCell.objects.filter(dimension=dimension)
        .values("region_id", "cohort", "value")
        .annotate(**sums)
    )
    for row in rows.order_by():
        year = row["cohort"][:4]
        counts = [row[str(m)] or 0 for m in FUNNEL]
        for region in (row["region_id"], ALL):
            for period in (year, ALL):
                target = cells[(region, period, row["value"])]
                for index, number in enumerate(counts):
                    target[index] += number
    # Totals: every person has exactly one gender answer (or "not given").
    totals: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(FUNNEL))
    people = (
        FairShareCell.objects.filter(dimension="gender")
        .values("region_id", "cohort")
        .annotate(**sums)
    )
    for row in people.order_by():
        year = row["cohort"][:4]
        for region in (row["region_id"], ALL):
            for period in (year, ALL):
                for index, milestone in enumerate(FUNNEL):
                    totals[(region, period)][index] += row[str(milestone)] or 0
    return cells, totals


def _is_margin(key: tuple) -> bool:
    """A sum of other cells: all regions, all years, or a total across groups."""
    return ALL in key[:2] or key[2] == TOTAL


def suppressed_cells(cells: dict[tuple, list[int]], layer: int) -> set[tuple]:
    """The keys hidden in one milestone layer: under the threshold, plus complements.

    ``cells`` may hold the totals too, under ``(region, year, TOTAL)``: a total is never
    hidden for being small (it counts everyone, answers or not), only when it would give
    a hidden group away."""
    hidden = {key for key, counts in cells.items() if counts[layer] < THRESHOLD and key[2] != TOTAL}
    regions = {key[0] for key in cells}
    years = {key[1] for key in cells}
    values = {key[2] for key in cells}

    def lines():
        for year in years:
            for value in values:
                yield [(region, year, value) for region in regions]
        for region in regions:
            for value in values:
                yield [(region, year, value) for year in years]
            for year in years:
                # Across groups with their total (when given): one hidden group is one too few.
                yield [(region, year, value) for value in values]

    changed = True
    while changed:
        changed = False
        for line in lines():
            present = [key for key in line if key in cells]
            hidden_here = [key for key in present if key in hidden]
            if len(hidden_here) == 1:
                shown = [key for key in present if key not in hidden]
                if shown:
                    # Hide the smallest other count; a margin (ALL, or the total) only when
                    # nothing else is left.
                    shown.sort(
                        key=lambda key: (_is_margin(key), key[2] == TOTAL, cells[key][layer])
                    )
                    hidden.add(shown[0])
                    changed = True
    return hidden


def with_totals(
    cells: dict[tuple, list[int]], totals: dict[tuple, list[int]]
) -> dict[tuple, list[int]]:
    """The groups and the totals in one table, the totals under ``(region, year, TOTAL)``."""
    return {**cells, **{(region, year, TOTAL): counts for (region, year), counts in totals.items()}}


def _suppressed_table(dimension: str) -> tuple[dict, dict, list[set[tuple]]]:
    cells, totals = _table(dimension)
    table = with_totals(cells, totals)
    return (
        dict(cells),
        dict(totals),
        [suppressed_cells(table, layer) for layer in range(len(FUNNEL))],
    )


def fair_share(
    *,
    dimension: str,
    region: int | None = None,
    year: str | None = None,
    snapshot: AnalyticsSnapshot | None = None,
) -> FairShare:
    """One region (or all) and one signup year (or all), by ``dimension``. Callers check
    that the viewer may see demographics and that region is within their scope.

    The table and its hidden cells are the same for every viewer, so with ``snapshot``
    they are computed once per refresh (``reports.from_snapshot``)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"Unknown dimension {dimension!r}")
    cells, totals, hidden_by_layer = from_snapshot(
        snapshot, f"fair_share:{dimension}", lambda: _suppressed_table(dimension)
    )
    region_key = region if region is not None else ALL
    year_key = year or ALL
    values = sorted({key[2] for key in cells if key[0] == region_key and key[1] == year_key})
    rows = []
    for value in values:
        key = (region_key, year_key, value)
        counts = cells[key]
        rows.append(
            GroupRow(
                value=value,
                counts=[
                    None if key in hidden_by_layer[layer] else counts[layer]
                    for layer in range(len(FUNNEL))
                ],
            )
        )
    total = totals.get((region_key, year_key), [0] * len(FUNNEL))
    total_key = (region_key, year_key, TOTAL)
    return FairShare(
        dimension=dimension,
        region=region,
        year=year,
        rows=rows,
        total=[
            None if total_key in hidden_by_layer[layer] else total[layer]
            for layer in range(len(FUNNEL))
        ],
    )
