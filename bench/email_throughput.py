"""Email throughput: the outbox through a real Celery worker, beside a plain smtplib loop.

    python -m bench.email_throughput --count 2000 --smtp-port 8025 OUT.json

Both send the same messages (subject, text and HTML parts, as the outbox builds them) to
the same SMTP sink on loopback (``bench/smtp_sink.py``):

1. **Plain loop**: one ``smtplib.SMTP`` connection, reused for every message; each
   message built with Django's ``EmailMultiAlternatives`` and sent with ``sendmail``.
2. **Outbox**: ``rfs.services.email_queue`` writes ``--count`` rows in one transaction;
   on commit they are handed to ``rfs.tasks.outbox_send`` in batches of 100, and the
   Celery worker that ``bench/run.py`` started (with the SMTP backend pointed at the
   sink) claims each batch, sends it over the connection the worker process keeps open
   and marks the rows sent, exactly as in production. Timed from the commit to the last
   ``sent_at``.

Messages per second of each, and the outbox's share of the plain loop's rate.
"""

from __future__ import annotations

import argparse
import json
import smtplib
import time
import uuid

from bench.prepare import scale_candidates  # sets up Django first

# isort: split
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from rfs.emails import RenderedEmail
from rfs.enums import EmailStatus
from rfs.models import OutboundEmail
from rfs.services import email_queue

PURPOSE = "bench_throughput"
SUBJECT = "Your intro call is tomorrow"
TEXT = "Hello!\n\nA reminder: your intro call is tomorrow at 7 pm. The link to join is below.\n\nSee you there!\n"
HTML = (
    "<p>Hello!</p><p>A reminder: your intro call is tomorrow at 7 pm. The link to join is below.</p>"
    "<p>See you there!</p>"
)
DEADLINE_SECONDS = 600


def recipient(number: int) -> str:
    return f"reader{number}@mail.bench.example.org"


def plain_loop(count: int, port: int) -> float:
    """Messages per second over one reused SMTP connection."""
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for number in range(count):
            message = EmailMultiAlternatives(
                SUBJECT, TEXT, settings.DEFAULT_FROM_EMAIL, [recipient(number)]
            )
            message.attach_alternative(HTML, "text/html")
            smtp.sendmail(
                settings.DEFAULT_FROM_EMAIL, [recipient(number)], message.message().as_bytes()
            )
    return count / (time.perf_counter() - started)


def outbox(count: int) -> dict:
    """Queue ``count`` rows and wait for the worker to send them all."""
    OutboundEmail.objects.filter(purpose=PURPOSE).delete()
    run = uuid.uuid4().hex[:8]
    content = RenderedEmail(subject=SUBJECT, text=TEXT, html=HTML)
    with transaction.atomic():
        for number in range(count):
            email_queue(
                purpose=PURPOSE,
                to_email=recipient(number),
                content=content,
                occurrence=f"{run}-{number}",
            )
        committed = timezone.now()  # the tasks are published as the transaction commits
    rows = OutboundEmail.objects.filter(purpose=PURPOSE)
    deadline = time.monotonic() + DEADLINE_SECONDS
    while rows.filter(status=EmailStatus.SENT).count() < count and time.monotonic() < deadline:
        if rows.filter(status=EmailStatus.FAILED).exists():
            break
        time.sleep(0.2)
    sent = rows.filter(status=EmailStatus.SENT).count()
    last = rows.aggregate(last=Max("sent_at"))["last"] or timezone.now()
    seconds = max((last - committed).total_seconds(), 1e-6)
    return {
        "sent": sent,
        "failed": rows.filter(status=EmailStatus.FAILED).count(),
        "seconds": seconds,
        "per_second": sent / seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--smtp-port", type=int, required=True)
    parser.add_argument("out")
    options = parser.parse_args()
    plain = plain_loop(options.count, options.smtp_port)
    relay = outbox(options.count)
    result = {
        "count": options.count,
        "plain_per_second": plain,
        "outbox": relay,
        "ratio": relay["per_second"] / plain,
        "candidates": scale_candidates(),
    }
    with open(options.out, "w") as out:
        json.dump(result, out, indent=1)
    print(f"  plain smtplib loop: {plain:,.0f} messages/s")
    print(
        f"  outbox via Celery:  {relay['per_second']:,.0f} messages/s ({relay['sent']:,} sent, "
        f"{relay['failed']} failed, {relay['seconds']:.1f} s), {result['ratio']:.2f} of the plain loop"
    )


if __name__ == "__main__":
    main()
