"""The outbox in batches: one claim and one kept connection for many rows.

``rfs.services.email_send_batch`` and the on-commit trigger; the same over a real SMTP
server is in ``tests/integration/test_outbox_batch.py``.
"""

import random
import smtplib
import socket
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from rfs import services, tasks
from rfs.emails import RenderedEmail
from rfs.enums import EmailStatus
from rfs.models import OutboundEmail

pytestmark = pytest.mark.django_db

CONTENT = RenderedEmail(
    subject="Your call is tomorrow", text="See you there.", html="<p>See you there.</p>"
)


def queue_many(count: int) -> list[OutboundEmail]:
    return [
        services.email_queue(
            purpose="reminder",
            to_email=f"reader{n}@example.org",
            content=CONTENT,
            occurrence=str(n),
        )
        for n in range(count)
    ]


@pytest.fixture
def published(monkeypatch) -> list[list[int]]:
    """The batches handed to the broker, instead of running them."""
    batches = []
    monkeypatch.setattr(tasks.outbox_send, "delay", lambda *, email_ids: batches.append(email_ids))
    return batches


def test_a_transaction_publishes_its_rows_in_batches(django_capture_on_commit_callbacks, published):
    with django_capture_on_commit_callbacks(execute=True):
        emails = queue_many(250)

    assert [len(batch) for batch in published] == [100, 100, 50]
    assert [pk for batch in published for pk in batch] == [email.pk for email in emails]


def test_a_row_rolled_back_with_its_savepoint_does_not_stop_the_next(
    django_capture_on_commit_callbacks, published
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.email_queue(purpose="p", to_email="gone@example.org", content=CONTENT)
            raise RuntimeError("the change that caused it failed")
        kept = services.email_queue(purpose="p", to_email="kept@example.org", content=CONTENT)

    assert published == [[kept.pk]]


def test_a_batch_sends_every_row_once_and_marks_it_sent():
    emails = queue_many(45)
    email_ids = [email.pk for email in emails]

    assert services.email_send_batch(email_ids=email_ids) == 45
    assert services.email_send_batch(email_ids=email_ids) == 0  # a second delivery of the task

    assert sorted(m.to[0] for m in mail.outbox) == sorted(email.to_email for email in emails)
    assert set(OutboundEmail.objects.values_list("status", "attempts", "lease_expires_at")) == {
        (EmailStatus.SENT, 1, None)
    }
    assert not OutboundEmail.objects.filter(sent_at=None).exists()


def test_a_failing_message_is_retried_later_while_the_others_are_sent(monkeypatch):
    emails = queue_many(5)
    bad = emails[2]
    refusing = {bad.to_email}
    deliver = services.sending._deliver

    def refuse_some(email):
        if email.to_email in refusing:
            raise smtplib.SMTPRecipientsRefused({email.to_email: (550, b"No such mailbox")})
        deliver(email)

    monkeypatch.setattr("rfs.services.sending._deliver", refuse_some)

    assert services.email_send_batch(email_ids=[email.pk for email in emails]) == 4

    assert len(mail.outbox) == 4
    bad.refresh_from_db()
    assert (bad.status, bad.attempts, bad.sent_at) == (EmailStatus.QUEUED, 1, None)
    assert bad.last_error.startswith("SMTPRecipientsRefused")
    assert bad.next_attempt_at > timezone.now() + timedelta(seconds=50)
    assert services.outbox_due_ids() == []

    refusing.clear()
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        assert services.outbox_due_ids() == [bad.pk]
        assert tasks.outbox_sweep() == 1

    bad.refresh_from_db()
    assert (bad.status, bad.attempts, bad.last_error) == (EmailStatus.SENT, 2, "")
    assert len(mail.outbox) == 5


def test_a_message_failing_its_last_attempt_in_a_batch_is_marked_failed(monkeypatch, settings):
    settings.RFS_EMAIL_MAX_ATTEMPTS = 2
    [email] = queue_many(1)
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=1)
    monkeypatch.setattr(
        "rfs.services.sending._deliver",
        lambda email: (_ for _ in ()).throw(smtplib.SMTPDataError(554, b"no")),
    )

    assert services.email_send_batch(email_ids=[email.pk]) == 0

    email.refresh_from_db()
    assert (email.status, email.attempts) == (EmailStatus.FAILED, 2)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_mail_server_gives_the_whole_batch_backoff(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    emails = queue_many(3)

    assert services.email_send_batch(email_ids=[email.pk for email in emails]) == 0

    rows = OutboundEmail.objects.order_by("pk")
    assert [(row.status, row.attempts) for row in rows] == [(EmailStatus.QUEUED, 1)] * 3
    assert all(
        row.last_error.startswith("MailServerUnavailable: ConnectionRefusedError") for row in rows
    )
    assert all(row.next_attempt_at > timezone.now() + timedelta(seconds=50) for row in rows)


def test_a_batch_out_of_time_puts_its_untried_rows_back(monkeypatch):
    emails = queue_many(3)
    monkeypatch.setattr("rfs.services.sending.batch_time_limit", lambda: -1.0)

    assert services.email_send_batch(email_ids=[email.pk for email in emails]) == 0

    assert mail.outbox == []
    assert set(OutboundEmail.objects.values_list("status", "attempts", "lease_expires_at")) == {
        (EmailStatus.QUEUED, 0, None)
    }


def send_from_threads(
    email_ids: list[int], *, workers: int, seed: int
) -> tuple[list[int], list[Exception]]:
    """Workers released together, each sending 200 of the rows in batches of 50 in its own order."""
    barrier = threading.Barrier(workers)
    sent, errors = [], []

    def worker(share: list[int]) -> None:
        try:
            barrier.wait()
            for start in range(0, len(share), 50):
                sent.append(services.email_send_batch(email_ids=share[start : start + 50]))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    # Overlapping batches in different orders, like commit batches meeting a sweep's.
    shares = [random.Random(seed + n).sample(email_ids, 200) for n in range(workers)]
    threads = [threading.Thread(target=worker, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return sent, errors


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent claims need PostgreSQL's row locks"
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_workers_claiming_the_same_rows_at_once_send_each_once(monkeypatch, seed):
    monkeypatch.setattr(
        "rfs.services.outbox._enqueue_send", lambda email_ids: None
    )  # no eager sends while queueing
    email_ids = [email.pk for email in queue_many(300)]

    sent, errors = send_from_threads(email_ids, workers=6, seed=seed * 10)

    assert errors == []
    claimed_by_someone = OutboundEmail.objects.exclude(status=EmailStatus.QUEUED).count()
    assert sum(sent) == claimed_by_someone == len(mail.outbox)
    assert len({m.to[0] for m in mail.outbox}) == len(mail.outbox)  # nobody received two
    assert set(
        OutboundEmail.objects.exclude(status=EmailStatus.QUEUED).values_list("status", "attempts")
    ) == {(EmailStatus.SENT, 1)}


@pytest.mark.django_db(transaction=True)
def test_a_claim_whose_answer_was_lost_takes_its_rows_back(monkeypatch, published):
    """`make faults`: PostgreSQL restarted between committing a claim and answering it. The
    rows were held for a whole lease (a sign-up code 5 minutes late); now the claim asks
    again and sends them at once, each once, its attempt counted once."""
    from django.db import OperationalError

    from rfs.services import sending

    ours = queue_many(2)
    elsewhere = queue_many(3)[2]  # held by another worker, its lease ahead
    OutboundEmail.objects.filter(pk=elsewhere.pk).update(
        status=EmailStatus.SENDING, lease_expires_at=timezone.now() + timedelta(minutes=5)
    )
    real, calls = sending._claim_statement, []

    def answer_lost(email_ids, lease):
        calls.append(lease)
        claimed = real(email_ids, lease)  # committed on the server...
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")  # ...unheard
        return claimed

    monkeypatch.setattr(sending, "_claim_statement", answer_lost)
    mail.outbox.clear()

    sent = services.email_send_batch(email_ids=[e.pk for e in ours] + [elsewhere.pk])

    assert sent == 2
    assert len(calls) == 2 and calls[0] == calls[1]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.to_email for e in ours)
    rows = {row.pk: row for row in OutboundEmail.objects.all()}
    assert [(rows[e.pk].status, rows[e.pk].attempts) for e in ours] == [(EmailStatus.SENT, 1)] * 2
    assert (rows[elsewhere.pk].status, rows[elsewhere.pk].attempts) == (EmailStatus.SENDING, 0)
