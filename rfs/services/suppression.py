"""Undeliverable addresses: what the mail provider's bounce and complaint webhooks tell us.

A hard bounce or a spam complaint suppresses the address (``EmailSuppression``): the
outbox (``sending``) marks every later email to it as not sent, except sign-in and
verification codes, which are always attempted (the person may be correcting the very
address). A soft bounce (the provider's "deferred", a temporary failure) puts the message
back in the outbox, which retries it with its usual backoff.

anymail's tracking webhooks (mounted in ``rfs.urls``, signed by the provider) send
``anymail.signals.tracking``; ``rfs.apps`` connects it to ``email_event_record``.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..audit import audit_record
from ..enums import AuditAction, EmailStatus
from ..models import EmailSuppression, OutboundEmail, SuppressionReason, User
from ..selectors import ALWAYS_ATTEMPTED, suppressed_among, suppression_for
from .sending import _retry_delay, provider_message_id

# Reads the outbox and the admin use, kept where the suppression rules are read.
__all__ = [
    "ALWAYS_ATTEMPTED",
    "email_event_record",
    "email_retry_soft",
    "email_suppress",
    "suppressed_among",
    "suppression_clear",
    "suppression_for",
]

logger = logging.getLogger(__name__)

# anymail's normalised event types (``anymail.signals.EventType``), named here so this
# module reads without anymail; its reject reasons that mean "a previous bounce/complaint".
_HARD = {"bounced": SuppressionReason.BOUNCE, "complained": SuppressionReason.COMPLAINT}
_REJECTED_BECAUSE = {"bounced": SuppressionReason.BOUNCE, "spam": SuppressionReason.COMPLAINT}
# Provider bounce types that anymail files under "bounced" but that are temporary.
_SOFT_BOUNCE_TYPES = {"SoftBounce"}  # Postmark's


def email_event_record(*, event, esp_name: str) -> str:
    """Act on one of the provider's tracking events (an ``AnymailTrackingEvent``); say what
    was done: "suppressed", "retried" or "ignored" (deliveries, opens...).

    Side effects, in order:
    1. A hard bounce or a complaint (or the provider refusing the address for an earlier
       one): suppress the address (``email_suppress``) and mark the message's outbox row
       bounced with the provider's words.
    2. A soft bounce: the message's row is queued again with backoff (``email_retry_soft``).
    """
    event_type = event.event_type
    detail = " ".join(part for part in (event.description, event.mta_response) if part)[:2000]
    esp_event = event.esp_event if isinstance(event.esp_event, dict) else {}
    soft = event_type == "deferred" or (
        event_type == "bounced" and esp_event.get("Type") in _SOFT_BOUNCE_TYPES
    )
    if soft:
        return (
            "retried" if email_retry_soft(message_id=event.message_id, detail=detail) else "ignored"
        )
    reason = _HARD.get(event_type)
    if event_type == "rejected":
        reason = _REJECTED_BECAUSE.get(event.reject_reason or "")
    if reason is None or not event.recipient:
        return "ignored"
    email_suppress(
        email=event.recipient, reason=reason, provider=esp_name, detail=detail, at=event.timestamp
    )
    message_id = provider_message_id(event.message_id or "")
    if message_id:
        OutboundEmail.objects.filter(provider_message_id=message_id).update(
            status=EmailStatus.BOUNCED,
            last_error=f"{SuppressionReason(reason).label} ({esp_name}): {detail}"[:2000],
        )
    return "suppressed"


def email_suppress(
    *,
    email: str,
    reason: SuppressionReason,
    provider: str = "",
    detail: str = "",
    at: datetime | None = None,
) -> EmailSuppression:
    """Stop emailing ``email`` (any case), but for sign-in and verification codes.

    Side effects: one row per address; a second report keeps the first row (its date)
    and only upgrades a bounce to a complaint, the stronger reason.
    """
    address = email.strip().lower()
    values = {"reason": reason, "provider": provider, "detail": detail}
    try:
        with transaction.atomic():
            row, created = EmailSuppression.objects.get_or_create(
                email=address, defaults={**values, "created_at": at or timezone.now()}
            )
    except IntegrityError:  # two webhooks for the address at once: the other row won
        row, created = EmailSuppression.objects.get(email=address), False
    if not created and reason == SuppressionReason.COMPLAINT and row.reason != reason:
        EmailSuppression.objects.filter(pk=row.pk).update(**values)
    logger.info("Email to an address is suppressed now (%s, from %s).", reason, provider)
    return row


def email_retry_soft(*, message_id, detail: str) -> bool:
    """Queue the message a soft bounce names for another attempt, with the outbox's backoff.

    Only a row marked sent is retried (a provider repeating its report of one soft bounce
    queues it once), never more than ``RFS_EMAIL_MAX_ATTEMPTS`` times, and never a row
    whose secret was removed once sent (a code: the person asks for a new one).
    """
    message_id = provider_message_id(message_id or "")
    if not message_id:
        return False
    row = (
        OutboundEmail.objects.filter(
            provider_message_id=message_id,
            status=EmailStatus.SENT,
            redact_after_send=False,
        )
        .only("pk", "attempts")
        .first()
    )
    if row is None or row.attempts >= settings.RFS_EMAIL_MAX_ATTEMPTS:
        return False
    return bool(
        OutboundEmail.objects.filter(pk=row.pk, status=EmailStatus.SENT).update(
            status=EmailStatus.QUEUED,
            sent_at=None,
            next_attempt_at=timezone.now() + _retry_delay(row.attempts),
            last_error=f"Soft bounce: {detail}"[:2000],
        )
    )


@transaction.atomic
def suppression_clear(
    *, email: str, acting_user: User, person: User | None = None, address: str | None = None
) -> bool:
    """Email this address again (staff confirmed it works); True if it was suppressed.

    Side effects, in order:
    1. Delete the address's suppression row.
    2. Write an ``EMAIL_UNBLOCK`` row to the audit trail (who, whose address, from where).
    Emails already marked not sent stay so; staff may queue one again from the outbox.
    """
    row = EmailSuppression.objects.filter(email=email.strip().lower()).first()
    if row is None:
        return False
    row.delete()
    if person is None:
        person = User.objects.filter(email__iexact=email.strip()).first()
    audit_record(
        action=AuditAction.EMAIL_UNBLOCK,
        acting_user=acting_user,
        person=person,
        address=address,
    )
    return True
