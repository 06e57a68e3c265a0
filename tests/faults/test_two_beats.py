"""Two beats: each periodic task still runs once per period (issue 22).

Two ``celery beat`` processes (started by mistake, or one per host) and a worker run under
scripts/supervise.py on the test database and a Redis broker, with every entry of the
project's schedule every PERIOD seconds (tests/faults/beat_settings.py). The worker
writes a line per task run (tests/faults/task_runs.py): runs are counted, not emails,
whose outbox keys would hide a doubled task. The beat holding the lock (rfs.beat_lock)
sends; the other waits. Then the holder is SIGKILLed: the other takes over within the
lock's lifetime, and still no task runs twice in a period.
"""

import itertools
import os
import re
import time
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings

from tests.soak.harness import Supervised

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

PERIOD = 4.0
WINDOW = 24.0  # seconds of two beats, both alive
LOCK_SECONDS = 6
TASKS = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
HOLDER = re.compile(r"^\S+ (beat\d)\s+\|.*Beat holds the schedule lock", re.MULTILINE)


def read_runs(path: Path) -> dict[str, list[float]]:
    runs = defaultdict(list)
    if path.exists():
        for line in path.read_text().splitlines():
            stamp, name = line.split(" ", 1)
            if name in TASKS:
                runs[name].append(float(stamp))
    return runs


def wait_for(predicate, timeout: float, what: str, processes: Supervised):
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}\n{processes.log_tail()}"
        time.sleep(0.2)
    return result


def check_once_per_period(runs: dict[str, list[float]], window_start: float) -> None:
    assert set(runs) == TASKS
    expected = WINDOW / PERIOD
    for task, times in runs.items():
        in_window = [t for t in times if window_start <= t < window_start + WINDOW]
        assert expected - 2 <= len(in_window) <= expected + 1, (task, len(in_window), expected)
        gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
        # A task sent by both beats would run twice within moments.
        assert min(gaps) > PERIOD / 2, (task, [round(g, 1) for g in gaps])


def test_two_beats_run_each_periodic_task_once_per_period(
    tmp_path, database_url, redis_broker_url, live_celery
):
    run_log = tmp_path / "runs.log"
    env = {k: v for k, v in os.environ.items() if k != "CELERY_TASK_ALWAYS_EAGER"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "tests.faults.beat_settings",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_broker_url,
        "RFS_TEST_BEAT_PERIOD": str(PERIOD),
        "RFS_TEST_QUEUE": live_celery.queue,  # deleted from the broker afterwards
        "RFS_TASK_RUN_LOG": str(run_log),
        "RFS_BEAT_LOCK_SECONDS": str(LOCK_SECONDS),
        "RFS_VAR_DIR": str(tmp_path / "var"),  # the file lock, when there is no Redis
        "PYTHONUNBUFFERED": "1",
    }
    beat = ".venv/bin/celery -A rfs beat --loglevel=INFO"
    procfile = (
        ".venv/bin/celery -A rfs worker --loglevel=INFO --concurrency=2"
        " --include tests.faults.task_runs --without-mingle --without-gossip\n"
    )
    procfile = f"worker: {procfile}beat1: {beat}\nbeat2: {beat}\n"
    live_celery.use_broker(redis_broker_url)
    processes = Supervised(tmp_path, procfile, env)
    processes.start()
    try:
        # Both beats up (each has logged its schedule), then the first runs arrive.
        wait_for(
            lambda: processes.log_tail(10**6).count("Beat registered") >= 2,
            60,
            "two beats",
            processes,
        )
        first = wait_for(
            lambda: min((t for ts in read_runs(run_log).values() for t in ts), default=None),
            30,
            "the first task run",
            processes,
        )
        window_start = first - PERIOD / 2
        time.sleep(max(window_start + WINDOW - time.time(), 0))
        check_once_per_period(read_runs(run_log), window_start)
        holders = HOLDER.findall(processes.log_tail(10**6))
        assert len(holders) == 1, f"expected one beat to hold the lock, saw {holders}"
        killed_at = time.time()
        processes.kill(holders[0])
        # The other beat takes over when the lock lapses; every task runs again after that.
        wait_for(
            lambda: all(
                any(t > killed_at + LOCK_SECONDS for t in read_runs(run_log)[task])
                for task in TASKS
            ),
            LOCK_SECONDS + 3 * PERIOD + 10,
            "every task to run after the holder was killed",
            processes,
        )
        log = processes.log_tail(10**6)
    finally:
        processes.stop()

    # Once per period with both beats alive, and across the takeover too.
    runs = read_runs(run_log)
    print(
        "runs in the window:",
        {
            task: len([t for t in times if window_start <= t < window_start + WINDOW])
            for task, times in sorted(runs.items())
        },
    )
    check_once_per_period(runs, window_start)
    # A beat took the lock after the kill (the other one, or the killed one restarted).
    assert len(HOLDER.findall(log)) >= 2, HOLDER.findall(log)
