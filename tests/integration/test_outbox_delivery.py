"""The email outbox end to end: a real Celery worker, a real Redis, a real SMTP server.

Acceptance criterion covered here: "Stopping Redis, signing up, then starting Redis again:
the signup was saved and its email arrives once".
"""

import logging
import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rfs.emails import RenderedEmail
from rfs.enums import EmailStatus
from rfs.models import OutboundEmail, User
from rfs.services import SWEEP_GRACE, email_queue, email_send
from rfs.tasks import outbox_send, outbox_sweep
from tests.conftest import signup_data

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

SEND = outbox_send.name
SWEEP = outbox_sweep.name
# A hang detector, not a speed target: without broker socket timeouts the request would
# wait forever; with them it returns in seconds (timings are printed, not asserted).
HUNG_BROKER_BUDGET = 30.0


def age_past_sweep_grace(email: OutboundEmail) -> None:
    """Make a row look older than the sweep's grace period, as it would be a few minutes on."""
    OutboundEmail.objects.filter(pk=email.pk).update(
        created_at=timezone.now() - SWEEP_GRACE - timedelta(minutes=1)
    )


def test_a_queued_email_is_sent_once_by_a_real_worker(live_celery, redis_broker_url, smtp_sink):
    live_celery.use_broker(redis_broker_url)
    subject = f"Outbox check {uuid.uuid4().hex[:8]}"

    with live_celery.worker():
        with transaction.atomic():
            email = email_queue(
                purpose="integration-check",
                to_email="river@example.org",
                content=RenderedEmail(
                    subject=subject,
                    text="Hello from the outbox.",
                    html="<p>Hello from the outbox.</p>",
                ),
                occurrence=uuid.uuid4().hex,
            )
            assert live_celery.published == [], "the task must wait for the commit"
        assert live_celery.published == [SEND]

        received = smtp_sink.wait_for(1)
        [run] = live_celery.wait_for_runs(SEND, email_ids=[email.pk])

        assert run.retval == 1, run
        assert len(received) == 1
        assert received[0].rcpt_tos == ("river@example.org",)
        assert received[0].message["Subject"] == subject
        assert received[0].message["To"] == "river@example.org"
        email.refresh_from_db()
        assert email.status == EmailStatus.SENT
        assert email.sent_at is not None
        assert email.attempts == 1

        # Sending the same row again, by every road, sends nothing.
        age_past_sweep_grace(email)
        assert outbox_sweep() == 0
        assert email_send(email_id=email.pk) is False
        outbox_send.delay(email_ids=[email.pk])  # a duplicate message through the broker and worker
        second = live_celery.wait_for_runs(SEND, 2, email_ids=[email.pk])[1]

    assert second.retval == 0, second
    assert len(smtp_sink.messages) == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1


def test_a_signup_while_redis_is_down_is_saved_and_its_email_arrives_once(
    client, live_celery, private_redis, smtp_sink, caplog
):
    private_redis.start()
    live_celery.use_broker(private_redis.url)
    # Like a running web process: the pool holds a live broker connection when Redis goes away.
    live_celery.connect_publisher()
    private_redis.stop()

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="rfs.services"):
        response = client.post(
            reverse("account_signup"), signup_data(name="River Stone", email="river@example.org")
        )
    signup_seconds = time.monotonic() - started

    assert response.status_code == 302, response.content[:500]
    assert client.get(response.url).status_code == 200
    # The broker being down costs the request little (CELERY_BROKER_CONNECTION_TIMEOUT and
    # CELERY_TASK_PUBLISH_RETRY_POLICY keep the publish attempt short).
    print(f"signup with the broker down took {signup_seconds:.2f} s")
    assert "Could not enqueue email" in caplog.text
    user = User.objects.get(email="river@example.org")
    assert user.name == "River Stone"
    # The verification code, saved and waiting (the welcome waits for the address to be
    # confirmed).
    emails = list(OutboundEmail.objects.filter(to_email="river@example.org").order_by("purpose"))
    assert [e.purpose for e in emails] == ["email_confirmation_signup"]
    assert all(
        e.recipient == user and e.status == EmailStatus.QUEUED and e.sent_at is None for e in emails
    )
    email = emails[0]

    private_redis.start()  # same port, empty: the failed publish left nothing behind
    for queued in emails:
        age_past_sweep_grace(queued)

    with live_celery.worker():
        outbox_sweep.delay()  # what beat does every minute
        [sweep] = live_celery.wait_for_runs(SWEEP)
        assert sweep.retval == 1, sweep
        received = smtp_sink.wait_for(1)
        [send] = live_celery.wait_for_runs(SEND)
        assert send.retval == 1, send

        # The next sweeps find nothing to do.
        outbox_sweep.delay()
        second_sweep = live_celery.wait_for_runs(SWEEP, 2)[1]
        assert second_sweep.retval == 0, second_sweep
        assert outbox_sweep() == 0

    assert len(received) == 1
    assert {m.rcpt_tos for m in received} == {("river@example.org",)}
    assert sorted(m.message["Subject"] for m in received) == sorted(e.subject for e in emails)
    assert "confirmation code" in email.subject
    assert len(smtp_sink.messages) == 1  # exactly once
    assert OutboundEmail.objects.filter(to_email="river@example.org").count() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.sent_at is not None
    assert email.attempts == 1


class HeldUpByBroker(AssertionError):
    """The request waited on the broker for longer than it may."""


def test_a_signup_while_redis_hangs_is_not_held_up(live_celery, private_redis):
    private_redis.start()
    live_celery.use_broker(private_redis.url)
    live_celery.connect_publisher()
    private_redis.freeze()

    outcome = {}

    def sign_up():
        started = time.monotonic()
        try:
            outcome["status"] = (
                Client()
                .post(
                    reverse("account_signup"),
                    signup_data(name="River Stone", email="river@example.org"),
                )
                .status_code
            )
        finally:
            outcome["seconds"] = time.monotonic() - started
            connection.close()

    request = threading.Thread(target=sign_up, daemon=True)
    request.start()
    request.join(HUNG_BROKER_BUDGET)
    held_up = request.is_alive()
    private_redis.stop()  # releases a request still waiting on the frozen Redis
    request.join(15)
    assert not request.is_alive(), "the request stayed blocked after Redis was stopped"

    assert outcome.get("status") == 302, outcome
    assert (
        OutboundEmail.objects.filter(
            to_email="river@example.org", status=EmailStatus.QUEUED
        ).count()
        == 1
    )  # the code; the welcome waits for it
    if held_up:
        raise HeldUpByBroker(
            f"the signup waited {HUNG_BROKER_BUDGET:.0f} s or more on a hung Redis"
        )
