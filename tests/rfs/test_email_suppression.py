"""Bounces and complaints, end to end: the provider's signed webhook, the suppression, the
outbox holding back a real reminder while a sign-in code still goes, and My journey.

Emails go through anymail's test backend (it records each message and gives it an id, as
a provider's API would); webhooks are signed as Mailgun signs them (HMAC-SHA256 of the
timestamp and token with the webhook signing key) and authenticated as Postmark's are
(HTTP basic auth with ANYMAIL_WEBHOOK_SECRET), all checked offline.
"""

import base64
import hashlib
import hmac
import json
import secrets
import time
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rfs import services, tasks
from rfs.enums import AuditAction, EmailStatus
from rfs.models import AuditEvent, EmailSuppression, OutboundEmail, SuppressionReason
from rfs.services.suppression import email_suppress
from tests.emails_registry import NOW, _intro_call, _registered

pytestmark = pytest.mark.django_db

SIGNING_KEY = "key-mailgun-webhook-signing-test"
WEBHOOK_SECRET = "hooks:s3cret-basic-auth"


@pytest.fixture(autouse=True)
def _provider(settings):
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    settings.ANYMAIL = {
        "MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY,
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
    }
    mail.outbox = []
    with time_machine.travel(NOW, tick=False):
        yield


def basic_auth(secret: str = WEBHOOK_SECRET) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def mailgun_post(event_data: dict, *, key: str = SIGNING_KEY, auth: dict | None = None):
    timestamp, token = str(int(time.time())), secrets.token_hex(25)
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    body = {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": {"timestamp": float(timestamp), **event_data},
    }
    return Client().post(
        reverse("email_events_mailgun"),
        json.dumps(body),
        content_type="application/json",
        **(basic_auth() if auth is None else auth),
    )


def mailgun_failed(email: OutboundEmail, *, severity: str, recipient: str | None = None):
    return mailgun_post(
        {
            "event": "failed",
            "severity": severity,
            "recipient": recipient or email.to_email,
            "reason": "bounce" if severity == "permanent" else "generic",
            # Mailgun names the message by its Message-Id, without angle brackets.
            "message": {"headers": {"message-id": email.provider_message_id}},
            "delivery-status": {"message": "550 5.1.1 No such mailbox", "description": ""},
        }
    )


def postmark_post(payload: dict, *, auth: dict | None = None):
    return Client().post(
        reverse("email_events_postmark"),
        json.dumps(payload),
        content_type="application/json",
        **(basic_auth() if auth is None else auth),
    )


def postmark_complaint(email: OutboundEmail):
    return postmark_post(
        {
            "RecordType": "SpamComplaint",
            "Type": "SpamComplaint",
            "MessageID": email.provider_message_id,
            "Email": email.to_email.upper(),  # the address, in any case
            "BouncedAt": timezone.now().isoformat(),
            "Description": "The subscriber explicitly marked this message as spam.",
        }
    )


def send_due() -> None:
    """What the worker does: send every due row (the on-commit task's or the sweep's)."""
    due = OutboundEmail.objects.filter(
        status=EmailStatus.QUEUED, next_attempt_at__lte=timezone.now()
    )
    services.email_send_batch(email_ids=list(due.values_list("pk", flat=True)))


def registered_and_confirmed():
    """A candidate registers for an intro call; the confirmation goes out through the
    provider, which gives it an id."""
    registration = _registered(call=_intro_call(days=3))
    send_due()
    confirmation = OutboundEmail.objects.get(
        purpose="intro_confirmation", to_email=registration.candidate.user.email
    )
    assert (confirmation.status, len(mail.outbox)) == (EmailStatus.SENT, 1)
    assert confirmation.provider_message_id != ""
    return registration, confirmation


def reminder_and_login_code(registration) -> tuple[OutboundEmail, OutboundEmail]:
    """The real 24-hour reminder (from the beat task's service) and a real sign-in code
    (asked for on allauth's page), both sent by the worker."""
    from candidates.services import calls

    calls.intro_call_reminders_queue(now=registration.call.starts_at - timedelta(hours=24))
    Client().post(
        reverse("account_request_login_code"), {"email": registration.candidate.user.email}
    )
    send_due()
    user = registration.candidate.user
    reminder = OutboundEmail.objects.get(purpose="intro_reminder_24h", to_email=user.email)
    code = OutboundEmail.objects.get(purpose="login_code", to_email=user.email)
    return reminder, code


def test_mailgun_hard_bounce_suppresses_holds_back_a_reminder_and_still_sends_a_code():
    registration, confirmation = registered_and_confirmed()

    response = mailgun_failed(confirmation, severity="permanent")

    assert response.status_code == 200
    suppression = EmailSuppression.objects.get()
    assert (suppression.email, suppression.reason, suppression.provider) == (
        confirmation.to_email.lower(),
        SuppressionReason.BOUNCE,
        "Mailgun",
    )
    confirmation.refresh_from_db()
    assert confirmation.status == EmailStatus.BOUNCED
    assert "No such mailbox" in confirmation.last_error

    reminder, code = reminder_and_login_code(registration)

    assert (reminder.status, reminder.sent_at) == (EmailStatus.BOUNCED, None)
    assert reminder.last_error.startswith("Not sent:")
    assert code.status == EmailStatus.SENT
    assert [m.subject for m in mail.outbox] == [confirmation.subject, code.subject]


def test_postmark_complaint_suppresses_holds_back_a_reminder_and_still_sends_a_code():
    registration, confirmation = registered_and_confirmed()

    response = postmark_complaint(confirmation)

    assert response.status_code == 200
    assert EmailSuppression.objects.get().reason == SuppressionReason.COMPLAINT
    reminder, code = reminder_and_login_code(registration)
    assert reminder.status == EmailStatus.BOUNCED
    assert code.status == EmailStatus.SENT
    assert len(mail.outbox) == 2


def test_verification_code_to_a_suppressed_address_is_still_sent(client):
    registration, confirmation = registered_and_confirmed()
    mailgun_failed(confirmation, severity="permanent")
    user = registration.candidate.user
    client.force_login(user)

    client.post(reverse("account_email"), {"action_add": "", "email": "casey.new@example.org"})
    # Asking to verify the bounced address again is a verification code too.
    EmailAddress.objects.filter(user=user, email=user.email).update(verified=False)
    client.post(reverse("account_email"), {"action_send": "", "email": user.email})
    send_due()

    sent = OutboundEmail.objects.filter(purpose="email_confirmation")
    assert sorted(sent.values_list("to_email", "status")) == [
        ("casey.new@example.org", EmailStatus.SENT),
        (user.email, EmailStatus.SENT),
    ]


def test_mailgun_webhook_with_a_bad_signature_is_refused_and_changes_nothing():
    _registration, confirmation = registered_and_confirmed()

    forged = mailgun_post(
        {"event": "failed", "severity": "permanent", "recipient": confirmation.to_email},
        key="not-the-signing-key",
    )

    assert forged.status_code == 400
    assert not EmailSuppression.objects.exists()


def test_mailgun_webhook_without_the_basic_auth_is_refused():
    _registration, confirmation = registered_and_confirmed()

    response = mailgun_post(
        {"event": "complained", "recipient": confirmation.to_email}, auth=basic_auth("hooks:no")
    )

    assert response.status_code == 400
    assert not EmailSuppression.objects.exists()


@pytest.mark.parametrize("auth", [{}, basic_auth("hooks:wrong")], ids=["none", "wrong"])
def test_postmark_webhook_without_the_right_basic_auth_is_refused(auth):
    _registration, confirmation = registered_and_confirmed()

    response = postmark_post(
        {"RecordType": "SpamComplaint", "Type": "SpamComplaint", "Email": confirmation.to_email},
        auth=auth,
    )

    assert response.status_code == 400
    assert not EmailSuppression.objects.exists()


def test_soft_bounce_is_retried_by_the_outbox_and_suppresses_nothing():
    _registration, confirmation = registered_and_confirmed()

    response = mailgun_failed(confirmation, severity="temporary")

    assert response.status_code == 200
    assert not EmailSuppression.objects.exists()
    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.sent_at) == (EmailStatus.QUEUED, None)
    assert confirmation.last_error.startswith("Soft bounce:")
    # The provider repeating its report before the retry queues it once, not twice.
    mailgun_failed(confirmation, severity="temporary")

    with time_machine.travel(timezone.now() + timedelta(minutes=10), tick=False):
        assert tasks.outbox_sweep() == 1

    confirmation.refresh_from_db()
    assert (confirmation.status, confirmation.attempts) == (EmailStatus.SENT, 2)
    assert len(mail.outbox) == 2


def test_postmark_soft_bounce_is_retried_too():
    _registration, confirmation = registered_and_confirmed()

    postmark_post(
        {
            "RecordType": "Bounce",
            "Type": "SoftBounce",
            "MessageID": confirmation.provider_message_id,
            "Email": confirmation.to_email,
            "BouncedAt": timezone.now().isoformat(),
        }
    )

    confirmation.refresh_from_db()
    assert confirmation.status == EmailStatus.QUEUED
    assert not EmailSuppression.objects.exists()


def test_soft_bounce_of_a_sign_in_code_is_not_sent_again_without_its_code():
    registration, _confirmation = registered_and_confirmed()
    _reminder, code = reminder_and_login_code(registration)

    mailgun_failed(code, severity="temporary")

    code.refresh_from_db()
    assert code.status == EmailStatus.SENT  # its body is gone: they ask for a new code


def test_suppression_is_case_insensitive_for_the_outbox():
    registration, confirmation = registered_and_confirmed()
    mailgun_failed(confirmation, severity="permanent", recipient=confirmation.to_email.upper())

    reminder, _code = reminder_and_login_code(registration)

    assert EmailSuppression.objects.get().email == confirmation.to_email.lower()
    assert reminder.status == EmailStatus.BOUNCED


def test_my_journey_shows_the_problem_until_a_new_address_is_verified(client):
    registration, confirmation = registered_and_confirmed()
    user = registration.candidate.user
    client.force_login(user)
    assert b"email-undeliverable" not in client.get(reverse("candidates:journey")).content

    mailgun_failed(confirmation, severity="permanent")
    page = client.get(reverse("candidates:journey"))

    assert f"We couldn't deliver email to {user.email}" in page.content.decode()
    assert reverse("account_email") in page.content.decode()

    new = EmailAddress.objects.create(user=user, email="casey.works@example.org", verified=True)
    new.set_as_primary()
    page = client.get(reverse("candidates:journey"))

    assert b"email-undeliverable" not in page.content
    assert EmailSuppression.objects.filter(email=confirmation.to_email).exists()


def test_staff_see_and_clear_the_block_on_the_candidates_admin_page(client, staff):
    registration, confirmation = registered_and_confirmed()
    mailgun_failed(confirmation, severity="permanent")
    candidate = registration.candidate
    client.force_login(staff)

    page = client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk]))
    assert "Paused since" in page.content.decode()

    response = client.post(
        reverse("admin:candidates_candidate_changelist"),
        {"action": "email_again", "_selected_action": [candidate.pk]},
    )

    assert response.status_code == 302
    assert not EmailSuppression.objects.exists()
    audit = AuditEvent.objects.get(action=AuditAction.EMAIL_UNBLOCK)
    assert (audit.actor, audit.person) == (staff, candidate.user)
    page = client.get(reverse("admin:candidates_candidate_change", args=[candidate.pk]))
    assert "Delivered normally" in page.content.decode()


def test_a_director_of_another_region_cannot_clear_the_block(client, other_director):
    registration, confirmation = registered_and_confirmed()
    mailgun_failed(confirmation, severity="permanent")
    client.force_login(other_director)

    client.post(
        reverse("admin:candidates_candidate_changelist"),
        {"action": "email_again", "_selected_action": [registration.candidate.pk]},
    )

    assert EmailSuppression.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditAction.EMAIL_UNBLOCK).exists()


def test_national_staff_clear_a_block_from_the_suppressions_admin(client, staff):
    row = email_suppress(
        email="Gone@Example.org", reason=SuppressionReason.BOUNCE, provider="Postmark"
    )
    client.force_login(staff)
    assert client.get(reverse("admin:rfs_emailsuppression_changelist")).status_code == 200

    client.post(
        reverse("admin:rfs_emailsuppression_changelist"),
        {"action": "clear", "_selected_action": [row.pk]},
    )

    assert not EmailSuppression.objects.exists()
    assert AuditEvent.objects.filter(action=AuditAction.EMAIL_UNBLOCK, actor=staff).exists()


@pytest.mark.parametrize("who", ["director", "candidate_user"])
def test_others_may_not_open_the_suppressions_admin(client, persona, who):
    client.force_login(persona(who))

    response = client.get(reverse("admin:rfs_emailsuppression_changelist"))

    assert response.status_code in {302, 403}


def test_erasing_the_person_removes_their_address_from_the_suppressions():
    from candidates.privacy import candidate_erase

    registration, confirmation = registered_and_confirmed()
    mailgun_failed(confirmation, severity="permanent")
    email_suppress(email="someone.else@example.org", reason=SuppressionReason.COMPLAINT)

    candidate_erase(user=registration.candidate.user)

    assert list(EmailSuppression.objects.values_list("email", flat=True)) == [
        "someone.else@example.org"
    ]


def test_a_complaint_after_a_bounce_keeps_one_row_with_the_stronger_reason():
    email_suppress(email="x@example.org", reason=SuppressionReason.BOUNCE, provider="Mailgun")

    email_suppress(email="X@example.org", reason=SuppressionReason.COMPLAINT, provider="Mailgun")
    email_suppress(email="x@example.org", reason=SuppressionReason.BOUNCE, provider="Mailgun")

    assert list(EmailSuppression.objects.values_list("email", "reason")) == [
        ("x@example.org", SuppressionReason.COMPLAINT)
    ]


def test_the_candidates_own_director_may_clear_the_block(client, director):
    registration, confirmation = registered_and_confirmed()
    mailgun_failed(confirmation, severity="permanent")
    client.force_login(director)

    client.post(
        reverse("admin:candidates_candidate_changelist"),
        {"action": "email_again", "_selected_action": [registration.candidate.pk]},
    )

    assert not EmailSuppression.objects.exists()
    assert AuditEvent.objects.get(action=AuditAction.EMAIL_UNBLOCK).actor == director


@pytest.mark.parametrize("provider", ["mailgun", "postmark", "sendgrid", "amazon_ses"])
def test_webhooks_are_404_until_what_authenticates_them_is_configured(settings, provider):
    settings.ANYMAIL = {}
    payload = {"RecordType": "SpamComplaint", "Type": "SpamComplaint", "Email": "a@example.org"}

    response = Client().post(
        reverse(f"email_events_{provider}"), json.dumps(payload), content_type="application/json"
    )

    assert response.status_code == 404
    assert not EmailSuppression.objects.exists()
