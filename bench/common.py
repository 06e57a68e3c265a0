"""What the benchmark's scripts share: paths, logging, child processes, locust runs.

``bench/run.py`` (``make bench``) and ``bench/faults.py`` (``make faults``) start the
same processes (gunicorn, a Celery worker, an SMTP sink) and drive pages with locust the
same way; the helpers are here, once.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
LOCUST = ROOT / ".bench-venv" / "bin" / "locust"


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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


def wait_for(ready, what: str, timeout: float = 60) -> None:
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


def start(name: str, args: list, env: dict, folder: Path = VAR) -> subprocess.Popen:
    out = open(folder / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
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


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def drive(page: dict, *, host: str, duration: int, label: str, folder: Path = VAR) -> dict:
    """Locust on one page of the plan (``folder``/plan.json), headless; its figures."""
    prefix = folder / label
    raw = folder / f"{label}.raw.json"
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
    env = {**os.environ, "BENCH_PLAN": str(folder / "plan.json"), "BENCH_RAW": str(raw)}
    with open(folder / f"{label}.locust.log", "w") as locust_log:
        subprocess.run(
            [str(a) for a in args], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=locust_log
        )
    stats = {row["Name"]: row for row in _csv_rows(Path(f"{prefix}_stats.csv"))}
    samples = json.loads(raw.read_text()) if raw.exists() else []
    figures = {}
    for name in [page["name"], f"{page['name']}_post"]:
        if name not in stats:
            continue
        times = [sample[1] for sample in samples if sample[0] == name]
        figures[name] = {
            "requests": int(stats[name]["Request Count"]),
            "errors": int(stats[name]["Failure Count"]),
            "rps": float(stats[name]["Requests/s"]),
            "p50": percentile(times, 0.50),
            "p95": percentile(times, 0.95),
            "users": page["users"],
        }
    failures = folder / f"{label}_failures.csv"
    if failures.exists():
        figures["failures"] = _csv_rows(failures)[:5]
    return figures


def _csv_rows(path: Path) -> list[dict]:
    with open(path) as rows:
        return list(csv.DictReader(rows))


def healthy(host: str) -> bool:
    try:
        return get(host + "/healthz") == 200
    except OSError:
        return False
