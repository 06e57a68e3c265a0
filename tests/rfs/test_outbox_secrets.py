"""Sign-in codes, confirmation codes and one-click links live only in the recipient's
inbox: never in a subject, and out of the stored body once the email is sent. Staff, the
candidate's own email list and their export see that one was sent, not what it said."""

import importlib
import re
import smtplib

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from django.urls import reverse

from candidates import privacy
from rfs import outbox_connection
from rfs.admin import OutboundEmailAdmin
from rfs.emails import RenderedEmail
from rfs.enums import EmailStatus
from rfs.models import OutboundEmail
from rfs.services import email_queue
from tests.conftest import signup_data

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^\s+(\S+)\s*$", re.MULTILINE)


def request_login_code(email: str, capture) -> OutboundEmail:
    with capture(execute=True):
        Client().post(reverse("account_request_login_code"), {"email": email})
    return OutboundEmail.objects.get(to_email=email, purpose="login_code")


def delivered_code(address: str) -> str:
    """The code in the message as it reached the person's inbox."""
    [message] = [m for m in mail.outbox if m.to == [address] and "code" in m.subject]
    return CODE.search(message.body).group(1)


def test_login_code_leaves_subject_body_and_key_once_sent(
    candidate_user, django_capture_on_commit_callbacks
):
    email = request_login_code(candidate_user.email, django_capture_on_commit_callbacks)
    code = delivered_code(candidate_user.email)

    assert email.status == EmailStatus.SENT
    assert email.redact_after_send is True
    assert email.subject == "Your sign-in code"
    assert mail.outbox[0].subject == "Your sign-in code"
    assert email.body_text == OutboundEmail.REDACTED_BODY
    assert email.body_html == ""
    assert code not in email.unique_key


def test_signup_confirmation_code_is_not_in_the_subject_nor_kept(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), signup_data())

    email = OutboundEmail.objects.get(purpose="email_confirmation_signup")
    code = delivered_code("new@example.org")
    assert email.subject == "Your confirmation code"
    assert code not in email.body_text
    assert email.body_text == OutboundEmail.REDACTED_BODY


def test_password_reset_link_is_removed_once_sent(
    client, candidate_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": candidate_user.email})

    email = OutboundEmail.objects.get(purpose="password_reset_key")
    [message] = mail.outbox
    assert "/accounts/password/reset/key/" in message.body
    assert "/accounts/password/reset/key/" not in email.body_text
    assert email.redact_after_send is True


def test_code_stays_for_a_retry_until_the_email_is_sent(
    candidate_user, django_capture_on_commit_callbacks, monkeypatch
):
    real_send = outbox_connection.send

    def refuse(message):
        raise smtplib.SMTPServerDisconnected("mail server went away")

    monkeypatch.setattr(outbox_connection, "send", refuse)
    email = request_login_code(candidate_user.email, django_capture_on_commit_callbacks)
    assert email.status == EmailStatus.QUEUED
    held = CODE.search(email.body_text).group(1)

    monkeypatch.setattr(outbox_connection, "send", real_send)
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=email.created_at)
    from rfs.services import email_send

    assert email_send(email_id=email.pk) is True

    assert delivered_code(candidate_user.email) == held
    email.refresh_from_db()
    assert email.body_text == OutboundEmail.REDACTED_BODY


def test_email_without_a_secret_keeps_its_body_once_sent(
    candidate_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(
            purpose="intro_confirmation",
            to_email=candidate_user.email,
            recipient=candidate_user,
            content=RenderedEmail(
                "Your call is confirmed", "See you Tuesday.", "<p>See you Tuesday.</p>"
            ),
        )

    email.refresh_from_db()
    assert (email.status, email.body_text, email.body_html) == (
        EmailStatus.SENT,
        "See you Tuesday.",
        "<p>See you Tuesday.</p>",
    )


def test_staff_see_that_a_code_was_sent_not_the_code(
    client, staff, candidate_user, django_capture_on_commit_callbacks, monkeypatch
):
    # Not sent yet (the mail server is away): the row still holds the code, the page does not.
    monkeypatch.setattr(
        outbox_connection, "send", lambda message: (_ for _ in ()).throw(OSError("down"))
    )
    email = request_login_code(candidate_user.email, django_capture_on_commit_callbacks)
    code = CODE.search(email.body_text).group(1)
    client.force_login(staff)

    page = client.get(reverse("admin:rfs_outboundemail_change", args=[email.pk])).content.decode()
    listed = client.get(reverse("admin:rfs_outboundemail_changelist")).content.decode()
    searched = client.get(reverse("admin:rfs_outboundemail_changelist"), {"q": code})

    assert code not in page
    assert str(OutboundEmail.REDACTED_BODY) in page
    assert "Your sign-in code" in listed and code not in listed
    assert list(searched.context["cl"].result_list) == []


def test_outbox_admin_search_never_reads_bodies():
    assert not {"body_text", "body_html"} & set(OutboundEmailAdmin.search_fields)


def test_candidates_email_list_and_export_show_no_code(
    client, candidate_user, django_capture_on_commit_callbacks, monkeypatch
):
    request_login_code(candidate_user.email, django_capture_on_commit_callbacks)
    code = delivered_code(candidate_user.email)
    # A second code still waiting to go out (the mail server is away).
    monkeypatch.setattr(
        outbox_connection, "send", lambda message: (_ for _ in ()).throw(OSError("down"))
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("account_request_login_code"), {"email": candidate_user.email})
    waiting = OutboundEmail.objects.get(purpose="login_code", status=EmailStatus.QUEUED)
    waiting_code = CODE.search(waiting.body_text).group(1)
    client.force_login(candidate_user)

    journey = client.get(reverse("candidates:journey")).content.decode()
    exported = str(privacy.candidate_export(candidate=candidate_user.candidate))

    assert "Your sign-in code" in journey
    assert code not in journey
    assert code not in exported and waiting_code not in exported
    assert str(OutboundEmail.REDACTED_BODY) in exported


def test_migration_redacts_codes_written_before(candidate_user):
    migration = importlib.import_module("rfs.migrations.0007_outbox_redact_after_send")
    old = OutboundEmail.objects.create(
        purpose="login_code",
        to_email=candidate_user.email,
        unique_key=f"login_code|{candidate_user.email}|-|ABCD-EFGH",
        subject="Your sign-in code: ABCD-EFGH",
        body_text="Here's your code:\n\n    ABCD-EFGH\n",
        status=EmailStatus.SENT,
    )
    welcome = OutboundEmail.objects.create(
        purpose="welcome",
        to_email=candidate_user.email,
        unique_key="welcome|x",
        subject="Welcome",
        body_text="Hi",
        status=EmailStatus.SENT,
    )

    migration.redact_earlier_codes(apps, None)

    old.refresh_from_db()
    welcome.refresh_from_db()
    assert "ABCD-EFGH" not in f"{old.subject} {old.body_text} {old.unique_key}"
    assert old.redact_after_send is True
    assert (welcome.body_text, welcome.redact_after_send) == ("Hi", False)
