"""One benchmarked page measured in process: the directors' candidate list, searched by name.

    DJANGO_SETTINGS_MODULE=rfs.settings_bench DATABASE_URL=postgres://.../rfs_search \\
        python -m bench.profile_page [ROUNDS] [--profile]

Signs in the same director and builds the same 20 searches as ``bench.prepare`` (the region
with the most candidates, its first scale director, the plan's 20 last names), then GETs each
path ROUNDS times (after one warm-up pass) with Django's test client. Prints the mean and p95
of the whole request, the queries per request, and how much of it was SQL (the time between
each query's start and end, as ``CaptureQueriesContext`` records it) against Python. With
``--profile``, cProfile's 25 costliest functions by cumulative time over one more pass.
"""

from __future__ import annotations

import cProfile
import pstats
import random
import statistics
import sys
import time

from bench.prepare import _path, _sample_candidates, sign_in  # sets up Django first

# isort: split
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.seed_scale.data import EMAIL_DOMAIN, LAST_NAMES
from candidates.enums import Stage
from rfs.models import Region


def director_plan() -> tuple[str, list[str]]:
    """The session of the plan's director and the plan's 20 searches (same seed, same order)."""
    rng = random.Random(7)
    _sample_candidates(rng, list(Stage.values), 12)  # the plan draws these first
    region = Region.objects.annotate(n=Count("candidates")).order_by("-n", "pk").first()
    director = region.directors.filter(email__endswith=f"@{EMAIL_DOMAIN}").order_by("email").first()
    names = rng.sample(LAST_NAMES, 20)
    paths = [
        _path(
            "admin:candidates_candidate_changelist",
            query=f"region__id__exact={region.pk}&o=-7&q={name}",
        )
        for name in names
    ]
    return sign_in(director), paths


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str]) -> None:
    rounds = int(argv[1]) if len(argv) > 1 and argv[1].isdigit() else 3
    session, paths = director_plan()
    client = Client()
    client.cookies["sessionid"] = session
    headers = {"HTTP_HOST": "127.0.0.1"}
    for path in paths:  # warm-up: templates, content types, the source filter's cache
        assert client.get(path, **headers).status_code == 200

    totals, sqls, counts = [], [], set()
    per_path: dict[str, list[float]] = {}
    for _ in range(rounds):
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path, **headers)
                elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200
            totals.append(elapsed)
            sqls.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            counts.add(len(queries))
            per_path.setdefault(path, []).append(elapsed)
    sql, whole = statistics.mean(sqls), statistics.mean(totals)
    print(
        f"{len(totals)} requests: mean {whole:.1f} ms, p95 {percentile(totals, 0.95):.1f} ms, "
        f"queries {sorted(counts)}, SQL {sql:.1f} ms, Python {whole - sql:.1f} ms (means)"
    )
    for path, times in sorted(per_path.items(), key=lambda item: -statistics.mean(item[1])):
        print(f"  {statistics.mean(times):6.1f} ms  {path.split('q=')[-1]}")
    if "--profile" in argv:
        profiler = cProfile.Profile()
        profiler.enable()
        for path in paths:
            client.get(path, **headers)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main(sys.argv)
