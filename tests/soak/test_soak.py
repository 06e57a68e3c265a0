"""The soak test of the embedded stack (issue 17): `make run`'s platform under steady load.

It starts what `make run` starts, the way it starts it: SQLite, the embedded broker
(kombu's filesystem transport, rfs.broker), migrate, seed_demo, then web, worker and beat
from Procfile.dev under scripts/supervise.py. PostgreSQL and Redis URLs from the
environment (.ci/run exports them) are dropped. Email goes to an SMTP sink in this
process. Rate limits are off (RFS_RATE_LIMITS=0): the load comes from one address.

For RFS_SOAK_SECONDS it drives, every second, two candidate journeys (sign up, confirm the
emailed code, register for an intro call) and every few seconds a screener's log of a
1:1 call; halfway it kills the worker (SIGKILL). It then checks: no 5xx, every
signup's emails sent exactly once, an outbox sweep in every minute, and every process
alive (the worker restarted once). Its figures go to RFS_SOAK_REPORT (JSON) when set.

Skipped unless RFS_SOAK_SECONDS is set: `make soak` runs 10 minutes, .ci/run 2 minutes.
"""

import contextlib
import http.cookiejar
import json
import logging
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from tests.integration.conftest import SmtpSink, free_port, wait_until
from tests.soak.harness import ROOT, Supervised

SOAK_SECONDS = float(os.environ.get("RFS_SOAK_SECONDS") or 0)
REPORT = os.environ.get("RFS_SOAK_REPORT", "")
SIGNUPS_PER_SECOND = 2
SCREENER_LOG_EVERY = 5.0  # seconds
DEMO_PASSWORD = "rfs-soak-password-2026"
# After the load stops: how long emails may take to go out. A row a killed worker had
# claimed waits for its 5-minute lease, so the drain allows for one.
DRAIN_SECONDS = float(os.environ.get("RFS_SOAK_DRAIN_SECONDS", "390"))
# How long a journey waits for its code. A message lost with a killed worker would wait
# for the sweep (1 minute's grace, then the next minute), so this allows for that.
CODE_WAIT = 180.0
CODE = re.compile(r"^\s+(\S+)\s*$", re.MULTILINE)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REGISTER = re.compile(r'action="(/calls/\d+/register/)"')

pytestmark = [
    pytest.mark.soak,
    pytest.mark.skipif(
        not SOAK_SECONDS, reason="set RFS_SOAK_SECONDS to run the soak test (make soak)"
    ),
]

# Past 1:1 calls for the demo screener to log: seed_demo's candidates past the intro call.
SETUP_SCRIPT = """
import json
from datetime import timedelta
from django.utils import timezone
from candidates.enums import ScreeningCallStatus, Stage
from candidates.models import Candidate, Screener, ScreeningCall
screener = Screener.objects.get(user__email="screener@example.org")
busy = ScreeningCall.objects.filter(status__in=["booked", "assigned"]).values("candidate_id")
candidates = Candidate.objects.exclude(stage=Stage.SIGNED_UP).exclude(pk__in=busy).order_by("pk")
start = timezone.now() - timedelta(hours=2)
calls = ScreeningCall.objects.bulk_create([
    ScreeningCall(candidate=c, screener=screener, starts_at=start - timedelta(minutes=30 * n),
                  status=ScreeningCallStatus.BOOKED)
    for n, c in enumerate(candidates)
])
print("SOAK_CALLS=" + json.dumps([c.pk for c in calls]))
"""


class Stats:
    """What the load saw: every response's status and time, by kind of request."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.codes: dict[str, Counter] = defaultdict(Counter)
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.done: Counter = Counter()

    def record(self, kind: str, code: int, seconds: float) -> None:
        with self.lock:
            self.codes[kind][code] += 1
            self.times[kind].append(seconds)

    def failed(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)

    def count(self, what: str) -> None:
        with self.lock:
            self.done[what] += 1

    def server_errors(self) -> int:
        return sum(n for codes in self.codes.values() for code, n in codes.items() if code >= 500)

    def summary(self) -> dict:
        def pct(values, q):
            values = sorted(values)
            return (
                round(values[min(len(values) - 1, int(q * len(values)))] * 1000) if values else None
            )

        return {
            kind: {
                "requests": sum(self.codes[kind].values()),
                "codes": {str(k): v for k, v in sorted(self.codes[kind].items())},
                "p50_ms": pct(self.times[kind], 0.5),
                "p95_ms": pct(self.times[kind], 0.95),
                "max_ms": round(max(self.times[kind]) * 1000) if self.times[kind] else None,
            }
            for kind in sorted(self.codes)
        }


class Browser:
    """One person's cookies against the web process, recording every answer in ``stats``."""

    def __init__(self, base: str, stats: Stats) -> None:
        self.base = base
        self.stats = stats
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def request(self, kind: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=60) as response:
                code, text, url = (
                    response.status,
                    response.read().decode("utf-8", "replace"),
                    response.url,
                )
        except urllib.error.HTTPError as error:
            code, text, url = error.code, error.read().decode("utf-8", "replace"), error.url
        except OSError as error:  # refused, reset, timed out: the web process did not answer
            self.stats.record(kind, 599, time.monotonic() - started)
            self.stats.failed(f"{kind} {path}: {error!r}")
            raise
        self.stats.record(kind, code, time.monotonic() - started)
        if code >= 500:
            self.stats.failed(f"{kind} {path}: {code} {text[:300]!r}")
        return code, text, url

    def form(
        self, kind: str, path: str, data: dict, *, page: str | None = None
    ) -> tuple[int, str, str]:
        """GET the page (or reuse ``page``) for its CSRF token, then POST ``data`` to ``path``."""
        if page is None:
            _, page, _ = self.request(kind + " (page)", path)
        token = CSRF.search(page)
        assert token, f"no CSRF token on {path}"
        return self.request(kind, path, {"csrfmiddlewaretoken": token.group(1), **data})


class Platform:
    """migrate, seed_demo and scripts/supervise.py Procfile.dev, in a folder of its own."""

    def __init__(self, folder: Path, smtp_port: int) -> None:
        self.folder = folder
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.db_path = folder / "db.sqlite3"
        self.log_path = folder / "run.log"
        self.processes: Supervised | None = None
        env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in {
                "DATABASE_URL",
                "CELERY_BROKER_URL",
                "REDIS_URL",
                "CELERY_TASK_ALWAYS_EAGER",
                "REQUIRE_SERVICES",
                "DJANGO_SETTINGS_MODULE",
            }
        }
        env |= {
            # SQLite, as `make run`, but in this folder rather than the checkout's db.sqlite3.
            "DATABASE_URL": f"sqlite:///{self.db_path}",
            "RFS_VAR_DIR": str(folder / "var"),
            "DJANGO_DEBUG": "1",
            "RFS_REQUIRE_MFA": "0",
            "RFS_RATE_LIMITS": "0",
            "RFS_DEMO_PASSWORD": DEMO_PASSWORD,
            "PORT": str(self.port),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_TIMEOUT": "10",
            "RFS_SITE_URL": self.base,
            "PYTHONUNBUFFERED": "1",
        }
        self.env = env

    def manage(self, *args: str, timeout: float = 600) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert result.returncode == 0, (
            f"manage.py {' '.join(args[:1])} failed:\n{result.stderr[-3000:]}"
        )
        return result.stdout

    def start(self) -> None:
        self.processes = Supervised(self.folder, (ROOT / "Procfile.dev").read_text(), self.env)
        self.processes.start()

    def status(self) -> dict:
        return self.processes.status() if self.processes else {}

    def stop(self) -> int | None:
        return self.processes.stop() if self.processes else None

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        with contextlib.closing(
            sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=30)
        ) as db:
            return db.execute(sql, params).fetchall()


def journey(platform: Platform, sink: SmtpSink, stats: Stats, n: int, stop_at: float) -> str:
    """A new candidate: sign up, confirm the emailed code, register for an intro call."""
    email = f"soak-{n:05d}@example.org"
    browser = Browser(platform.base, stats)
    code, _, _ = browser.form(
        "signup",
        "/accounts/signup/",
        {
            "name": f"Soak Tester {n}",
            "email": email,
            "phone": "(212) 555-0123",
            "zip_code": "10001",
            "date_of_birth": "1990-05-01",
            "when_might_run": "two_years",
            "run_before": "never",
        },
    )
    if code >= 400:
        return email
    stats.count("signups")

    def code_email():
        for received in sink.messages:
            if email in received.rcpt_tos and "confirmation code" in str(
                received.message["Subject"]
            ):
                return received
        return None

    # The code comes through the outbox and the worker (which may be restarting).
    received = wait_until(
        code_email, timeout=CODE_WAIT, interval=0.5, what=f"{email}'s confirmation code"
    )
    body = received.message.get_body(preferencelist=("plain",)).get_content()
    browser.form("confirm code", "/accounts/confirm-email/", {"code": CODE.search(body).group(1)})
    stats.count("confirmed")
    _, page, _ = browser.request("intro calls", "/calls/")
    session = REGISTER.search(page)
    if session is None:
        stats.failed(f"{email}: no intro call open for registration")
        return email
    code, _, _ = browser.form("intro-call registration", session.group(1), {}, page=page)
    if code < 400:
        stats.count("intro-call registrations")
    return email


def screener_logs(platform: Platform, stats: Stats, call_ids: list[int], stop_at: float) -> None:
    browser = Browser(platform.base, stats)
    browser.form(
        "screener sign-in",
        "/accounts/login/",
        {"login": "screener@example.org", "password": DEMO_PASSWORD},
    )
    for call_id in call_ids:
        if time.monotonic() >= stop_at:
            return
        started = time.monotonic()
        path = f"/screener/calls/{call_id}/log/"
        code, _, url = browser.form(
            "screener log",
            path,
            {
                "problems_to_solve": "Housing costs.",
                "community_involvement": "Tenant union.",
                "concerns_notes": "Money.",
                "progressive_meaning": "Everyone gets a fair shot.",
                "community_knowledge": "3",
                "relationships": "3",
                "campaign_understanding": "2",
                "values_alignment": "4",
                "concerns": ["money"],
                "next_step": "ready_to_run",
                "action": "save",
            },
        )
        if code < 400 and url.endswith("/screener/"):
            stats.count("screener logs")
        time.sleep(max(0.0, SCREENER_LOG_EVERY - (time.monotonic() - started)))


def test_soak_embedded_stack(tmp_path):
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
    folder = Path(os.environ.get("RFS_SOAK_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    sink = SmtpSink()
    sink.port = free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=sink.port, ready_timeout=10)
    smtp.start()
    platform = Platform(folder, sink.port)
    stats = Stats()
    sweeps: set[str] = set()
    figures: dict = {"seconds": SOAK_SECONDS, "signups_per_second": SIGNUPS_PER_SECOND}
    try:
        t0 = time.monotonic()
        platform.manage("migrate", "--noinput")
        platform.manage("seed_demo")
        call_ids = json.loads(platform.manage("shell", "-c", SETUP_SCRIPT).split("SOAK_CALLS=")[1])
        figures["setup_seconds"] = round(time.monotonic() - t0, 1)
        platform.start()

        def web_answers():
            try:
                with urllib.request.urlopen(platform.base + "/healthz", timeout=5) as response:
                    return response.status == 200
            except OSError:
                return False

        wait_until(web_answers, timeout=120, interval=0.5, what="the web process")
        wait_until(
            lambda: (
                all(p["alive"] for p in platform.status().values()) and len(platform.status()) == 3
            ),
            timeout=60,
            what="web, worker and beat",
        )

        start_wall = datetime.now(UTC)
        start = time.monotonic()
        stop_at = start + SOAK_SECONDS
        kill_at = start + SOAK_SECONDS / 2
        killed = threading.Event()
        finished = threading.Event()

        def watch():
            """Poll /healthz for the sweep's heartbeat; kill the worker once, midway."""
            while not finished.is_set():
                with (
                    contextlib.suppress(OSError, ValueError),
                    urllib.request.urlopen(platform.base + "/healthz", timeout=10) as response,
                ):
                    last = json.loads(response.read())["outbox_sweep"]["last_run_at"]
                    if last:
                        sweeps.add(last)
                if not killed.is_set() and time.monotonic() >= kill_at:
                    # Not while a row is claimed: a message sent but not marked would go out
                    # twice once its lease lapsed (an at-least-once outbox, by design).
                    with contextlib.suppress(sqlite3.Error):
                        if platform.query(
                            "SELECT count(*) FROM rfs_outboundemail WHERE status = 'sending'"
                        )[0][0]:
                            time.sleep(0.05)
                            continue
                    platform.processes.kill("worker")
                    figures["worker_killed_after_seconds"] = round(time.monotonic() - start, 1)
                    killed.set()
                time.sleep(1.0 if killed.is_set() or time.monotonic() < kill_at - 2 else 0.05)

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        screener = threading.Thread(
            target=screener_logs, args=(platform, stats, call_ids, stop_at), daemon=True
        )
        screener.start()
        emails: list[str] = []
        with ThreadPoolExecutor(max_workers=200) as pool:  # journeys start on time
            futures = []
            n = 0
            while time.monotonic() < stop_at:
                n += 1
                futures.append(pool.submit(journey, platform, sink, stats, n, stop_at))
                time.sleep(max(0.0, start + n / SIGNUPS_PER_SECOND - time.monotonic()))
            for future in futures:
                try:
                    emails.append(future.result())
                except Exception as error:
                    stats.failed(f"journey: {error!r}")
        screener.join(timeout=120)
        figures["journeys_done_after_seconds"] = round(time.monotonic() - start, 1)

        # The drain: every soak signup's outbox rows sent.
        def drained():
            pending = platform.query(
                "SELECT count(*) FROM rfs_outboundemail WHERE to_email LIKE 'soak-%' AND status != 'sent'"
            )[0][0]
            return pending == 0

        drain_started = time.monotonic()
        with contextlib.suppress(AssertionError):
            wait_until(drained, timeout=DRAIN_SECONDS, interval=1, what="the outbox to drain")
        figures["drain_seconds"] = round(time.monotonic() - drain_started, 1)
        time.sleep(2)  # a message on its way to the sink
        finished.set()
        watcher.join(timeout=60)
        end_wall = datetime.now(UTC)
        processes = platform.status()
    finally:
        exit_code = platform.stop()
        smtp.stop()

    # --- figures
    rows = platform.query(
        "SELECT to_email, subject, status FROM rfs_outboundemail WHERE to_email LIKE 'soak-%'"
    )
    rows_by_key = Counter((to, subject) for to, subject, _ in rows)
    delivered = Counter(
        (to, str(m.message["Subject"]))
        for m in sink.messages
        for to in m.rcpt_tos
        if to.startswith("soak-")
    )
    not_sent = [row for row in rows if row[2] != "sent"]
    duplicates = {key: n for key, n in delivered.items() if n > rows_by_key.get(key, 0)}
    missing = {key: n for key, n in rows_by_key.items() if delivered.get(key, 0) < n}
    sweep_times = sorted(datetime.fromisoformat(s) for s in sweeps)
    sweep_minutes = {t.replace(second=0, microsecond=0) for t in sweep_times}
    # Every minute that began during the run (load and drain) and had 30 s to sweep: beat
    # sends the sweep at second 0 and the worker runs it within seconds.
    whole_minutes = []
    minute = start_wall.replace(second=0, microsecond=0) + timedelta(minutes=1)
    while minute + timedelta(seconds=30) <= end_wall:
        whole_minutes.append(minute)
        minute += timedelta(minutes=1)
    minutes_without_sweep = [m.isoformat() for m in whole_minutes if m not in sweep_minutes]
    log = platform.log_path.read_text(errors="replace")
    figures |= {
        "requests": stats.summary(),
        "done": dict(stats.done),
        "server_errors": stats.server_errors(),
        "errors": stats.errors[:20],
        "signup_emails": {
            "rows": len(rows),
            "delivered": sum(delivered.values()),
            "not_sent": len(not_sent),
            "duplicates": len(duplicates),
            "missing": len(missing),
        },
        "sweeps": {
            "whole_minutes": len(whole_minutes),
            "minutes_without_sweep": minutes_without_sweep,
            "runs_seen": len(sweep_times),
        },
        "processes": {
            name: {"alive": p["alive"], "restarts": p["restarts"]} for name, p in processes.items()
        },
        "supervisor_exit": exit_code,
        "log": {
            "database is locked": log.count("database is locked"),
            "JSONDecodeError": log.count("JSONDecodeError"),
            "Unrecoverable error": log.count("Unrecoverable error"),
            "Traceback": log.count("Traceback"),
        },
    }
    if REPORT:
        Path(REPORT).parent.mkdir(parents=True, exist_ok=True)
        Path(REPORT).write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))

    assert stats.server_errors() == 0, stats.errors[:10]
    assert stats.errors == []
    assert stats.done["signups"] >= SOAK_SECONDS * SIGNUPS_PER_SECOND * 0.9
    assert stats.done["intro-call registrations"] > 0
    assert stats.done["screener logs"] > 0
    assert not_sent == [], not_sent[:10]
    assert duplicates == {}, list(duplicates.items())[:10]
    assert missing == {}, list(missing.items())[:10]
    # Each signup: the confirmation code and the welcome; a registration adds its own.
    assert len({to for to, _ in rows_by_key}) == stats.done["signups"]
    # Any stretch of N seconds holds at least (N - 30) // 60 minutes that began 30 s before its end.
    assert len(whole_minutes) >= int((SOAK_SECONDS - 30) // 60)
    assert minutes_without_sweep == []
    assert {name: p["alive"] for name, p in processes.items()} == {
        "web": True,
        "worker": True,
        "beat": True,
    }
    assert processes["worker"]["restarts"] == 1
    assert processes["web"]["restarts"] == processes["beat"]["restarts"] == 0
    assert figures["log"]["database is locked"] == 0
    assert figures["log"]["Unrecoverable error"] == 0
