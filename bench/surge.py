"""The signup surge (issue 22): the first minute after a post goes viral.

``bench/run.py`` runs it after the pages, and ``bench/faults.py`` runs a smaller one
while it restarts PostgreSQL and stops Redis. The plan's ``surge`` page (bench/prepare.py)
has ``BENCH_SURGE_USERS`` virtual users (200) start at once, each signing up a new
person again and again, with no pause (the form, then the POST), every address at
``surge.bench.example.org``. Then the Celery worker drains the outbox into the SMTP sink
(which records every recipient), and ``bench.surge_counts`` checks that people =
candidates = verification emails queued = sent = received, each address exactly once.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from bench.common import PYTHON, ROOT, VAR, drive, log

DRAIN_TIMEOUT = 300


def counts(env: dict, domain: str, recipients: Path) -> dict:
    """``bench.surge_counts`` against the database ``env`` names."""
    out = subprocess.run(
        [str(PYTHON), "-m", "bench.surge_counts", domain, str(recipients)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def drain(env: dict, domain: str, recipients: Path, timeout: float = DRAIN_TIMEOUT) -> dict:
    """Wait until no verification email of the surge is waiting in the outbox and the sink
    has received as many as were sent (or ``timeout``); the counts then, with the wait."""
    started = time.monotonic()
    while True:
        found = counts(env, domain, recipients)
        done = not found["emails_waiting"] and found["received"] >= found["emails_sent"]
        if done or time.monotonic() - started > timeout:
            found["drained"] = done
            found["drain_seconds"] = time.monotonic() - started
            return found
        time.sleep(2)


def run_surge(
    page: dict,
    *,
    host: str,
    seconds: int,
    env: dict,
    recipients: Path,
    folder: Path = VAR,
    label: str = "surge",
    drain_timeout: float = DRAIN_TIMEOUT,
) -> dict:
    """Drive the surge for ``seconds``, wait for the outbox, count. ``env`` is the Django
    environment of the run (its database)."""
    log(f"signup surge: {page['users']} users at once for {seconds} s")
    figures = drive(page, host=host, duration=seconds, label=label, folder=folder)
    for name, f in figures.items():
        if name != "failures":
            log(
                f"{name}: {f['requests']:,} requests, {f['rps']:.0f}/s, p50 {f['p50']:.1f} ms, "
                f"p95 {f['p95']:.1f} ms, {f['errors']} errors"
            )
    found = drain(env, page["email_domain"], recipients, drain_timeout)
    log(f"surge counts after {found['drain_seconds']:.0f} s: {json.dumps(found)}")
    return {
        "page": page,
        "seconds": seconds,
        "figures": figures,
        "counts": found,
        "drain_seconds": found["drain_seconds"],
        "drain_timeout": int(drain_timeout),
    }


def errors(surge: dict) -> int:
    return sum(f["errors"] for name, f in surge["figures"].items() if name != "failures")
