"""The whole benchmark, end to end, and docs/benchmarks.md from what it measured.

    .venv/bin/python bench/run.py [--candidates 1000000] [--duration 20] [--pages journey,admin]

``make bench`` runs it (``make bench BENCH_CANDIDATES=20000`` for a quick run). In order:

1. PostgreSQL and Redis are started if they are not running (as .ci/run does).
2. Two databases: ``rfs_bench`` with ``--candidates`` candidates and ``rfs_bench_small``
   with 1,000 (for the query budgets). Each is migrated, and seeded with ``bench.seed_scale``
   unless it already holds exactly that many scale candidates; a database with another
   number is dropped and made again.
3. Static files are collected; Redis databases 7 (cache) and 8 (broker) are emptied.
4. An SMTP sink, a Celery worker (production's command line, SMTP backend pointed at the
   sink) and gunicorn (production's command line, ``WEB_CONCURRENCY`` workers, default
   3) start with ``rfs.settings_bench`` on loopback.
5. ``bench.prepare`` signs the virtual users in and writes the plan; every page is asked
   once to warm it up.
6. Locust drives each page alone for ``--duration`` seconds (the reference page first and
   last); p50 and p95 come from every response time, requests per second and errors from
   locust's CSV.
7. The email throughput, then the query budgets at 1,000 and at ``--candidates``.
8. Peak and final memory (VmHWM, VmRSS) of every gunicorn and Celery process are read
   from /proc; everything is stopped; docs/benchmarks.md is written.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
LOCUST = ROOT / ".bench-venv" / "bin" / "locust"
DOC = ROOT / "docs" / "benchmarks.md"
NOTES = ROOT / "bench" / "notes.md"
SMALL = 1000
PG = "postgres://postgres@127.0.0.1:5432"
REDIS_CACHE, REDIS_BROKER = "redis://127.0.0.1:6379/7", "redis://127.0.0.1:6379/8"


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def run(
    args: list, env: dict, *, log_to: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess:
    if log_to is None:
        return subprocess.run([str(a) for a in args], env=env, cwd=ROOT, check=check)
    with open(log_to, "w") as out:
        process = subprocess.Popen(
            [str(a) for a in args],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for line in process.stdout:
            sys.stdout.write(line)
            out.write(line)
        process.wait()
    if check and process.returncode:
        raise SystemExit(f"{args[:3]} failed ({process.returncode}); see {log_to}")
    return subprocess.CompletedProcess(args, process.returncode)


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
        _wait(
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
        _wait(
            lambda: subprocess.run(["redis-cli", "ping"], capture_output=True).returncode == 0,
            "Redis",
        )


def _wait(ready, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit(f"{what} did not start within {timeout:.0f} s")
        time.sleep(0.5)


def psql(sql: str, database: str = "postgres") -> str:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-Atqc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


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


# --- Processes ---------------------------------------------------------------------------------


def start(name: str, args: list, env: dict) -> subprocess.Popen:
    out = open(VAR / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
    return subprocess.Popen(
        [str(a) for a in args],
        env=env,
        cwd=ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def children(pid: int) -> list[int]:
    """Direct children of ``pid``, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def memory(pid: int) -> dict[str, float]:
    """Peak (VmHWM) and current (VmRSS) resident memory of a process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = int(rest.split()[0]) / 1024
    return values


def process_memory(master: subprocess.Popen) -> dict:
    workers = children(master.pid)
    return {"master": memory(master.pid), "workers": [memory(pid) for pid in workers]}


def get(url: str, cookie: str = "") -> int:
    request = urllib.request.Request(
        url, headers={"Cookie": cookie, "X-Forwarded-For": "198.18.0.1"} if cookie else {}
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


# --- Measuring ---------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def drive(page: dict, *, host: str, duration: int, label: str) -> dict:
    """Locust on one page, headless; its figures."""
    prefix = VAR / label
    raw = VAR / f"{label}.raw.json"
    class_name = page["name"].title().replace("_", "")
    spawn_rate = page.get("spawn_rate") or page["users"]
    duration *= page.get("duration_factor", 1)
    args = [
        LOCUST,
        "-f",
        ROOT / "bench" / "locustfile.py",
        "--headless",
        "-u",
        page["users"],
        "-r",
        spawn_rate,
        "-t",
        f"{duration}s",
        "--host",
        host,
        "--csv",
        prefix,
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "WARNING",
        class_name,
    ]
    env = {**os.environ, "BENCH_PLAN": str(VAR / "plan.json"), "BENCH_RAW": str(raw)}
    with open(VAR / f"{label}.locust.log", "w") as locust_log:
        subprocess.run(
            [str(a) for a in args], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=locust_log
        )
    stats = {row["Name"]: row for row in _csv_rows(Path(f"{prefix}_stats.csv"))}
    samples = json.loads(raw.read_text()) if raw.exists() else []
    figures = {}
    for name in [page["name"], f"{page['name']}_post"]:
        if name not in stats:
            continue
        times = [ms for sample_name, ms, _ok in samples if sample_name == name]
        figures[name] = {
            "requests": int(stats[name]["Request Count"]),
            "errors": int(stats[name]["Failure Count"]),
            "rps": float(stats[name]["Requests/s"]),
            "p50": percentile(times, 0.50),
            "p95": percentile(times, 0.95),
            "users": page["users"],
        }
    failures = VAR / f"{label}_failures.csv"
    if failures.exists():
        figures["failures"] = _csv_rows(failures)[:5]
    return figures


def _csv_rows(path: Path) -> list[dict]:
    with open(path) as rows:
        return list(csv.DictReader(rows))


def machine() -> dict:
    cpus = [
        line.split(":", 1)[1].strip()
        for line in Path("/proc/cpuinfo").read_text().splitlines()
        if line.startswith("model name")
    ]
    free = subprocess.run(["free", "-m"], capture_output=True, text=True).stdout.strip()
    redis_info = subprocess.run(
        ["redis-cli", "info", "server"], capture_output=True, text=True
    ).stdout
    redis_version = next(
        (
            line.split(":")[1].strip()
            for line in redis_info.splitlines()
            if line.startswith("redis_version")
        ),
        "?",
    )
    return {
        "cpus": f"{len(cpus)} × {cpus[0] if cpus else '?'}",
        "memory": free,
        "postgres": psql("SHOW server_version"),
        "redis": redis_version,
        "python": platform.python_version(),
        "kernel": platform.release(),
        "load": Path("/proc/loadavg").read_text().split()[:3],
    }


# --- The report --------------------------------------------------------------------------------


def report(
    *,
    args,
    results: dict,
    reference_p95: float,
    seeds: dict,
    email: dict | None,
    budgets: dict,
    mem: dict,
    info: dict,
    started: datetime,
    command: str,
) -> str:
    lines = [
        "# Benchmarks",
        "",
        "Written by `bench/run.py` (`make bench`): every figure below comes from one run. "
        "Edit `bench/notes.md`, not this file, for the notes at the end.",
        "",
        "## How to run",
        "",
        "```sh",
        "make bench                          # 1,000,000 candidates (seeded once, kept in rfs_bench)",
        "make bench BENCH_CANDIDATES=20000   # a quick run",
        "make bench-seed                     # only the data",
        "```",
        "",
        "It creates `.bench-venv` (locust, kept out of the project's dependencies), the PostgreSQL "
        "databases `rfs_bench` and `rfs_bench_small` (1,000 candidates, for the query budgets), "
        "and starts gunicorn, a Celery worker and an SMTP sink on loopback with `rfs.settings_bench`: "
        "production settings (DEBUG off, PostgreSQL, Redis cache and broker, allauth's rate limits, "
        "two-factor for staff) with rate limits keyed by the client address in X-Forwarded-For, so "
        "one load generator is not throttled as if it were one person; plain HTTP on loopback; and a "
        "reference page, `/bench/reference/`, a minimal template with no database work. Virtual users "
        "are signed in with sessions the benchmark writes itself (with the second factor marked done "
        "for staff, as allauth records it); no login path is changed. See `bench/README.md`.",
        "",
        "## This run",
        "",
        f"- Command: `{command}`",
        f"- Started: {started:%Y-%m-%d %H:%M} UTC; candidates: {args.candidates:,}; "
        f"{args.duration} s per page; gunicorn workers: {args.workers}; Celery worker: default concurrency.",
        f"- Machine: {info['cpus']}; Linux {info['kernel']}; Python {info['python']}; PostgreSQL "
        f"{info['postgres']}; Redis {info['redis']}; load average at the start {' '.join(info['load'])}.",
        "",
        "```",
        info["memory"],
        "```",
        "",
    ]
    for database, seed in seeds.items():
        summary = next(
            (line for line in seed["log"].splitlines() if "rows/s while loading" in line), ""
        )
        when = "seeded in this run" if seed["seeded_now"] else "seeded earlier (its log)"
        lines.append(f"- `{database}` {when}: {summary.strip() or 'no log kept'}")
        refresh = seed.get("refresh") or {}
        logged = next(
            (line for line in seed["log"].splitlines() if line.startswith("Analytics refresh:")), ""
        )
        if refresh.get("refreshed_now"):
            lines.append(
                f"  Analytics refresh (the dashboard's summary cells; beat runs it every 30 minutes), in this run: "
                f"{refresh['candidates']:,} candidates in {refresh['seconds']:.0f} s, peak memory {refresh['peak_mb']} MB."
            )
        elif logged:
            lines.append(f"  {logged.strip()} (when it was seeded; beat runs it every 30 minutes)")
        elif refresh:
            lines.append(
                f"  Analytics refresh: computed earlier, {refresh['seconds']:.0f} s for {refresh['candidates']:,} candidates."
            )
    lines += [
        "",
        "## Pages",
        "",
        f"p95 of the reference page: **{reference_p95:.2f} ms**, the median of its three runs (first, middle "
        "and last). "
        "Each page ran alone, `users` virtual users asking again as soon as answered.",
        "",
        "| page | users | requests | req/s | errors | p50 ms | p95 ms | p95 ÷ reference | target | |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in results["pages"]:
        if page.get("missing"):
            lines.append(
                f"| {page['title']} | | | | | | | | {_target(page)} | skipped: {page['missing']} |"
            )
            continue
        for name, figures in page["figures"].items():
            if name == "failures":
                continue
            ratio = figures["p95"] / reference_p95 if reference_p95 else float("nan")
            title = page["title"] if name == page["name"] else f"{page['title']}: the POST"
            target = page.get("target")
            verdict = ""
            if target:
                met = ratio <= target and (page["kind"] != "signup" or figures["errors"] == 0)
                verdict = "met" if met else "**missed**"
            lines.append(
                f"| {title} | {figures['users']} | {figures['requests']:,} | {figures['rps']:.1f} | "
                f"{figures['errors']} | {figures['p50']:.1f} | {figures['p95']:.1f} | {ratio:.1f}× | "
                f"{_target(page)} | {verdict} |"
            )
    for page in results["pages"]:
        for failure in page.get("figures", {}).get("failures", []):
            lines.append(
                f"\n- {page['name']}: {failure.get('Occurrences')} × {failure.get('Error')}"
            )
    lines += [
        "",
        "## Memory",
        "",
        "| process | peak RSS MB | RSS after the run MB |",
        "|---|---:|---:|",
    ]
    for role, data in mem.items():
        lines.append(
            f"| {role} master | {data['master']['VmHWM']:.0f} | {data['master']['VmRSS']:.0f} |"
        )
        for number, worker in enumerate(data["workers"], 1):
            lines.append(
                f"| {role} worker {number} | {worker['VmHWM']:.0f} | {worker['VmRSS']:.0f} |"
            )
    web_after = max((w["VmRSS"] for w in mem.get("gunicorn", {}).get("workers", [])), default=0)
    lines += [
        "",
        f"Target: web workers under 200 MB after the run: "
        f"{'met' if web_after < 200 else '**missed**'} (largest {web_after:.0f} MB).",
        "",
    ]
    lines += ["## Email throughput", ""]
    if email:
        relay = email["outbox"]
        lines += [
            f"{email['count']:,} messages to an SMTP sink on loopback (aiosmtpd).",
            "",
            "| sender | messages/s |",
            "|---|---:|",
            f"| plain `smtplib` loop, one reused connection | {email['plain_per_second']:,.0f} |",
            f"| outbox rows through a real Celery worker ({relay['sent']:,} sent, {relay['failed']} failed, "
            f"{relay['seconds']:.1f} s) | {relay['per_second']:,.0f} |",
            "",
            f"Outbox ÷ plain loop: **{email['ratio']:.2f}** (target ≥ 0.5: "
            f"{'met' if email['ratio'] >= 0.5 else '**missed**'}).",
            "",
        ]
    else:
        lines += ["Not measured in this run.", ""]
    lines += [
        "## Query budgets",
        "",
        "Queries per request (third request, after two to warm caches), measured "
        "by `bench/query_budgets.py` with Django's test client and `CaptureQueriesContext`.",
        "",
    ]
    sizes = list(budgets)
    lines.append(
        "| page | "
        + " | ".join(f"{budgets[s]['candidates']:,} candidates" for s in sizes)
        + " | equal |"
    )
    lines.append("|---|" + "---:|" * len(sizes) + "---|")
    names = list(budgets[sizes[0]]["pages"]) if sizes else []
    for name in names:
        rows = [budgets[s]["pages"].get(name, {}) for s in sizes]
        if any(r.get("missing") for r in rows):
            lines.append(f"| {rows[0]['title']} | " + " | ".join("skipped" for _ in rows) + " | |")
            continue
        counts = [r.get("queries") for r in rows]
        cells = [
            f"{r['queries']}" + ("" if r["status"] in (200, 302) else f" (HTTP {r['status']})")
            for r in rows
        ]
        lines.append(
            f"| {rows[0]['title']} | "
            + " | ".join(cells)
            + f" | {'yes' if len(set(counts)) == 1 else '**no**'} |"
        )
    lines += ["", NOTES.read_text().strip() if NOTES.exists() else "", ""]
    return "\n".join(lines)


def _target(page: dict) -> str:
    return f"≤ {page['target']:g}×" if page.get("target") else ""


# --- Main --------------------------------------------------------------------------------------


def main() -> None:
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
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    parser.add_argument("--seed-only", action="store_true", help="make the databases and stop")
    parser.add_argument(
        "--no-doc", action="store_true", help="print the report instead of writing the doc"
    )
    args = parser.parse_args()
    if not LOCUST.exists() and not args.seed_only:
        raise SystemExit("No .bench-venv: run `make bench` (it installs locust there).")
    VAR.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    command = "make bench" + (
        f" BENCH_CANDIDATES={args.candidates}" if args.candidates != 1_000_000 else ""
    )

    ensure_services()
    info = machine()
    seeds = {"rfs_bench": ensure_database("rfs_bench", args.candidates)}
    seeds["rfs_bench_small"] = ensure_database("rfs_bench_small", SMALL)
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

    env = environment("rfs_bench")
    manage("collectstatic", "--noinput", "-v0", database="rfs_bench")
    flush_redis()
    smtp_port, web_port = free_port(), free_port()
    host = f"http://127.0.0.1:{web_port}"
    # Email links point where this run's web server answers.
    env = {**env, "RFS_SITE_URL": host}
    sink = worker = web = None
    try:
        sink = start("smtp-sink", [PYTHON, "-m", "bench.smtp_sink", "--port", smtp_port], env)
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
        _wait(
            lambda: (VAR / "celery.log").read_text().find(" ready.") >= 0, "the Celery worker", 120
        )
        _wait(lambda: _healthy(host), "gunicorn", 120)
        log(
            f"gunicorn on {host} ({args.workers} workers), Celery worker and SMTP sink on :{smtp_port} are up"
        )

        run([PYTHON, "-m", "bench.prepare", "plan", VAR / "plan.json"], env)
        plan = json.loads((VAR / "plan.json").read_text())
        wanted = set(filter(None, args.pages.split(","))) | {"reference"}
        pages = [p for p in plan["pages"] if not args.pages or p["name"] in wanted]
        for page in pages:  # warm up: templates compiled, caches filled, connections open
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
            if page is reference:
                references.append(figures["reference"]["p95"])
                title = f"{page['title']}, {label.split('-')[1]}"
                results["pages"].append({**page, "title": title, "figures": figures})
            else:
                results["pages"].append({**page, "figures": figures})
            for name, f in figures.items():
                if name != "failures":
                    log(
                        f"{label if page is reference else name}: {f['requests']:,} requests, {f['rps']:.0f}/s, "
                        f"p50 {f['p50']:.1f} ms, p95 {f['p95']:.1f} ms, {f['errors']} errors"
                    )
        reference_p95 = statistics.median(references)
        log(
            f"reference p95: {', '.join(f'{r:.2f}' for r in references)} ms; median {reference_p95:.2f} ms"
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
        for database in ("rfs_bench_small", "rfs_bench"):
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


def _healthy(host: str) -> bool:
    try:
        return get(host + "/healthz") == 200
    except OSError:
        return False


if __name__ == "__main__":
    main()
