"""Bench pages measured in process: time, queries and SQL time per request, no server.

    DJANGO_SETTINGS_MODULE=rfs.settings_bench .venv/bin/python -m bench.inprocess \\
        journey screener [--requests 200] [--profile journey]

The plan's pages (``bench.prepare.build_plan``) are asked with Django's test client, as
their signed-in people, after two warming requests per address. It prints the mean and
p95 of the whole request, the SQL share and the queries per request; ``--profile NAME``
prints cProfile's top functions for one page. This is how a change is judged before a
``make bench`` run (bench/notes.md says what was found).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.prepare import build_plan  # noqa: E402


def measure(page, requests: int, profiler: cProfile.Profile | None = None) -> dict:
    # One client (its handler loads the middleware once), each request as one of the
    # page's people in turn.
    client = Client(HTTP_X_FORWARDED_FOR="198.18.0.7")
    sessions = page.sessions or [""]

    def as_person(index: int) -> None:
        client.cookies.clear()
        if sessions[index % len(sessions)]:
            client.cookies[settings.SESSION_COOKIE_NAME] = sessions[index % len(sessions)]

    for index in range(max(len(sessions), len(page.paths[:20]))):
        as_person(index)
        for _ in range(2):
            path = page.paths[index % len(page.paths)]
            response = client.get(path)
            assert response.status_code == 200, (page.name, path, response.status_code)
    times, cpu, sql, queries = [], [], [], []
    for index in range(requests):
        as_person(index)
        path = page.paths[index % len(page.paths)]
        with CaptureQueriesContext(connection) as captured:
            if profiler:
                profiler.enable()
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            if profiler:
                profiler.disable()
        queries.append(len(captured.captured_queries))
        sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
    times.sort()
    return {
        "mean": statistics.mean(times),
        "p95": times[int(len(times) * 0.95) - 1],
        "sql": statistics.mean(sql),
        # This process's CPU time: what the page costs in Python, steadier than the
        # wall clock on a busy machine.
        "cpu": statistics.median(cpu),
        "queries": max(queries),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="+")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", default="")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--sql", default="", help="print one request's queries with their times")
    args = parser.parse_args()
    settings.DEBUG = False
    plan = {page.name: page for page in build_plan() if not page.missing}
    for name in args.pages:
        profiler = cProfile.Profile() if name == args.profile else None
        figures = measure(plan[name], args.requests, profiler)
        print(
            f"{name:<10} mean {figures['mean']:6.1f} ms  p95 {figures['p95']:6.1f} ms  "
            f"cpu {figures['cpu']:5.1f} ms  sql {figures['sql']:5.1f} ms  queries {figures['queries']}",
            flush=True,
        )
        if name == args.sql:
            page = plan[name]
            client = Client(HTTP_X_FORWARDED_FOR="198.18.0.7")
            if page.sessions:
                client.cookies[settings.SESSION_COOKIE_NAME] = page.sessions[0]
            with CaptureQueriesContext(connection) as captured:
                client.get(page.paths[0])
            for query in captured.captured_queries:
                print(f"{float(query['time']) * 1000:7.2f} ms  {query['sql'][:600]}")
        if profiler:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(45)
            print(out.getvalue())


if __name__ == "__main__":
    sys.exit(main())
