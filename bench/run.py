"""The whole benchmark, end to end, and docs/benchmarks.md from what it measured.

    .venv/bin/python bench/run.py [--candidates 1000000] [--duration 20] [--pages journey,admin]

``make bench`` runs it (``make bench BENCH_CANDIDATES=20000`` for a quick run). In order:

1. PostgreSQL and Redis are started if they are not running (as .ci/run does).
2. Two databases: ``rfs_bench`` (``--database``) with ``--candidates`` candidates and
   ``rfs_bench_small`` (its name + ``_small``) with 1,000 (for the query budgets). Each
   is migrated, and seeded with ``bench.seed_scale`` unless it already holds exactly
   that many scale candidates; a database with another number is dropped and made again.
3. Static files are collected; Redis databases 7 (cache) and 8 (broker), or
   ``--redis-dbs``, are emptied.
4. An SMTP sink, a Celery worker (production's command line, SMTP backend pointed at the
   sink) and gunicorn (production's command line, ``WEB_CONCURRENCY`` workers, default
   3) start with ``rfs.settings_bench`` on loopback.
5. ``bench.prepare`` signs the virtual users in and writes the plan; every page is asked
   once to warm it up.
6. Locust drives each page alone for ``--duration`` seconds (the reference page first and
   last); p50 and p95 come from every response time, requests per second and errors from
   locust's CSV. A page with a target runs three times; its figures are the median's.
7. The signup surge (``bench/surge.py``): 200 users at once for 60 s, then the outbox
   drained and people = candidates = verification emails queued = sent = received.
8. The email throughput, then the query budgets at 1,000 and at ``--candidates``.
9. Peak and final memory (VmHWM, VmRSS) of every gunicorn and Celery process are read
   from /proc; everything is stopped; docs/benchmarks.md is written.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the project root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import surge as surge_scenario
from bench.common import (
    LOCUST,
    PYTHON,
    ROOT,
    VAR,
    drive,
    free_port,
    get,
    healthy,
    log,
    process_memory,
    psql,
    run,
    start,
    stop,
    wait_for,
)
from bench.report import machine, report

DOC = ROOT / "docs" / "benchmarks.md"
SMALL = 1000
PG = "postgres://postgres@127.0.0.1:5432"
# Redis databases for the cache and the broker (``--redis-dbs``).
REDIS_CACHE, REDIS_BROKER = "redis://127.0.0.1:6379/7", "redis://127.0.0.1:6379/8"
# Each page with a target runs this many times; its figure is the median's.
TARGET_RUNS = 3


def environment(database: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rfs.settings_bench",
        "DATABASE_URL": f"{PG}/{database}",
        "REDIS_URL": REDIS_CACHE,
        "CELERY_BROKER_URL": REDIS_BROKER,
        "PYTHONPATH": str(ROOT),
        "DJANGO_STATIC_ROOT": str(VAR / "static"),
        **extra,
    }
    env.pop("DJANGO_DEBUG", None)  # the profile is production: DEBUG off
    return env


def manage(*args: str, database: str, log_to: Path | None = None) -> None:
    run([PYTHON, "manage.py", *args], environment(database), log_to=log_to)


# --- Services and databases ------------------------------------------------------------------


def ensure_services() -> None:
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode:
        version = sorted(
            os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")]
        )[-1]
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True
        )
        wait_for(
            lambda: subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode == 0,
            "PostgreSQL",
        )
    if subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True).returncode:
        subprocess.run(
            [
                "redis-server",
                "--daemonize",
                "yes",
                "--bind",
                "127.0.0.1",
                "--port",
                "6379",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            check=True,
        )
        wait_for(
            lambda: subprocess.run(["redis-cli", "ping"], capture_output=True).returncode == 0,
            "Redis",
        )


def prepare(command: str, database: str) -> dict:
    """Run ``python -m bench.prepare COMMAND`` against ``database``; what it printed last (JSON)."""
    out = subprocess.run(
        [PYTHON, "-m", "bench.prepare", command],
        env=environment(database),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def scale_count(database: str) -> int:
    return prepare("status", database)["candidates"]


def ensure_database(database: str, candidates: int) -> dict:
    """Migrated and seeded with exactly ``candidates``; returns what the seeding printed."""
    seed_log = VAR / f"seed-{database}.log"
    if psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}'") == "1":
        manage("migrate", "--noinput", "-v0", database=database)
        have = scale_count(database)
        if have == candidates:
            log(f"{database}: already holds {have:,} candidates")
            return {"seeded_now": False, "log": seed_log.read_text() if seed_log.exists() else ""}
        log(f"{database}: holds {have:,} candidates, wants {candidates:,}: making it again")
        psql(f'DROP DATABASE "{database}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{database}"')
    manage("migrate", "--noinput", "-v0", database=database)
    log(f"{database}: seeding {candidates:,} candidates")
    started = time.monotonic()
    run(
        [PYTHON, "-m", "bench.seed_scale", "--candidates", str(candidates), "--force"],
        environment(database),
        log_to=seed_log,
    )
    return {"seeded_now": True, "seconds": time.monotonic() - started, "log": seed_log.read_text()}


def analytics_cells(database: str) -> dict:
    """The dashboard's summary cells: seed_scale fills them; an older database gets them now."""
    refresh = prepare("refresh", database)
    if refresh["refreshed_now"]:
        log(
            f"{database}: analytics refresh, {refresh['seconds']:.0f} s, peak {refresh['peak_mb']} MB"
        )
    return refresh


def flush_redis() -> None:
    for url in (REDIS_CACHE, REDIS_BROKER):
        subprocess.run(
            ["redis-cli", "-n", url.rsplit("/", 1)[1], "flushdb"], capture_output=True, check=True
        )


# --- Main --------------------------------------------------------------------------------------


def measure(page: dict, *, host: str, duration: int, runs: int) -> dict:
    """``runs`` locust runs of one page, one after the other, and their median: requests
    and errors summed, p50 and p95 the medians of the runs', each run's p95 kept."""
    each = [
        drive(
            page,
            host=host,
            duration=duration,
            label=page["name"] if runs == 1 else f"{page['name']}-{number}",
        )
        for number in range(1, runs + 1)
    ]
    combined: dict = {}
    for name in dict.fromkeys(n for figures in each for n in figures if n != "failures"):
        found = [figures[name] for figures in each if name in figures]
        combined[name] = {
            "requests": sum(f["requests"] for f in found),
            "errors": sum(f["errors"] for f in found),
            "rps": statistics.mean(f["rps"] for f in found),
            "p50": statistics.median(f["p50"] for f in found),
            "p95": statistics.median(f["p95"] for f in found),
            "p95_runs": [f["p95"] for f in found],
            "users": found[0]["users"],
        }
    failures = [row for figures in each for row in figures.get("failures", [])]
    if failures:
        combined["failures"] = failures[:5]
    return combined


def main() -> None:
    global REDIS_CACHE, REDIS_BROKER

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--candidates", type=int, default=int(os.environ.get("BENCH_CANDIDATES", 1_000_000))
    )
    parser.add_argument(
        "--duration",
        type=int,
        default=int(os.environ.get("BENCH_DURATION", 20)),
        help="seconds of load per page",
    )
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    parser.add_argument("--emails", type=int, default=int(os.environ.get("BENCH_EMAILS", 2000)))
    parser.add_argument(
        "--pages", default="", help="comma-separated page names, `surge` among them (default: all)"
    )
    parser.add_argument(
        "--surge-seconds",
        type=int,
        default=int(os.environ.get("BENCH_SURGE_SECONDS", 60)),
        help="seconds of the signup surge (0: none)",
    )
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE", "rfs_bench"),
        help="the database of --candidates (the 1,000-candidate one is its name + _small)",
    )
    parser.add_argument(
        "--redis-dbs",
        default=os.environ.get("BENCH_REDIS_DBS", "7,8"),
        help="Redis databases for the cache and the broker (emptied at the start)",
    )
    parser.add_argument("--seed-only", action="store_true", help="make the databases and stop")
    parser.add_argument(
        "--no-doc", action="store_true", help="print the report instead of writing the doc"
    )
    args = parser.parse_args()
    if not LOCUST.exists() and not args.seed_only:
        raise SystemExit("No .bench-venv: run `make bench` (it installs locust there).")
    cache_db, broker_db = args.redis_dbs.split(",")
    REDIS_CACHE, REDIS_BROKER = (f"redis://127.0.0.1:6379/{n}" for n in (cache_db, broker_db))
    big, small = args.database, f"{args.database}_small"
    VAR.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    command = "make bench" + (
        f" BENCH_CANDIDATES={args.candidates}" if args.candidates != 1_000_000 else ""
    )

    ensure_services()
    info = machine()
    seeds = {big: ensure_database(big, args.candidates)}
    seeds[small] = ensure_database(small, SMALL)
    for database, seed in seeds.items():
        seed["refresh"] = analytics_cells(database)
    # Write the seeding's dirty pages out now, so PostgreSQL's checkpointer does not write
    # them while the first pages are measured (a run started straight after seeding measured
    # most pages 10-35% slower than the next run; how much of that was the checkpointer is
    # not known, but measuring beside it is never wanted).
    started_checkpoint = time.monotonic()
    psql("CHECKPOINT")
    log(f"CHECKPOINT: {time.monotonic() - started_checkpoint:.1f} s")
    if args.seed_only:
        return

    env = environment(big)
    manage("collectstatic", "--noinput", "-v0", database=big)
    flush_redis()
    smtp_port, web_port = free_port(), free_port()
    host = f"http://127.0.0.1:{web_port}"
    # Email links point where this run's web server answers.
    env = {**env, "RFS_SITE_URL": host}
    recipients = VAR / "recipients.txt"
    recipients.write_text("")
    sink = worker = web = None
    try:
        sink = start(
            "smtp-sink",
            [PYTHON, "-m", "bench.smtp_sink", "--port", smtp_port, "--recipients", recipients],
            env,
        )
        mail_env = {
            **env,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
        }
        worker = start(
            "celery",
            [ROOT / ".venv/bin/celery", "-A", "rfs", "worker", "--loglevel=INFO"],
            mail_env,
        )
        web = start(
            "gunicorn",
            [
                ROOT / ".venv/bin/gunicorn",
                "rfs.wsgi:application",
                "--bind",
                f"127.0.0.1:{web_port}",
                "--workers",
                args.workers,
            ],
            mail_env,
        )
        wait_for(
            lambda: (VAR / "celery.log").read_text().find(" ready.") >= 0, "the Celery worker", 120
        )
        wait_for(lambda: healthy(host), "gunicorn", 120)
        log(
            f"gunicorn on {host} ({args.workers} workers), Celery worker and SMTP sink on :{smtp_port} are up"
        )

        run([PYTHON, "-m", "bench.prepare", "plan", VAR / "plan.json"], env)
        plan = json.loads((VAR / "plan.json").read_text())
        wanted = set(filter(None, args.pages.split(","))) | {"reference"}
        chosen = [p for p in plan["pages"] if not args.pages or p["name"] in wanted]
        pages = [p for p in chosen if p["kind"] != "surge"]
        surge_page = next((p for p in chosen if p["kind"] == "surge"), None)
        for page in chosen:  # warm up: templates compiled, caches filled, connections open
            for path in page["paths"][:20]:
                cookie = f"sessionid={page['sessions'][0]}" if page["sessions"] else ""
                get(host + path, cookie)

        # The reference page at the start, in the middle and at the end: its median p95 is
        # the yardstick, so a neighbour's burst during one of them does not skew every ratio.
        reference, others = pages[0], pages[1:]
        middle = len(others) // 2
        order = [reference, *others[:middle], reference, *others[middle:], reference]
        results = {"pages": []}
        references = []
        for page in order:
            if page.get("missing"):
                results["pages"].append(page)
                log(f"{page['name']}: skipped ({page['missing']})")
                continue
            label = page["name"]
            if page is reference:
                label = ("reference-start", "reference-middle", "reference-end")[len(references)]
                figures = drive(page, host=host, duration=args.duration, label=label)
                references.append(figures["reference"]["p95"])
                title = f"{page['title']}, {label.split('-')[1]}"
                results["pages"].append({**page, "title": title, "figures": figures})
            else:
                runs = TARGET_RUNS if page.get("target") else 1
                figures = measure(page, host=host, duration=args.duration, runs=runs)
                results["pages"].append({**page, "figures": figures})
            for name, f in figures.items():
                if name != "failures":
                    log(
                        f"{label if page is reference else name}: {f['requests']:,} requests, {f['rps']:.0f}/s, "
                        f"p50 {f['p50']:.1f} ms, p95 {f['p95']:.1f} ms, {f['errors']} errors"
                        + (
                            f" (p95 of each run: {', '.join(f'{p:.1f}' for p in f['p95_runs'])})"
                            if len(f.get("p95_runs", [])) > 1
                            else ""
                        )
                    )
        reference_p95 = statistics.median(references)
        log(
            f"reference p95: {', '.join(f'{r:.2f}' for r in references)} ms; median {reference_p95:.2f} ms"
        )

        surge = None
        if surge_page and args.surge_seconds:
            surge = surge_scenario.run_surge(
                surge_page, host=host, seconds=args.surge_seconds, env=env, recipients=recipients
            )

        email = None
        if args.emails:
            run(
                [
                    PYTHON,
                    "-m",
                    "bench.email_throughput",
                    "--count",
                    args.emails,
                    "--smtp-port",
                    smtp_port,
                    VAR / "email.json",
                ],
                env,
            )
            email = json.loads((VAR / "email.json").read_text())
        mem = {"gunicorn": process_memory(web), "celery": process_memory(worker)}

        budgets = {}
        for database in (small, big):
            out = VAR / f"queries-{database}.json"
            run([PYTHON, "-m", "bench.query_budgets", out], environment(database))
            budgets[database] = json.loads(out.read_text())
    finally:
        for process in (web, worker, sink):
            stop(process)

    text = report(
        args=args,
        results=results,
        reference_p95=reference_p95,
        seeds=seeds,
        email=email,
        surge=surge,
        budgets=budgets,
        mem=mem,
        info=info,
        started=started,
        command=command,
    )
    if args.no_doc:
        print(text)
    else:
        DOC.write_text(text)
        log(f"wrote {DOC.relative_to(ROOT)}")
    if surge and (surge_scenario.errors(surge) or not surge["counts"]["ok"]):
        log("the signup surge missed a target: see the report")


if __name__ == "__main__":
    main()
