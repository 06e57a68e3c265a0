"""Signup's POST in process: time, queries and where the time goes, for N new people.

    DATABASE_URL=postgres://.../rfs_signup REDIS_URL=redis://127.0.0.1:6379/14 \\
        python -m bench.profile_signup [N] [--profile] [--sql]

Posts the benchmark's form (``bench/locustfile.py``'s ``SignupPageUser``: a new person,
a different address each time) with Django's test client, one new client per person,
after warming the process with a few signups that are not counted. Prints the mean,
median and p95 of the POST, its queries and cache operations (Redis round trips), and
the time spent waiting on the database driver (each query timed; the rest is Python:
Django, allauth, our code, and the ORM compiling the queries). ``--sql`` lists the last
POST's queries; ``--profile`` prints cProfile's top functions over the measured POSTs
and keeps them in ``var/profile_signup.prof``. The people it makes use the benchmark's
signup domain, so ``bench.prepare`` removes them at the start of the next run (this
script does too, before and after).
"""

from __future__ import annotations

import cProfile
import pstats
import re
import statistics
import sys
import time
import uuid
from urllib.parse import urlencode

from bench.prepare import SIGNUP_DOMAIN  # sets up Django first

# isort: split
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rfs.cache import ResilientRedisCacheClient
from rfs.models import User

WARM = 5
# As a browser (and locust) posts the form; the test client's default is multipart.
FORM_ENCODED = "application/x-www-form-urlencoded"
FIELD_ERROR = re.compile(r'id="error_\d+_id_(\w+)"><strong>([^<]{0,150})')
ZIPS = ["10001", "55101", "94110", "60614", "30303", "98101", "02139", "78701"]


def form(n: int) -> dict:
    person = uuid.uuid4().hex[:12]
    return {
        "name": f"Bench {person}",
        "email": f"{person}@{SIGNUP_DOMAIN}",
        "phone": f"(212) 555-01{n % 100:02d}",
        "zip_code": ZIPS[n % len(ZIPS)],
        "date_of_birth": "1990-05-01",
        "when_might_run": "two_years",
        "run_before": "never",
        "heard_from": "social",
        "consent_email": "on",
    }


CACHE_CALLS: list[str] = []


def _counted(call):
    def counting(self, operation, missing, *args):
        CACHE_CALLS.append(operation.__name__)
        return call(self, operation, missing, *args)

    return counting


# Every cache operation (Redis round trip) of the bench profile's cache goes through here.
ResilientRedisCacheClient._call = _counted(ResilientRedisCacheClient._call)


SQL_SECONDS: list[float] = []


def _timed(execute, sql, params, many, context):
    """Each query's time from the call to the driver to its answer (Django's own record
    of it is rounded to the millisecond)."""
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        SQL_SECONDS.append(time.perf_counter() - started)


def post(
    n: int, path: str, profiler: cProfile.Profile | None = None
) -> tuple[float, list[dict], int, float]:
    """(milliseconds, queries, cache operations, milliseconds waiting on the database) of
    one new person's POST (transactions' BEGIN and COMMIT are counted, not timed)."""
    client = Client()
    address = f"198.18.{n // 250 % 250}.{n % 250 + 1}"
    headers = {"HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_FOR": address}
    client.get(path, **headers)  # the form first, as a person opens it (cookies, session)
    data = form(n)
    CACHE_CALLS.clear()
    SQL_SECONDS.clear()
    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(_timed):
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        response = client.post(path, urlencode(data), FORM_ENCODED, **headers)
        elapsed = (time.perf_counter() - started) * 1000
        if profiler:
            profiler.disable()
    if response.status_code != 302:
        errors = FIELD_ERROR.findall(response.content.decode())
        raise SystemExit(f"HTTP {response.status_code} for {data['email']} (#{n}): {errors}")
    return elapsed, list(queries.captured_queries), len(CACHE_CALLS), sum(SQL_SECONDS) * 1000


def main(argv: list[str]) -> None:
    args = [a for a in argv[1:] if not a.startswith("--")]
    n = int(args[0]) if args else 200
    path = reverse("account_signup")
    User.objects.filter(email__endswith=f"@{SIGNUP_DOMAIN}").delete()
    for i in range(WARM):
        post(10_000 + i, path)
    profiler = cProfile.Profile() if "--profile" in argv else None
    times, counts, sql, cache_calls = [], [], [], []
    for i in range(n):
        elapsed, queries, cached, waited = post(i, path, profiler)
        cache_calls.append(cached)
        sql.append(waited)
        times.append(elapsed)
        counts.append(len(queries))
    times.sort()
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    print(
        f"{n} signups: mean {statistics.mean(times):.1f} ms, median {statistics.median(times):.1f}"
        f" ms, p95 {p95:.1f} ms; queries {min(counts)}–{max(counts)}; waiting on the"
        f" database {statistics.mean(sql):.1f} ms mean; cache operations"
        f" {min(cache_calls)}–{max(cache_calls)}"
    )
    if "--sql" in argv:
        for q in queries:
            print(f"{float(q['time']) * 1000:6.2f}  {q['sql'][:220]}")
    if profiler:
        profiler.dump_stats("var/profile_signup.prof")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
        print("Saved to var/profile_signup.prof")
    User.objects.filter(email__endswith=f"@{SIGNUP_DOMAIN}").delete()


if __name__ == "__main__":
    main(sys.argv)
