"""The outbox's batches over a real SMTP server: one kept connection, reopened when dropped.

The server here records which client connection each message came over (``session.peer``)
and refuses recipients whose address starts with ``bounce``.
"""

import threading
import time

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.utils import timezone

from rfs import outbox_connection, services
from rfs.emails import RenderedEmail
from rfs.enums import EmailStatus
from rfs.models import OutboundEmail
from tests.integration.conftest import SmtpSink, free_port

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CONTENT = RenderedEmail(
    subject="Your call is tomorrow", text="See you there.", html="<p>See you there.</p>"
)
# The server closes a connection idle this long, as real servers do (Postfix after 300 s).
SERVER_IDLE_TIMEOUT = 0.5


class PeerRecordingSink(SmtpSink):
    def __init__(self) -> None:
        super().__init__()
        self.peers: list[tuple] = []
        self._peer_lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bounce"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._peer_lock:
            self.peers.append(session.peer)
        return await super().handle_DATA(server, session, envelope)

    @property
    def connections(self) -> int:
        with self._peer_lock:
            return len(set(self.peers))


@pytest.fixture
def sink(settings):
    server = PeerRecordingSink()
    server.port = free_port()
    controller = Controller(
        server,
        hostname=server.host,
        port=server.port,
        ready_timeout=10,
        timeout=SERVER_IDLE_TIMEOUT,
    )
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    try:
        yield server
    finally:
        outbox_connection.discard()
        controller.stop()


def queue(*addresses: str) -> list[int]:
    return [
        services.email_queue(
            purpose="reminder", to_email=address, content=CONTENT, occurrence=address
        ).pk
        for address in addresses
    ]


def test_a_batch_sends_many_rows_over_one_connection(sink):
    email_ids = queue(*(f"reader{n}@example.org" for n in range(40)))

    assert services.email_send_batch(email_ids=email_ids) == 40

    assert len(sink.messages) == 40
    assert sink.connections == 1
    assert OutboundEmail.objects.filter(status=EmailStatus.SENT).count() == 40


def test_the_connection_is_kept_from_one_batch_to_the_next(sink):
    first, second = (
        queue("ada@example.org", "bo@example.org"),
        queue("cy@example.org", "di@example.org"),
    )

    services.email_send_batch(email_ids=first)
    services.email_send_batch(email_ids=second)

    assert len(sink.messages) == 4
    assert sink.connections == 1


def test_a_refused_message_is_retried_later_while_the_others_go_on_the_same_connection(sink):
    email_ids = queue("ada@example.org", "bounce@example.org", "cy@example.org")

    assert services.email_send_batch(email_ids=email_ids) == 2

    assert [m.rcpt_tos for m in sink.messages] == [("ada@example.org",), ("cy@example.org",)]
    assert sink.connections == 1
    bounced = OutboundEmail.objects.get(to_email="bounce@example.org")
    assert (bounced.status, bounced.attempts, bounced.sent_at) == (EmailStatus.QUEUED, 1, None)
    assert bounced.last_error.startswith("SMTPRecipientsRefused")
    assert bounced.next_attempt_at > timezone.now()


def test_a_connection_the_server_dropped_is_reopened_without_losing_a_message(sink):
    services.email_send_batch(email_ids=queue("ada@example.org"))
    time.sleep(SERVER_IDLE_TIMEOUT * 3)  # the server hangs up on the idle connection

    assert services.email_send_batch(email_ids=queue("bo@example.org", "cy@example.org")) == 2

    assert [m.rcpt_tos[0] for m in sink.messages] == [
        "ada@example.org",
        "bo@example.org",
        "cy@example.org",
    ]
    assert sink.connections == 2
    assert set(OutboundEmail.objects.values_list("status", "attempts", "last_error")) == {
        (EmailStatus.SENT, 1, "")
    }


def test_a_connection_idle_too_long_is_closed_before_the_next_message(sink, monkeypatch):
    monkeypatch.setattr(outbox_connection, "IDLE_SECONDS", 0.0)

    services.email_send_batch(email_ids=queue("ada@example.org"))
    services.email_send_batch(email_ids=queue("bo@example.org"))

    assert sink.connections == 2


def test_worker_shutdown_closes_the_kept_connection(sink):
    services.email_send_batch(email_ids=queue("ada@example.org"))

    outbox_connection.close_all()  # what the worker_process_shutdown signal does
    services.email_send_batch(email_ids=queue("bo@example.org"))

    assert sink.connections == 2
    assert mail.outbox == []  # the real server got them, not Django's test outbox
