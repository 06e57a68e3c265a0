"""scripts/supervise.py: `make run` restarts a process that dies instead of stopping everything."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "supervise.py"


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError("timed out")


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is not alive: it is waiting for its parent to read its status.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def read_status(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


@pytest.fixture
def supervise(tmp_path):
    started = []

    def run(procfile: str, *args: str) -> tuple[subprocess.Popen, Path]:
        (tmp_path / "Procfile").write_text(procfile)
        status = tmp_path / "status.json"
        process = subprocess.Popen(
            [
                sys.executable,
                str(SCRIPT),
                str(tmp_path / "Procfile"),
                "--status",
                str(status),
                *args,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=tmp_path,
        )
        started.append(process)
        return process, status

    yield run
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def test_supervise_restarts_a_killed_process_and_leaves_the_others_running(supervise):
    process, status = supervise("web: sleep 60\nworker: sleep 60\n")
    first = wait_for(
        lambda: (
            (s := read_status(status)) and all(p["alive"] for p in s["processes"].values()) and s
        )
    )
    web_pid, worker_pid = first["processes"]["web"]["pid"], first["processes"]["worker"]["pid"]

    os.kill(worker_pid, signal.SIGKILL)
    after = wait_for(
        lambda: (
            (s := read_status(status))["processes"]["worker"]["restarts"] == 1
            and s["processes"]["worker"]["alive"]
            and s
        )
    )

    assert after["processes"]["worker"]["pid"] != worker_pid
    assert after["processes"]["web"] == first["processes"]["web"]
    assert alive(web_pid)

    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "worker exited with status -9; restarting" in output
    assert not alive(web_pid)
    assert not alive(after["processes"]["worker"]["pid"])


def test_supervise_gives_up_after_the_restart_budget_with_a_clear_message(supervise, tmp_path):
    process, status = supervise(
        "web: sleep 60\ncrashy: sh -c 'echo crashing >> starts.log; exit 3'\n",
        "--max-restarts",
        "2",
        "--window",
        "60",
    )
    output, _ = process.communicate(timeout=60)

    assert process.returncode == 1
    assert (
        "crashy stopped 3 times within 60 s (last exit status 3); giving up and stopping everything"
        in output
    )
    assert (tmp_path / "starts.log").read_text().count(
        "crashing"
    ) == 3  # the first start and 2 restarts
    web_pid = read_status(status)["processes"]["web"]["pid"]
    assert not alive(web_pid)


def test_supervise_stops_a_process_group_with_its_children(supervise):
    # A prefork worker's pool: children of the process the Procfile names.
    process, status = supervise("pool: sh -c 'sleep 60 & sleep 60 & wait'\n")
    pool_pid = wait_for(lambda: read_status(status).get("processes", {}).get("pool", {}).get("pid"))
    children = wait_for(
        lambda: [
            int(p) for p in Path(f"/proc/{pool_pid}/task/{pool_pid}/children").read_text().split()
        ]
    )

    process.send_signal(signal.SIGINT)
    process.communicate(timeout=30)

    assert process.returncode == 0
    assert not any(alive(pid) for pid in [pool_pid, *children])
