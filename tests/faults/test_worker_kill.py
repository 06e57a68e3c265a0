"""A worker killed mid-batch loses no email and repeats at most one per kill (issue 22).

1,000 reminders fall due at once and the sweep hands them to a real Celery worker (a
process under scripts/supervise.py, as in `make run`), which sends them to an SMTP sink
in this process. The sink takes a few milliseconds per message, so the sending lasts
long enough to SIGKILL the worker three times in the middle of its batches; the
supervisor starts it again each time. The claim's lease is 5 seconds here
(RFS_OUTBOX_LEASE_SECONDS), so the rows a dead worker held come back quickly.

Then: every reminder reached the sink (0 lost), every row is marked sent, and the
messages received twice (reported) number at most one per kill: a row is marked sent
right after the mail server accepted it, so only the message in flight can go twice.
"""

import asyncio
import json
import os
import time
from collections import Counter
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction
from django.utils import timezone

from rfs import services, tasks
from rfs.emails import RenderedEmail
from rfs.enums import EmailStatus
from rfs.models import OutboundEmail
from tests.integration.conftest import SmtpSink, free_port
from tests.soak.harness import Supervised

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

REMINDERS = 1000
KILLS = 3
LEASE_SECONDS = 5
# The sink's pause per message: 1,000 messages take at least 8 s to send.
SINK_DELAY = 0.008
# The test stands in for beat: the sweep every this many seconds.
SWEEP_EVERY = 2.0
DEADLINE = 100.0
REPORT = os.environ.get("RFS_FAULTS_REPORT", "")
CONTENT = RenderedEmail(
    subject="Your intro call is in an hour", text="See you there.", html="<p>See you there.</p>"
)


class SlowSink(SmtpSink):
    """The project's SMTP sink, taking a moment over each message as a real server does."""

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(SINK_DELAY)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_sink():
    sink = SlowSink()
    sink.port = free_port()
    controller = Controller(sink, hostname=sink.host, port=sink.port, ready_timeout=10)
    controller.start()
    try:
        yield sink
    finally:
        controller.stop()


def queue_reminders() -> list[int]:
    """1,000 reminders queued yesterday for this hour, as the reminder task queues them."""
    later = timezone.now() + timedelta(hours=1)
    with transaction.atomic():
        ids = [
            services.email_queue(
                purpose="intro_call_reminder",
                to_email=f"reminder-{n:04d}@example.org",
                content=CONTENT,
                occurrence=str(n),
                send_at=later,
            ).pk
            for n in range(REMINDERS)
        ]
    OutboundEmail.objects.filter(pk__in=ids).update(
        created_at=timezone.now() - timedelta(days=1), next_attempt_at=timezone.now()
    )
    return ids


def test_a_worker_killed_three_times_mid_batch_loses_no_email(
    tmp_path, database_url, redis_broker_url, live_celery, slow_sink
):
    live_celery.use_broker(redis_broker_url)
    ids = queue_reminders()
    env = {k: v for k, v in os.environ.items() if k not in {"CELERY_TASK_ALWAYS_EAGER"}}
    env |= {
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_broker_url,
        "RFS_OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": slow_sink.host,
        "EMAIL_PORT": str(slow_sink.port),
        "EMAIL_TIMEOUT": "10",
        "PYTHONUNBUFFERED": "1",
    }
    worker = (
        f"worker: .venv/bin/celery -A rfs worker --loglevel=INFO --concurrency=1"
        f" -Q {live_celery.queue} --without-mingle --without-gossip --without-heartbeat\n"
    )
    processes = Supervised(tmp_path, worker, env)
    kills: list[dict] = []
    started = time.monotonic()
    processes.start()
    try:
        next_sweep = 0.0
        # Kill once a quarter, a half and three quarters of the reminders have arrived.
        thresholds = [REMINDERS * (n + 1) // (KILLS + 1) for n in range(KILLS)]
        while True:
            elapsed = time.monotonic() - started
            received = {m.rcpt_tos[0] for m in slow_sink.messages}
            if (
                len(received) >= REMINDERS
                and not OutboundEmail.objects.exclude(status=EmailStatus.SENT)
                .filter(pk__in=ids)
                .exists()
            ):
                break
            assert elapsed < DEADLINE, (
                f"{REMINDERS - len(received)} reminders still unsent after {DEADLINE:.0f} s; "
                f"kills: {kills}; rows: {Counter(OutboundEmail.objects.values_list('status', flat=True))}\n"
                f"{processes.log_tail()}"
            )
            if elapsed >= next_sweep:
                tasks.outbox_sweep()
                next_sweep = elapsed + SWEEP_EVERY
            if len(kills) < KILLS and len(received) >= thresholds[len(kills)]:
                holding = OutboundEmail.objects.filter(status=EmailStatus.SENDING).count()
                pid = processes.kill("worker")
                kills.append(
                    {
                        "after_seconds": round(elapsed, 1),
                        "received": len(received),
                        "rows_held": holding,
                    }
                )
                processes.wait_restarted("worker", pid)
            time.sleep(0.05)
    finally:
        processes.stop()

    messages = Counter(m.rcpt_tos[0] for m in slow_sink.messages)
    figures = {
        "reminders": REMINDERS,
        "received": sum(messages.values()),
        "lost": REMINDERS - len(messages),
        "duplicates": sum(n - 1 for n in messages.values()),
        "kills": kills,
        "seconds": round(time.monotonic() - started, 1),
    }
    print(json.dumps(figures))
    if REPORT:
        with open(REPORT, "w") as report:
            json.dump(figures, report, indent=2)
    assert len(kills) == KILLS
    # Each kill came mid-batch: the worker held claimed rows when it died.
    assert all(kill["rows_held"] > 0 for kill in kills), kills
    assert set(messages) == {f"reminder-{n:04d}@example.org" for n in range(REMINDERS)}
    assert figures["duplicates"] <= KILLS, figures
    assert OutboundEmail.objects.filter(pk__in=ids, status=EmailStatus.SENT).count() == REMINDERS
