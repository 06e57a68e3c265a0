"""docs/benchmarks.md from what ``bench/run.py`` measured: the run, the pages (three runs
and their median for each page with a target), the signup surge, memory, email
throughput, query budgets, then ``bench/notes.md`` and ``bench/faults.md`` (what ``make
faults`` last wrote) as they are.
"""

from __future__ import annotations

import platform
import subprocess
from datetime import datetime
from pathlib import Path

from bench.common import ROOT, psql

NOTES = ROOT / "bench" / "notes.md"
FAULTS = ROOT / "bench" / "faults.md"


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


def report(
    *,
    args,
    results: dict,
    reference_p95: float,
    seeds: dict,
    email: dict | None,
    surge: dict | None,
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
        "Each page ran alone, `users` virtual users asking again as soon as answered. A page with a "
        "target ran three times, one after the other: its ratios are those of the three runs, and "
        "its figures (requests and errors summed, p50 and p95 the medians) and its verdict are the "
        "median's.",
        "",
        "| page | users | requests | req/s | errors | p50 ms | p95 ms | p95 ÷ reference | target | |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in results["pages"]:
        lines += _page_rows(page, reference_p95)
    for page in results["pages"]:
        for failure in page.get("figures", {}).get("failures", []):
            lines.append(
                f"\n- {page['name']}: {failure.get('Occurrences')} × {failure.get('Error')}"
            )
    lines += surge_section(surge, reference_p95)
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
    if FAULTS.exists():
        lines += [FAULTS.read_text().strip(), ""]
    return "\n".join(lines)


def _target(page: dict, name: str) -> str:
    return f"≤ {page['target']:g}×" if _targeted(page, name) else ""


def _targeted(page: dict, name: str) -> bool:
    """Signup's target is its POST's; every other page's, its one row's."""
    if not page.get("target"):
        return False
    return name == f"{page['name']}_post" if page["kind"] == "signup" else name == page["name"]


def _page_rows(page: dict, reference_p95: float) -> list[str]:
    if page.get("missing"):
        return [f"| {page['title']} | | | | | | | | | skipped: {page['missing']} |"]
    rows = []
    for name, figures in page["figures"].items():
        if name == "failures":
            continue
        title = page["title"] if name == page["name"] else f"{page['title']}: the POST"
        ratio = figures["p95"] / reference_p95 if reference_p95 else float("nan")
        ratios = f"**{ratio:.1f}×**"
        if len(figures.get("p95_runs", [])) > 1:
            each = ", ".join(f"{p95 / reference_p95:.1f}" for p95 in figures["p95_runs"])
            ratios = f"{each} → **{ratio:.1f}×**"
        verdict = ""
        if _targeted(page, name):
            met = ratio <= page["target"] and (page["kind"] != "signup" or figures["errors"] == 0)
            verdict = "met" if met else "**missed**"
        rows.append(
            f"| {title} | {figures['users']} | {figures['requests']:,} | {figures['rps']:.1f} | "
            f"{figures['errors']} | {figures['p50']:.1f} | {figures['p95']:.1f} | {ratios} | "
            f"{_target(page, name)} | {verdict} |"
        )
    return rows


def surge_section(surge: dict | None, reference_p95: float) -> list[str]:
    """The signup surge: its load figures, then what it left in the database and the sink."""
    lines = ["", "## A signup surge", ""]
    if not surge:
        return [*lines, "Not run in this run.", ""]
    page, counts = surge["page"], surge["counts"]
    lines += [
        f"The first minute after a post goes viral: {page['users']} virtual users started at once "
        f"(spawn rate {page['spawn_rate']}), for {surge['seconds']} s, each signing up a new person "
        "again and again (the form, then the POST, no pause) with an address at "
        f"`{page['email_domain']}`. Then the Celery worker drained the outbox "
        f"({surge['drain_seconds']:.0f} s, timeout {surge['drain_timeout']} s) into the SMTP sink, which "
        "recorded every recipient.",
        "",
        "| request | requests | req/s | errors | p50 ms | p95 ms | p95 ÷ reference |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, figures in surge["figures"].items():
        if name == "failures":
            continue
        title = "the POST" if name.endswith("_post") else "the form (GET)"
        ratio = figures["p95"] / reference_p95 if reference_p95 else float("nan")
        lines.append(
            f"| {title} | {figures['requests']:,} | {figures['rps']:.1f} | {figures['errors']} | "
            f"{figures['p50']:.1f} | {figures['p95']:.1f} | {ratio:.1f}× |"
        )
    for failure in surge["figures"].get("failures", []):
        lines.append(f"\n- {failure.get('Occurrences')} × {failure.get('Error')}")
    errors = sum(f["errors"] for n, f in surge["figures"].items() if n != "failures")
    lines += [
        "",
        "| people | candidates | without a candidate | candidates without their stage change | "
        "verification emails queued | sent | still waiting | failed | received by the sink | "
        "addresses received twice | people not received |",
        "|" + "---:|" * 11,
        f"| {counts['people']:,} | {counts['candidates']:,} | {counts['people_without_candidate']} | "
        f"{counts['candidates_without_stage_change']} | {counts['emails_queued']:,} | "
        f"{counts['emails_sent']:,} | {counts['emails_waiting']} | {counts['emails_failed']} | "
        f"{counts['received']:,} | {counts['received_twice']} | {counts['people_not_received']} |",
        "",
        f"{counts['people']:,} people signed up in {surge['seconds']} s "
        f"({counts['people'] / surge['seconds']:.1f} a second).",
        "",
        f"Targets: 0 errors: {'met' if errors == 0 else '**missed**'} ({errors}); people = candidates "
        "= verification emails queued = sent = received, each address exactly once: "
        f"{'met' if counts['ok'] else '**missed**'}.",
        "",
    ]
    return lines
