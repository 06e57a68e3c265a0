"""Fold every candidate's history into the summary tables, in one streaming pass.

Run by beat (``insights.tasks.analytics_refresh_task``), by national staff's "Refresh now"
(``insights.services.analytics_refresh_queue``), and after ``seed_demo`` and ``seed_scale``. Only one runs at
a time: the queued or beat-run task holds ``AnalyticsRefreshLock`` while it works. One query reads
each candidate with the first time of each recorded stage, their current office level and
their demographics; Python adds them into cells; the old cells are replaced in one
transaction, so the dashboard never shows half a refresh.
"""

import itertools
import logging
import time
from collections import Counter, defaultdict
from datetime import timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Min, OuterRef, Q, Subquery
from django.utils import timezone

from candidates.models import Candidate, OfficeInterest, Race
from rfs.models import User

from ..models import (
    AnalyticsRefreshLock,
    AnalyticsSnapshot,
    DurationCell,
    FairShareCell,
    FunnelCell,
)
from .milestones import (
    DIMENSIONS,
    FUNNEL,
    NOT_GIVEN,
    RECORDED,
    STEPS,
    reached,
    step_name,
    whole_days,
)
from .reports import SNAPSHOT_KEY
from .warm import warm

logger = logging.getLogger(__name__)

BATCH = 5000
SNAPSHOTS_KEPT = 50
# A refresh that holds the lock longer than this (a worker killed mid-refresh, a task
# lost with a broker) no longer blocks the next one. A refresh takes one to three minutes at a
# million candidates (docs/benchmarks.md); beat starts one every 30 minutes.
LOCK_LEASE = timedelta(minutes=15)


def candidate_rows():
    """Each candidate with what the funnel needs, streamed (a server-side cursor on PostgreSQL)."""
    current_level = Subquery(
        Race.objects.filter(candidate=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("level")[:1]
    )
    interest_level = Subquery(
        OfficeInterest.objects.filter(candidate=OuterRef("pk")).order_by("pk").values("level")[:1]
    )
    firsts = {
        f"first_{stage}": Min("stage_changes__at", filter=Q(stage_changes__to_stage=stage))
        for stage in RECORDED
    }
    return (
        Candidate.objects.order_by()
        .annotate(race_level=current_level, interest_level=interest_level, **firsts)
        .values(
            "pk",
            "region_id",
            "state",
            "created_at",
            "utm_source",
            "heard_from",
            "race_level",
            "interest_level",
            "demographics__gender",
            "demographics__race_ethnicity",
            "demographics__lgbtq",
            "demographics__veteran",
            "demographics__generation",
            *firsts,
        )
        .iterator(chunk_size=BATCH)
    )


def cell_key(row: dict) -> tuple:
    level = row["race_level"] or row["interest_level"] or ""
    source = row["utm_source"] or row["heard_from"] or ""
    return (
        row["region_id"],
        row["state"],
        level,
        source[:100],
        row["created_at"].strftime("%Y-%m"),
    )


def demographic_values(row: dict, dimension: str) -> list[str]:
    value = row[f"demographics__{dimension}"]
    if dimension == "race_ethnicity":
        return sorted(set(value)) if value else [NOT_GIVEN]
    return [value or NOT_GIVEN]


def analytics_refresh() -> AnalyticsSnapshot:
    """Recompute every summary cell. Side effects, in order:
    1. Reads every candidate once (one query) and adds them into funnel, duration and
       fair-share cells in memory (a few hundred thousand cells at most).
    2. In one transaction: deletes the old cells, writes the new ones, records the
       snapshot with the public impact figures, and keeps the last 50 snapshots.
    3. On PostgreSQL, ANALYZEs the three cell tables: every row is new, and the planner
       should not wait for autovacuum to learn it (the dashboard's cached figures are
       keyed by the new snapshot, so nothing else needs clearing).
    4. Caches the dashboard's figures as it opens, for staff and for each region
       (``warm``; about two seconds at a million candidates).
    """
    started = time.monotonic()
    funnel: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(FUNNEL))
    durations: Counter = Counter()
    fair: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(FUNNEL))
    count = 0
    for row in candidate_rows():
        count += 1
        recorded = {stage: row[f"first_{stage}"] for stage in RECORDED}
        key = cell_key(row)
        flags = [reached(milestone, recorded) for milestone in FUNNEL]
        counts = funnel[key]
        for index, flag in enumerate(flags):
            counts[index] += flag
        times = {**recorded, FUNNEL[0]: row["created_at"]}
        for start, end in STEPS:
            if times.get(start) is not None and times.get(end) is not None:
                durations[(*key, step_name(start, end), whole_days(times[start], times[end]))] += 1
        region, state, _level, _source, cohort = key
        for dimension in DIMENSIONS:
            for value in demographic_values(row, dimension):
                group = fair[(region, state, cohort, dimension, value)]
                for index, flag in enumerate(flags):
                    group[index] += flag

    fields = [str(milestone) for milestone in FUNNEL]
    with transaction.atomic():
        FunnelCell.objects.all().delete()
        DurationCell.objects.all().delete()
        FairShareCell.objects.all().delete()
        _bulk_create(
            FunnelCell,
            (
                FunnelCell(
                    region_id=region,
                    state=state,
                    level=level,
                    source=source,
                    cohort=cohort,
                    **dict(zip(fields, counts, strict=True)),
                )
                for (region, state, level, source, cohort), counts in funnel.items()
            ),
        )
        _bulk_create(
            DurationCell,
            (
                DurationCell(
                    region_id=region,
                    state=state,
                    level=level,
                    source=source,
                    cohort=cohort,
                    step=step,
                    days=days,
                    count=number,
                )
                for (region, state, level, source, cohort, step, days), number in durations.items()
            ),
        )
        _bulk_create(
            FairShareCell,
            (
                FairShareCell(
                    region_id=region,
                    state=state,
                    cohort=cohort,
                    dimension=dimension,
                    value=value,
                    **dict(zip(fields, counts, strict=True)),
                )
                for (region, state, cohort, dimension, value), counts in fair.items()
            ),
        )
        snapshot = AnalyticsSnapshot.objects.create(
            candidates=count,
            seconds=round(time.monotonic() - started, 2),
            impact=impact_figures(funnel),
        )
        old = AnalyticsSnapshot.objects.order_by("-computed_at", "-pk").values_list(
            "pk", flat=True
        )[SNAPSHOTS_KEPT:]
        AnalyticsSnapshot.objects.filter(pk__in=list(old)).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"ANALYZE {FunnelCell._meta.db_table}, {DurationCell._meta.db_table}, "
                f"{FairShareCell._meta.db_table}"
            )
    cache.set(SNAPSHOT_KEY, snapshot.pk, None)
    warm(snapshot)
    logger.info(
        "Analytics refreshed: %s candidates, %s funnel cells in %.1fs",
        count,
        len(funnel),
        snapshot.seconds,
    )
    return snapshot


def _bulk_create(model, objects) -> None:
    """``bulk_create`` a batch at a time: it makes a list of what it is given, and the
    duration cells alone are some 700,000 at a million candidates."""
    objects = iter(objects)
    while batch := list(itertools.islice(objects, BATCH)):
        model.objects.bulk_create(batch)


def impact_figures(funnel: dict[tuple, list[int]]) -> dict:
    """The public impact page's numbers, from the same cells (no names, no small cells:
    only national totals and per-state counts of people who signed up, ran and won)."""
    signed_up_index, running_index = FUNNEL.index("signed_up"), FUNNEL.index("running")
    endorsed_index, won_index = FUNNEL.index("endorsed"), FUNNEL.index("won")
    by_state: dict[str, dict[str, int]] = defaultdict(
        lambda: {"signed_up": 0, "running": 0, "won": 0}
    )
    won_by_level: Counter = Counter()
    totals = [0] * len(FUNNEL)
    for (_region, state, level, _source, _cohort), counts in funnel.items():
        for index, number in enumerate(counts):
            totals[index] += number
        place = by_state[state]
        place["signed_up"] += counts[signed_up_index]
        place["running"] += counts[running_index]
        place["won"] += counts[won_index]
        if counts[won_index]:
            won_by_level[level or "unknown"] += counts[won_index]
    return {
        "signed_up": totals[signed_up_index],
        "running": totals[running_index],
        "endorsed": totals[endorsed_index],
        "won": totals[won_index],
        "states": sum(1 for place in by_state.values() if place["signed_up"]),
        "states_won": sum(1 for place in by_state.values() if place["won"]),
        "won_by_level": dict(won_by_level),
        "by_state": dict(by_state),
    }


# --- One refresh at a time -----------------------------------------------------------------


def refresh_claim(*, by: User | None = None) -> bool:
    """Take the refresh lock if it is free or its lease lapsed: one conditional UPDATE, so
    of two claims at once exactly one wins. False when another refresh holds it."""
    AnalyticsRefreshLock.objects.get_or_create(pk=1)
    now = timezone.now()
    return bool(
        AnalyticsRefreshLock.objects.filter(pk=1)
        .filter(Q(held_since__isnull=True) | Q(held_since__lt=now - LOCK_LEASE))
        .update(held_since=now, requested_by=by)
    )


def refresh_release() -> None:
    AnalyticsRefreshLock.objects.filter(pk=1).update(held_since=None, requested_by=None)


def analytics_refresh_locked(*, claimed: bool = False) -> AnalyticsSnapshot | None:
    """``analytics_refresh`` under the lock: with ``claimed``, the caller took it already
    ("Refresh now"); otherwise (beat) it is taken here, and the run is skipped while another
    refresh holds it. The lock is freed however the refresh ends."""
    if not claimed and not refresh_claim():
        logger.info("Analytics refresh skipped: another one is queued or running.")
        return None
    try:
        return analytics_refresh()
    finally:
        refresh_release()
