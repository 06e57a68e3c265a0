"""``make faults``: a signup surge while PostgreSQL restarts and Redis is away (issue 22).

    .venv/bin/python bench/faults.py [--users 50] [--redis-down 60] [--no-doc]

Everything runs on PRIVATE instances, never the shared ones the suite and ``make bench``
use: a PostgreSQL cluster made with initdb in ``var/faults/pg`` (its own port) and a
redis-server (its own port, nothing saved). On them: migrations, 300 scale candidates
(``bench.seed_scale``), then gunicorn, a Celery worker and beat with the Procfile's
command lines under ``scripts/supervise.py`` (as ``make run``, and as the soak test's
harness starts them), plus an SMTP sink that records every recipient.

Then ``--users`` virtual users sign up new people again and again (the surge of
``bench/surge.py``, smaller), and during it:

1. PostgreSQL restarts (``pg_ctl restart -m fast``). Requests may fail while it is down,
   but only cleanly (HTTP 500, the error page); none half-saved (no person without a
   candidate, no candidate without its first stage change); right after the restart
   every page of the benchmark's plan answers 200 (no stale connection kept failing).
2. Redis, the cache and the broker, stops for ``--redis-down`` seconds. Signups go on
   without an error (the cache falls back, rfs/cache.py; queueing the email cannot fail
   the request, rfs/services/outbox.py) and, once Redis is back, beat's outbox sweep
   sends what could not be queued.

Afterwards the outbox drains, and people = candidates = verification emails queued =
sent = received by the sink, each address exactly once; every page answers again. The
figures are printed and written to ``bench/faults.md``, which ``bench/run.py`` copies
into docs/benchmarks.md; the exit status is 1 when an invariant broke.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a script: the project root is the import root
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import surge as surge_scenario
from bench.common import (
    PYTHON,
    ROOT,
    drive,
    free_port,
    get,
    healthy,
    log,
    start,
    stop,
    wait_for,
)
from bench.faults_report import errors_by_phase, write_report
from tests.soak.harness import Supervised

FOLDER = ROOT / "var" / "faults"
DATABASE = "rfs_faults"
CANDIDATES = 300
# Seconds into the surge: PostgreSQL restarts, then Redis stops; the surge ends after.
PG_RESTART_AT = 15
REDIS_STOP_AT = 40
AFTER_REDIS = 25
DRAIN_TIMEOUT = 240
# A request that fails this long after PostgreSQL answered again counts as a stale one.
PG_SETTLE = 3.0


class PrivatePostgres:
    """A throwaway PostgreSQL cluster: initdb, its own port and socket folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.bin = Path(
            sorted(
                Path("/usr/lib/postgresql").iterdir(),
                key=lambda p: [int(n) for n in p.name.split(".")],
            )[-1],
            "bin",
        )

    def _as_postgres(self, *args) -> list[str]:
        command = [str(a) for a in args]
        return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            self._as_postgres(
                self.bin / "pg_ctl", "-D", self.data, "-l", self.folder / "pg.log", *args
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        self.folder.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(
            self._as_postgres(
                self.bin / "initdb",
                "-D",
                self.data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        self.pg_ctl("start", "-w", "-o", options)
        self.psql(f"CREATE DATABASE {DATABASE}")

    def restart(self) -> None:
        self.pg_ctl("restart", "-m", "fast", "-w")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.pg_ctl("stop", "-m", "immediate", "-w")

    def psql(self, sql: str, database: str = "postgres") -> str:
        return subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-Atqc",
                sql,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DATABASE}"


class PrivateRedis:
    """A throwaway redis-server on its own port that keeps nothing on disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = start(
            "redis",
            [
                "redis-server",
                "--port",
                self.port,
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.folder,
            ],
            os.environ.copy(),
            self.folder,
        )
        wait_for(self.answers, "the private Redis", 20)

    def answers(self) -> bool:
        return (
            subprocess.run(
                ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True
            ).stdout.strip()
            == "PONG"
        )

    def stop(self) -> None:
        stop(self.process)
        self.process = None


def environment(pg: PrivatePostgres, redis: PrivateRedis, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "rfs.settings_bench",
        "DATABASE_URL": pg.url,
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis.port}/1",
        "PYTHONPATH": str(ROOT),
        "DJANGO_STATIC_ROOT": str(FOLDER / "static"),
        "RFS_VAR_DIR": str(FOLDER),
        **extra,
    }
    env.pop("DJANGO_DEBUG", None)
    return env


def pages_answer(host: str, plan: dict) -> dict[str, int]:
    """Every page of the plan, once each with its first address and session: its status."""
    found = {}
    for page in plan["pages"]:
        if page["missing"] or page["kind"] == "surge":
            continue
        cookie = f"sessionid={page['sessions'][0]}" if page["sessions"] else ""
        found[page["name"]] = get(host + page["paths"][0], cookie)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=int(os.environ.get("FAULTS_USERS", 50)))
    parser.add_argument(
        "--redis-down", type=int, default=int(os.environ.get("FAULTS_REDIS_DOWN", 60))
    )
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 3)))
    parser.add_argument("--no-doc", action="store_true", help="do not write bench/faults.md")
    args = parser.parse_args()
    if FOLDER.exists():
        shutil.rmtree(FOLDER)
    FOLDER.mkdir(parents=True)
    started = datetime.now(UTC)
    pg, redis = PrivatePostgres(FOLDER / "pg"), PrivateRedis(FOLDER)
    supervised = sink = None
    try:
        pg.start()
        redis.start()
        web_port, smtp_port = free_port(), free_port()
        host = f"http://127.0.0.1:{web_port}"
        env = environment(
            pg,
            redis,
            RFS_SITE_URL=host,
            PORT=str(web_port),
            WEB_CONCURRENCY=str(args.workers),
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(smtp_port),
        )
        log(f"private PostgreSQL on :{pg.port}, Redis on :{redis.port}; migrating and seeding")
        setup_log = FOLDER / "setup.log"
        with open(setup_log, "w") as out:
            for command in (
                ["manage.py", "migrate", "--noinput", "-v0"],
                ["manage.py", "collectstatic", "--noinput", "-v0"],
                ["-m", "bench.seed_scale", "--candidates", str(CANDIDATES), "--force"],
            ):
                subprocess.run(
                    [str(PYTHON), *command], env=env, cwd=ROOT, check=True, stdout=out, stderr=out
                )
        recipients = FOLDER / "recipients.txt"
        recipients.write_text("")
        sink = start(
            "smtp-sink",
            [PYTHON, "-m", "bench.smtp_sink", "--port", smtp_port, "--recipients", recipients],
            env,
            FOLDER,
        )
        procfile = (ROOT / "Procfile").read_text().replace("0.0.0.0:", "127.0.0.1:")
        procfile = procfile.replace("celery ", ".venv/bin/celery ").replace(
            "gunicorn ", ".venv/bin/gunicorn "
        )
        supervised = Supervised(FOLDER, procfile, env)
        supervised.start()
        wait_for(lambda: healthy(host), "gunicorn, with the database and the broker", 120)
        wait_for(lambda: " ready." in supervised.log_tail(200_000), "the Celery worker", 120)
        log(f"gunicorn on {host}, worker, beat and SMTP sink on :{smtp_port} are up")

        subprocess.run(
            [str(PYTHON), "-m", "bench.prepare", "plan", str(FOLDER / "plan.json")],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        plan = json.loads((FOLDER / "plan.json").read_text())
        before = pages_answer(host, plan)
        page = next(p for p in plan["pages"] if p["kind"] == "surge")
        page = {**page, "users": args.users, "spawn_rate": args.users}
        seconds = REDIS_STOP_AT + args.redis_down + AFTER_REDIS
        figures: dict = {}
        surge_thread = threading.Thread(
            target=lambda: figures.update(
                drive(page, host=host, duration=seconds, label="surge", folder=FOLDER)
            )
        )
        times: dict[str, float] = {"surge_start": time.time()}
        surge_thread.start()
        log(f"surge: {args.users} users for {seconds} s")

        time.sleep(PG_RESTART_AT)
        times["pg_restart"] = time.time()
        pg.restart()
        times["pg_back"] = time.time()
        log(f"PostgreSQL restarted in {times['pg_back'] - times['pg_restart']:.1f} s")
        time.sleep(PG_SETTLE)
        after_restart = pages_answer(host, plan)
        log(f"pages right after the restart: {after_restart}")

        time.sleep(max(0.0, times["surge_start"] + REDIS_STOP_AT - time.time()))
        times["redis_stop"] = time.time()
        redis.stop()
        log(f"Redis stopped for {args.redis_down} s")
        time.sleep(min(10.0, args.redis_down / 4))  # the pages take a while behind the surge
        without_redis = pages_answer(host, plan)
        log(f"pages without Redis: {without_redis}")
        time.sleep(max(0.0, times["redis_stop"] + args.redis_down - time.time()))
        redis.start()
        times["redis_back"] = time.time()
        log("Redis is back")
        surge_thread.join()
        times["surge_end"] = time.time()

        counts = surge_scenario.drain(env, page["email_domain"], recipients, DRAIN_TIMEOUT)
        after = pages_answer(host, plan)
        samples = json.loads((FOLDER / "surge.raw.json").read_text())
        result = {
            "started": started.isoformat(),
            "users": args.users,
            "seconds": seconds,
            "redis_down": args.redis_down,
            "times": times,
            "pg_settle": PG_SETTLE,
            "figures": figures,
            "phases": errors_by_phase(samples, times, PG_SETTLE),
            "counts": counts,
            "pages": {
                "before": before,
                "after_restart": after_restart,
                "without_redis": without_redis,
                "after": after,
            },
            "restarts": {
                name: item.get("restarts", 0) for name, item in supervised.status().items()
            },
        }
    finally:
        if supervised is not None:
            supervised.stop()
        stop(sink)
        redis.stop()
        pg.stop()
    (FOLDER / "faults.json").write_text(json.dumps(result, indent=1))
    broken = write_report(result, None if args.no_doc else ROOT / "bench" / "faults.md")
    if broken:
        log("FAILED: " + "; ".join(broken))
        raise SystemExit(1)
    log("every invariant held")


if __name__ == "__main__":
    main()
