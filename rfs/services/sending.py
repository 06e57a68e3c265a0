"""The outbox's worker side: claiming due rows, sending them over one connection, and
marking them sent or scheduling their next attempt (``rfs.tasks.outbox_send`` and the
sweep call these). Queueing is ``outbox``; it hands rows to the tasks, which call here.
"""

import logging
import random
import time
from datetime import timedelta
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import InterfaceError, OperationalError, connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import outbox_connection
from ..enums import EmailStatus
from ..models import OutboundEmail
from ..selectors import ALWAYS_ATTEMPTED, suppressed_among

logger = logging.getLogger(__name__)

# A claimed message not marked sent within its lease (settings.RFS_OUTBOX_LEASE_SECONDS,
# 5 minutes unless set) is considered abandoned (the worker died mid-send) and may be
# claimed again by the sweep. The fault tests shorten it so a killed worker's rows return
# in seconds (``send_lease``).

# The sweep leaves fresh rows alone for this long: their own on-commit task is on its way.
SWEEP_GRACE = timedelta(minutes=1)
# Rows per ``outbox_send`` task, sent over one connection. Large enough that the claim and
# the task cost little per message; small enough that a commit of thousands of emails is
# shared by every worker process and that a batch ends well inside its lease.
SEND_BATCH_SIZE = 100
# A batch still running after half its lease puts its untried rows back for the sweep, so
# no row is sent after its lease lapsed (when another worker may have claimed it).
BATCH_TIME_SHARE = 0.5
# Each message is marked sent right after the mail server accepted it (one short UPDATE):
# a worker killed mid-batch can then send again only the one message it was sending, where
# marking every 20 messages could repeat up to 20. tests/faults/test_worker_kill.py kills
# a worker three times in 1,000 reminders and counts the repeats.


def send_lease() -> timedelta:
    return timedelta(seconds=settings.RFS_OUTBOX_LEASE_SECONDS)


def batch_time_limit() -> float:
    """Seconds a batch may send before it gives its untried rows back (half the lease)."""
    return send_lease().total_seconds() * BATCH_TIME_SHARE


def _retry_delay(attempts: int) -> timedelta:
    # 1, 2, 4, 8... minutes with jitter, capped at an hour.
    minutes = min(2 ** max(attempts - 1, 0), 60)
    return timedelta(seconds=minutes * 60 + random.randint(0, 30))


def email_send(*, email_id: int) -> bool:
    """Send one outbox row, at most once.

    Side effects, in order:
    1. Claim the row (``_claim``); if another worker holds it or it is already sent,
       return False. If its address is suppressed (and it is not a sign-in or
       verification code), mark it bounced, not sent, and return False.
    2. Send it over the worker's kept connection (``rfs.outbox_connection``).
    3. Mark it sent. On failure, record the error and schedule the next attempt with
       backoff (or mark it failed after ``RFS_EMAIL_MAX_ATTEMPTS``), then re-raise.
    """
    claimed = _hold_back_suppressed(_claim([email_id]))
    if not claimed:
        return False
    [email] = claimed
    try:
        message_id = _deliver(email)
    except Exception as error:
        _record_failure(email, error)
        raise
    _mark_sent({email.pk: message_id})
    return True


def email_send_batch(*, email_ids: list[int]) -> int:
    """Send these outbox rows over one connection, each at most once; return how many went.

    Side effects, in order:
    1. Claim, in one statement, the rows that are queued or whose lease lapsed; rows
       already sent or held by another worker are left alone. Rows to a suppressed
       address (a hard bounce or a complaint) are marked bounced and never sent, except
       sign-in and verification codes (``rfs.selectors.ALWAYS_ATTEMPTED``).
    2. Send each claimed row over the worker's kept connection, and mark it sent as soon
       as the mail server accepted it.
       A row that fails records its error and waits for its next attempt with backoff
       (or is marked failed after ``RFS_EMAIL_MAX_ATTEMPTS``); the batch goes on.
    3. If no connection to the mail server can be opened, the rows not yet tried get the
       same backoff and the batch stops.
    4. After ``batch_time_limit()`` seconds the rows not yet tried go back to the queue,
       untouched, for the sweep.
    """
    claimed = _hold_back_suppressed(_claim(email_ids))
    started = time.monotonic()
    time_limit = batch_time_limit()
    sent = 0
    for position, email in enumerate(claimed):
        if time.monotonic() - started > time_limit:
            _unclaim(claimed[position:])
            logger.warning(
                "Outbox batch ran out of time; %d emails wait for the sweep.",
                len(claimed) - position,
            )
            break
        try:
            message_id = _deliver(email)
        except outbox_connection.MailServerUnavailable as error:
            for untried in claimed[position:]:
                _record_failure(untried, error)
            logger.warning(
                "Mail server unavailable (%s); %d emails will be retried.",
                error,
                len(claimed) - position,
            )
            break
        except Exception as error:
            _record_failure(email, error)
            logger.warning(
                "Email %s failed; it will be retried with backoff.", email.pk, exc_info=True
            )
            continue
        _mark_sent({email.pk: message_id})
        sent += 1
    return sent


def _claim(email_ids: list[int]) -> list[OutboundEmail]:
    """Take the sendable rows among ``email_ids`` for this worker, with a lease (``send_lease``).

    One conditional UPDATE decides. On PostgreSQL a second worker updating the same row
    waits for the first to commit, then checks the condition again against the row as the
    first left it (sending, lease ahead) and skips it; SQLite runs one writer at a time.
    RETURNING says which rows this worker got, which Django's ``update()`` cannot.

    The database can go away between committing the UPDATE and answering it (a restart, a
    failover: ``make faults`` restarts PostgreSQL mid-surge). The rows were then claimed
    but nobody knew, and waited for their lease to lapse: a sign-up code 5 minutes late.
    The lease's end is this claim's own mark (to the microsecond), so the claim is asked
    once more, on a new connection, and takes back the rows that carry it.
    """
    if not email_ids:
        return []
    lease = timezone.now() + send_lease()
    try:
        claimed_ids = _claim_statement(email_ids, lease)
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block:
            raise
        logger.warning("The outbox claim lost its database connection; asking again once.")
        connection.close()
        claimed_ids = _claim_statement(email_ids, lease)
    return (
        list(OutboundEmail.objects.filter(pk__in=claimed_ids).order_by("pk")) if claimed_ids else []
    )


def _claim_statement(email_ids: list[int], lease) -> list[int]:
    """The claim's UPDATE: rows queued, or whose lease lapsed, or already carrying ``lease``
    (this claim's, when its first answer was lost; their attempt is not counted twice)."""
    now = timezone.now()
    to_db = connection.ops.adapt_datetimefield_value
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(OutboundEmail._meta.db_table)}"
            " SET status = %s, attempts = attempts"
            " + CASE WHEN status = %s AND lease_expires_at = %s THEN 0 ELSE 1 END,"
            " lease_expires_at = %s"
            f" WHERE {quote(OutboundEmail._meta.pk.column)} IN ({', '.join(['%s'] * len(email_ids))})"
            " AND sent_at IS NULL AND (status = %s OR (status = %s"
            " AND (lease_expires_at < %s OR lease_expires_at = %s)))"
            f" RETURNING {quote(OutboundEmail._meta.pk.column)}",
            [
                EmailStatus.SENDING.value,
                EmailStatus.SENDING.value,
                to_db(lease),
                to_db(lease),
                *email_ids,
                EmailStatus.QUEUED.value,
                EmailStatus.SENDING.value,
                to_db(now),
                to_db(lease),
            ],
        )
        return [row[0] for row in cursor.fetchall()]


def _mark_sent(message_ids: dict[int, str | None]) -> None:
    """Mark these rows sent with their provider's message ids, drop the secrets of those
    that carried one, and empty the dict.

    Once sent, a code or link lives only in the recipient's inbox: staff reading the
    outbox, and the person's own export, see that it was sent, not what it said.
    """
    if message_ids:
        holds_secret = models.Q(redact_after_send=True)
        OutboundEmail.objects.filter(pk__in=list(message_ids)).update(
            status=EmailStatus.SENT,
            # The bounce and complaint webhooks name the message by this id.
            provider_message_id=models.Case(
                *(
                    models.When(pk=pk, then=models.Value((message_id or "")[:255]))
                    for pk, message_id in message_ids.items()
                ),
                default=models.Value(""),
                output_field=models.CharField(),
            ),
            sent_at=timezone.now(),
            lease_expires_at=None,
            last_error="",
            # One statement for the batch, as before: rows without a secret keep their body.
            body_text=models.Case(
                models.When(holds_secret, then=models.Value(str(OutboundEmail.REDACTED_BODY))),
                default=models.F("body_text"),
                output_field=models.TextField(),
            ),
            body_html=models.Case(
                models.When(holds_secret, then=models.Value("")),
                default=models.F("body_html"),
                output_field=models.TextField(),
            ),
        )
        message_ids.clear()


def _hold_back_suppressed(claimed: list[OutboundEmail]) -> list[OutboundEmail]:
    """Mark the claimed rows to a suppressed address bounced (not sent); return the rest.

    One query finds the suppressed addresses among the batch's (none when no row could
    be held back); sign-in and verification codes are always attempted.
    """
    candidates = [email for email in claimed if email.purpose not in ALWAYS_ATTEMPTED]
    suppressed = suppressed_among(email.to_email for email in candidates)
    if not suppressed:
        return claimed
    held = [email.pk for email in candidates if email.to_email.lower() in suppressed]
    OutboundEmail.objects.filter(pk__in=held).update(
        status=EmailStatus.BOUNCED,
        lease_expires_at=None,
        attempts=models.F("attempts") - 1,
        last_error=_("Not sent: this address bounced or its owner reported our email as spam."),
    )
    logger.info("Held back %d emails to suppressed addresses.", len(held))
    return [email for email in claimed if email.pk not in held]


def _record_failure(email: OutboundEmail, error: Exception) -> None:
    failed = email.attempts >= settings.RFS_EMAIL_MAX_ATTEMPTS
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.FAILED if failed else EmailStatus.QUEUED,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        next_attempt_at=timezone.now() + _retry_delay(email.attempts),
        lease_expires_at=None,
    )


def _unclaim(emails: list[OutboundEmail]) -> None:
    """Give back claimed rows that were not tried: queued again, the attempt not counted."""
    OutboundEmail.objects.filter(pk__in=[e.pk for e in emails], status=EmailStatus.SENDING).update(
        status=EmailStatus.QUEUED, lease_expires_at=None, attempts=models.F("attempts") - 1
    )


def _deliver(email: OutboundEmail) -> str:
    """Send the row's message; return the provider's id for it (anymail's), or ours."""
    message_id = make_msgid(domain="rfs.local")
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_email],
        headers={"Message-ID": message_id, **email.headers},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    if email.ics:
        message.attach("invite.ics", email.ics, "text/calendar; method=REQUEST")
    outbox_connection.send(message)
    status = getattr(message, "anymail_status", None)
    if status is not None and status.message_id is not None:
        # One recipient, so one id (a set only when recipients got different ones).
        provider_id = status.message_id
        message_id = next(iter(provider_id)) if isinstance(provider_id, set) else provider_id
    return provider_message_id(message_id)


def provider_message_id(value) -> str:
    """A message id as the outbox keeps it: without the angle brackets that some
    providers' webhooks add to it (Mailgun's) and others' do not."""
    return str(value).strip().strip("<>")


def outbox_due_ids(*, limit: int = 5000) -> list[int]:
    """Rows that should have been sent by now: queued and due, or with a lapsed lease.

    Reminders scheduled for the same hour (``send_at``) all arrive through here, so one
    sweep takes up to 5,000: 50 batches, a few seconds of sending at the measured rate.
    """
    now = timezone.now()
    return list(
        OutboundEmail.objects.filter(
            models.Q(
                status=EmailStatus.QUEUED,
                next_attempt_at__lte=now,
                created_at__lte=now - SWEEP_GRACE,
            )
            | models.Q(status=EmailStatus.SENDING, lease_expires_at__lt=now)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
