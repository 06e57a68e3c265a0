"""The email outbox: an email is a row before it is a message.

Services queue rows here inside their own transaction; once it commits, the rows are
handed to ``rfs.tasks.outbox_send`` (which sends them through ``sending``).
"""

import logging
import time
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from .. import tasks
from ..bulk import outbox_key
from ..emails import RenderedEmail, render_email, unsubscribe_url
from ..enums import EmailStatus
from ..i18n import for_person
from ..models import OutboundEmail, User
from .sending import SEND_BATCH_SIZE

logger = logging.getLogger(__name__)


def email_unique_key(
    *, purpose: str, to_email: str, about: models.Model | None, occurrence: str
) -> str:
    return outbox_key(
        purpose=purpose,
        to_email=to_email,
        about_label=about._meta.label_lower if about is not None else None,
        about_pk=about.pk if about is not None else None,
        occurrence=occurrence,
    )


def email_queue(
    *,
    purpose: str,
    to_email: str,
    content: RenderedEmail,
    recipient: User | None = None,
    about: models.Model | None = None,
    occurrence: str = "",
    transactional: bool = True,
    ics: str = "",
    send_at: datetime | None = None,
    redact_after_send: bool = False,
    occurrence_is_new: bool = False,
) -> OutboundEmail:
    """Write an email to the outbox and send it once the surrounding transaction commits.

    ``redact_after_send`` is for an email that carries a secret (a code, a one-click
    link): it keeps its body until it is sent, for retries, and then loses it. Keep the
    secret out of its subject, which stays.

    With ``send_at`` in the future (a reminder days ahead) the row waits in the outbox
    and the every-minute sweep sends it when it is due: never an ETA task.

    ``occurrence_is_new`` says the occurrence was just made up (a fresh code, a random
    id), so no row can have its key: step 1's lookup is skipped. The key is still unique
    in the table, so step 3 would still find a row that had it.

    Side effects, in order:
    1. If a row with the same unique key exists, return it unchanged (a retry or a
       second scheduler asked for the same event).
    2. For non-transactional email: if the recipient unsubscribed, store the row as
       suppressed and stop; otherwise add the unsubscribe link headers.
    3. Insert the row.
    4. On commit, enqueue ``rfs.tasks.outbox_send`` for it, together with every other
       due row the same transaction queued (one task per ``SEND_BATCH_SIZE`` rows). If
       the broker is down the row stays queued and ``outbox_sweep`` sends it later.
    """
    key = email_unique_key(purpose=purpose, to_email=to_email, about=about, occurrence=occurrence)
    if not occurrence_is_new:
        existing = OutboundEmail.objects.filter(unique_key=key).first()
        if existing is not None:
            return existing

    headers: dict[str, str] = {}
    status = EmailStatus.QUEUED
    if not transactional and recipient is not None:
        if recipient.unsubscribed_at is not None:
            status = EmailStatus.SUPPRESSED
        link = unsubscribe_url(recipient.pk)
        headers = {
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }

    email = OutboundEmail(
        purpose=purpose,
        to_email=to_email,
        recipient=recipient,
        content_type=ContentType.objects.get_for_model(about) if about is not None else None,
        object_id=str(about.pk) if about is not None else "",
        unique_key=key,
        subject=content.subject[:255],
        body_text=content.text,
        body_html=content.html,
        headers=headers,
        ics=ics,
        transactional=transactional,
        redact_after_send=redact_after_send,
        status=status,
        next_attempt_at=send_at or timezone.now(),
    )
    try:
        # A savepoint, so a concurrent insert of the same key does not break the caller's
        # transaction: the other row wins and is returned.
        with transaction.atomic():
            email.save()
    except IntegrityError:
        return OutboundEmail.objects.get(unique_key=key)

    if status == EmailStatus.QUEUED and email.next_attempt_at <= timezone.now():
        _send_after_commit(email.pk)
    return email


def email_queue_template(
    *,
    template: str,
    to: User,
    context: dict,
    about: models.Model | None = None,
    occurrence: str = "",
    transactional: bool = True,
    ics: str = "",
    send_at: datetime | None = None,
) -> OutboundEmail:
    """Render ``templates/emails/<template>.*`` for a person, in their language and time
    zone (whoever or whatever sends it), and queue it."""
    context = {"user": to, **context}
    if not transactional:
        context["unsubscribe_url"] = unsubscribe_url(to.pk)
    with for_person(to):
        content = render_email(template, context)
    return email_queue(
        purpose=template,
        to_email=to.email,
        recipient=to,
        about=about,
        occurrence=occurrence,
        transactional=transactional,
        ics=ics,
        send_at=send_at,
        content=content,
    )


# After a failed publish, skip publishing for a while: the rows are saved and the sweep
# sends them, and a request that queues several emails waits on a dead broker only once.
BROKER_BACKOFF_SECONDS = 30.0
_broker_down_until = 0.0


class _OutboxBatch:
    """The due rows one transaction queued: published together, in batches, once it commits.

    Each row still registers a callback of its own (``_SendAfterCommit``), because Django's
    ``captureOnCommitCallbacks`` runs only the callbacks registered inside it. The first of
    them to run publishes its row and every row the transaction queued after it; the
    others find theirs published. A transaction that queues 5,000 emails thus publishes 50
    tasks rather than 5,000. A row whose savepoint was rolled back may be published with
    the rest: its task finds no row to claim.
    """

    def __init__(self) -> None:
        self.email_ids: list[int] = []
        self.published: set[int] = set()


class _SendAfterCommit:
    def __init__(self, batch: _OutboxBatch, position: int) -> None:
        self.batch, self.position = batch, position

    def __call__(self) -> None:
        batch = self.batch
        if batch.email_ids[self.position] in batch.published:
            return
        email_ids = [
            pk
            for pk in dict.fromkeys(batch.email_ids[self.position :])
            if pk not in batch.published
        ]
        batch.published.update(email_ids)
        _enqueue_send(email_ids)


def _send_after_commit(email_id: int) -> None:
    """Have the row sent once the transaction commits, in the transaction's batch."""
    batch = None
    if connection.in_atomic_block:
        # The transaction's batch is the one of its latest outbox callback, unless that
        # one has run already (only a test helper runs callbacks before the commit).
        for _, callback, _ in reversed(connection.run_on_commit):
            if isinstance(callback, _SendAfterCommit):
                batch = None if callback.batch.published else callback.batch
                break
    batch = batch or _OutboxBatch()
    batch.email_ids.append(email_id)
    transaction.on_commit(
        _SendAfterCommit(batch, len(batch.email_ids) - 1)
    )  # runs now outside a transaction


def _enqueue_send(email_ids: list[int]) -> None:
    global _broker_down_until

    if time.monotonic() < _broker_down_until:
        return
    for start in range(0, len(email_ids), SEND_BATCH_SIZE):
        try:
            tasks.outbox_send.delay(email_ids=email_ids[start : start + SEND_BATCH_SIZE])
        except Exception:  # the broker is unreachable; the sweep will pick the rows up
            _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
            logger.warning(
                "Could not enqueue emails (%d of them); the outbox sweep will send them.",
                len(email_ids) - start,
                exc_info=True,
            )
            return
