"""``make faults``'s figures (``bench/faults.py``): its invariants checked, and the text of
``bench/faults.md``, which ``bench/run.py`` copies into docs/benchmarks.md."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def errors_by_phase(samples: list, times: dict, settle: float) -> dict:
    """Requests and errors of the surge by what was happening while each was in flight:
    PostgreSQL restarting (until ``settle`` seconds after it answered again), Redis away
    (until it answered again), or neither."""
    windows = {
        "postgres": (times["pg_restart"], times["pg_back"] + settle),
        "redis": (times["redis_stop"], times["redis_back"]),
    }
    phases = {name: {"requests": 0, "errors": 0} for name in (*windows, "otherwise")}
    for _name, ms, ok, ended in samples:
        began = ended - ms / 1000
        phase = next(
            (name for name, (low, high) in windows.items() if began <= high and ended >= low),
            "otherwise",
        )
        phases[phase]["requests"] += 1
        phases[phase]["errors"] += 0 if ok else 1
    return phases


def broken_invariants(result: dict) -> list[str]:
    broken = []
    phases, counts = result["phases"], result["counts"]
    for phase in ("redis", "otherwise"):
        if phases[phase]["errors"]:
            broken.append(f"{phases[phase]['errors']} requests failed ({phase})")
    unclean = [
        failure
        for failure in result["figures"].get("failures", [])
        if "HTTP 500" not in str(failure.get("Error", ""))
    ]
    if unclean:
        broken.append(f"failures other than the 500 page: {unclean}")
    if not counts["ok"]:
        broken.append(f"people, candidates and emails do not match once each: {counts}")
    if not counts["people"]:
        broken.append("nobody signed up")
    for moment, statuses in result["pages"].items():
        failing = {name: status for name, status in statuses.items() if status != 200}
        if failing:
            broken.append(f"pages not answering ({moment}): {failing}")
    return broken


def write_report(result: dict, path: Path | None) -> list[str]:
    """Print the figures (and write them to ``path``); the invariants that broke."""
    broken = broken_invariants(result)
    times, counts, phases = result["times"], result["counts"], result["phases"]
    pg_seconds = times["pg_back"] - times["pg_restart"]
    lines = [
        "## Faults (`make faults`)",
        "",
        "Written by `bench/faults.py` (`make faults`) into `bench/faults.md`; `bench/run.py` copies it here. "
        "A private PostgreSQL cluster and a private Redis (own ports and folders), gunicorn, a Celery "
        "worker and beat with the Procfile's command lines under `scripts/supervise.py`, an SMTP sink "
        f"recording every recipient. {result['users']} virtual users sign up new people again and "
        f"again for {result['seconds']} s; {times['pg_restart'] - times['surge_start']:.0f} s in, "
        f"PostgreSQL restarts (`pg_ctl restart -m fast`, {pg_seconds:.1f} s); "
        f"{times['redis_stop'] - times['surge_start']:.0f} s in, Redis (cache and broker) stops for "
        f"{times['redis_back'] - times['redis_stop']:.0f} s.",
        "",
        f"- Run: {datetime.fromisoformat(result['started']):%Y-%m-%d %H:%M} UTC; verdict: "
        + ("**every invariant held**" if not broken else "**FAILED**: " + "; ".join(broken)),
        "",
        "| while | requests | errors |",
        "|---|---:|---:|",
        f"| PostgreSQL restarting (until {result['pg_settle']:.0f} s after it answered) | "
        f"{phases['postgres']['requests']:,} | {phases['postgres']['errors']} |",
        f"| Redis away | {phases['redis']['requests']:,} | {phases['redis']['errors']} |",
        f"| neither | {phases['otherwise']['requests']:,} | {phases['otherwise']['errors']} |",
        "",
    ]
    for name, figures in result["figures"].items():
        if name != "failures":
            label = "POST" if name.endswith("_post") else "form (GET)"
            lines.append(
                f"- The {label}: {figures['requests']:,} requests, p50 {figures['p50']:.0f} ms, "
                f"p95 {figures['p95']:.0f} ms, {figures['errors']} errors."
            )
    for failure in result["figures"].get("failures", []):
        lines.append(f"- Failed: {failure.get('Occurrences')} × {failure.get('Error')}")
    lines += [
        "",
        "| people | candidates | without a candidate | candidates without their stage change | "
        "verification emails queued | sent | received by the sink | received twice | "
        "people not received |",
        "|" + "---:|" * 9,
        f"| {counts['people']:,} | {counts['candidates']:,} | {counts['people_without_candidate']} | "
        f"{counts['candidates_without_stage_change']} | {counts['emails_queued']:,} | "
        f"{counts['emails_sent']:,} | {counts['received']:,} | {counts['received_twice']} | "
        f"{counts['people_not_received']} |",
        "",
        f"The outbox drained {counts['drain_seconds']:.0f} s after the surge ended (beat's sweep "
        "runs every minute and sends what could not be queued while Redis was away).",
        "",
    ]
    for moment, title in (
        ("before", "before the faults"),
        ("after_restart", f"{result['pg_settle']:.0f} s after PostgreSQL answered again"),
        ("without_redis", "with Redis away"),
        ("after", "at the end"),
    ):
        statuses = result["pages"][moment]
        good = sum(1 for status in statuses.values() if status == 200)
        others = ", ".join(f"{n} {s}" for n, s in statuses.items() if s != 200)
        lines.append(
            f"- Pages of the plan answering 200 {title}: {good} of {len(statuses)}"
            + (f" (not: {others})" if others else "")
            + "."
        )
    restarts = ", ".join(f"{name} {n}×" for name, n in result["restarts"].items() if n)
    lines += [f"- Processes restarted by the supervisor: {restarts or 'none'}.", ""]
    text = "\n".join(lines)
    print(text)
    if path is not None:
        path.write_text(text)
    return broken
