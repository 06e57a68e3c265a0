import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from rfs import services, tasks
from rfs.emails import RenderedEmail
from rfs.enums import EmailStatus
from rfs.models import OutboundEmail

pytestmark = pytest.mark.django_db

CONTENT = RenderedEmail(
    subject="Your call is confirmed", text="See you Tuesday.", html="<p>See you Tuesday.</p>"
)


def queue(**overrides) -> OutboundEmail:
    fields = {"purpose": "intro_confirmation", "to_email": "casey@example.org", "content": CONTENT}
    return services.email_queue(**{**fields, **overrides})


def test_email_queue_sends_once_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = queue()
        assert mail.outbox == []  # nothing leaves before the transaction commits

    email.refresh_from_db()
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["casey@example.org"]]
    assert mail.outbox[0].subject == "Your call is confirmed"
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    assert email.status == EmailStatus.SENT
    assert email.sent_at is not None
    assert email.attempts == 1


def test_email_queue_same_event_twice_makes_one_row(
    django_capture_on_commit_callbacks, candidate_user
):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(about=candidate_user, occurrence="24h")
        second = queue(about=candidate_user, occurrence="24h")

    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_email_queue_new_occurrence_gets_its_own_email(
    django_capture_on_commit_callbacks, candidate_user
):
    with django_capture_on_commit_callbacks(execute=True):
        queue(about=candidate_user, occurrence="24h")
        queue(about=candidate_user, occurrence="1h")

    assert OutboundEmail.objects.count() == 2
    assert len(mail.outbox) == 2


def test_email_queue_rolled_back_with_the_change_that_caused_it(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError("the signup failed")

    assert OutboundEmail.objects.count() == 0
    assert mail.outbox == []


def test_email_queue_keeps_the_row_when_the_broker_is_down(
    django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(**kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(tasks.outbox_send, "delay", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        email = queue()

    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert mail.outbox == []


def test_email_send_twice_delivers_once():
    email = queue()

    assert services.email_send(email_id=email.pk) is True
    assert services.email_send(email_id=email.pk) is False
    assert len(mail.outbox) == 1


def test_email_send_failure_is_recorded_and_retried_later(monkeypatch):
    email = queue()
    monkeypatch.setattr(
        "rfs.services.sending._deliver",
        lambda email: (_ for _ in ()).throw(smtplib.SMTPServerDisconnected("gone")),
    )

    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.QUEUED
    assert email.last_error == "SMTPServerDisconnected: gone"
    assert email.next_attempt_at > timezone.now() + timedelta(seconds=50)


def test_email_send_gives_up_after_max_attempts(monkeypatch, settings):
    settings.RFS_EMAIL_MAX_ATTEMPTS = 2
    email = queue()
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=1)
    monkeypatch.setattr(
        "rfs.services.sending._deliver", lambda email: (_ for _ in ()).throw(OSError("refused"))
    )

    with pytest.raises(OSError):
        services.email_send(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == 2


def test_email_send_reclaims_a_row_whose_worker_died():
    email = queue()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING, lease_expires_at=timezone.now() - timedelta(seconds=1)
    )

    assert services.email_send(email_id=email.pk) is True
    assert len(mail.outbox) == 1


def test_email_send_leaves_a_row_another_worker_holds():
    email = queue()
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING, lease_expires_at=timezone.now() + timedelta(minutes=4)
    )

    assert services.email_send(email_id=email.pk) is False
    assert mail.outbox == []


def test_outbox_sweep_sends_rows_left_unsent():
    fresh = queue(occurrence="fresh")
    with time_machine.travel(timezone.now() - timedelta(minutes=5)):
        stale = queue(occurrence="stale")

    swept = tasks.outbox_sweep()

    assert swept == 1  # the fresh row's own task is still on its way
    assert [m.subject for m in mail.outbox] == ["Your call is confirmed"]
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == EmailStatus.SENT
    assert fresh.status == EmailStatus.QUEUED


def test_outbox_sweep_twice_never_doubles():
    with time_machine.travel(timezone.now() - timedelta(minutes=5)):
        queue()

    tasks.outbox_sweep()
    tasks.outbox_sweep()

    assert len(mail.outbox) == 1


def test_non_transactional_email_carries_unsubscribe_headers(candidate_user):
    email = services.email_queue_template(
        template="invitation",
        to=candidate_user,
        transactional=False,
        context={"invited_by": "Sky", "roles": ["Mentor"], "login_url": "http://x/"},
    )
    services.email_send(email_id=email.pk)

    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/email/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/email/unsubscribe/" in email.body_html


def test_non_transactional_email_to_unsubscribed_person_is_suppressed(
    candidate_user, django_capture_on_commit_callbacks
):
    candidate_user.unsubscribed_at = timezone.now()
    candidate_user.save()

    with django_capture_on_commit_callbacks(execute=True):
        email = queue(recipient=candidate_user, transactional=False)

    assert email.status == EmailStatus.SUPPRESSED
    assert mail.outbox == []


def test_transactional_email_reaches_unsubscribed_person(
    candidate_user, django_capture_on_commit_callbacks
):
    candidate_user.unsubscribed_at = timezone.now()
    candidate_user.save()

    with django_capture_on_commit_callbacks(execute=True):
        queue(recipient=candidate_user, transactional=True)

    assert len(mail.outbox) == 1
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers


def test_calendar_invitation_is_attached():
    email = queue(ics="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")

    services.email_send(email_id=email.pk)

    filename, _content, mimetype = mail.outbox[0].attachments[0]
    assert filename == "invite.ics"
    assert mimetype.startswith("text/calendar")


def test_long_unique_keys_stay_unique_and_fit():
    key_a = services.email_unique_key(
        purpose="p", to_email="a@example.org", about=None, occurrence="x" * 300
    )
    key_b = services.email_unique_key(
        purpose="p", to_email="a@example.org", about=None, occurrence="x" * 299
    )

    assert len(key_a) <= 255
    assert key_a != key_b


def test_after_a_failed_publish_later_emails_wait_for_the_sweep(
    django_capture_on_commit_callbacks, monkeypatch
):
    attempts = []

    def broker_down(**kwargs):
        attempts.append(kwargs)
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(tasks.outbox_send, "delay", broker_down)

    with django_capture_on_commit_callbacks(execute=True):
        queue(occurrence="first")
        queue(occurrence="second")

    assert len(attempts) == 1  # one wait on the dead broker, not one per email
    assert OutboundEmail.objects.filter(status=EmailStatus.QUEUED).count() == 2
