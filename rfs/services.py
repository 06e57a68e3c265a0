"""Writes for people, roles, regions and the email outbox."""

import hashlib
import logging
import random
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from email.utils import make_msgid

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, models, transaction
from django.urls import reverse
from django.utils import timezone

from . import outbox_connection
from .audit import audit_record
from .emails import RenderedEmail, render_email, unsubscribe_url
from .enums import ADMIN_ROLES, AuditAction, EmailStatus, Role, State
from .models import Heartbeat, OutboundEmail, Region, RegionState, User

logger = logging.getLogger(__name__)

# A claimed message not marked sent within this lease is considered abandoned (the
# worker died mid-send) and may be claimed again by the sweep.
SEND_LEASE = timedelta(minutes=5)
# The sweep leaves fresh rows alone for this long: their own on-commit task is on its way.
SWEEP_GRACE = timedelta(minutes=1)
# Rows per ``outbox_send`` task, sent over one connection. Large enough that the claim and
# the task cost little per message; small enough that a commit of thousands of emails is
# shared by every worker process and that a batch ends well inside its lease.
SEND_BATCH_SIZE = 100
# A batch still running after this long puts its untried rows back for the sweep, so no
# row is sent after its lease lapsed (when another worker may have claimed it).
BATCH_TIME_LIMIT = SEND_LEASE.total_seconds() / 2
# A batch marks its sent rows in one statement per this many messages (or per second):
# a commit per message cost a fifth of the worker's time. The price: if the worker process
# is killed mid-batch, the messages it sent but had not marked yet (at most this many) go
# out again once their lease lapses, where a worker killed between sending and marking
# one message always could send that one again.
MARK_SENT_EVERY = 20
MARK_SENT_SECONDS = 1.0


# --- Email outbox -----------------------------------------------------------------------


def email_unique_key(*, purpose: str, to_email: str, about: models.Model | None, occurrence: str) -> str:
    about_part = f"{about._meta.label_lower}:{about.pk}" if about is not None else "-"
    key = f"{purpose}|{to_email.lower()}|{about_part}|{occurrence}"
    if len(key) > 255:
        key = key[:190] + "|" + hashlib.sha256(key.encode()).hexdigest()
    return key


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
) -> OutboundEmail:
    """Write an email to the outbox and send it once the surrounding transaction commits.

    ``redact_after_send`` is for an email that carries a secret (a code, a one-click
    link): it keeps its body until it is sent, for retries, and then loses it. Keep the
    secret out of its subject, which stays.

    With ``send_at`` in the future (a reminder days ahead) the row waits in the outbox
    and the every-minute sweep sends it when it is due: never an ETA task.

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
    existing = OutboundEmail.objects.filter(unique_key=key).first()
    if existing is not None:
        return existing

    headers: dict[str, str] = {}
    status = EmailStatus.QUEUED
    if not transactional and recipient is not None:
        if recipient.unsubscribed_at is not None:
            status = EmailStatus.SUPPRESSED
        link = unsubscribe_url(recipient.pk)
        headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}

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
    *, template: str, to: User, context: dict, about: models.Model | None = None,
    occurrence: str = "", transactional: bool = True, ics: str = "", send_at: datetime | None = None,
) -> OutboundEmail:
    """Render ``templates/emails/<template>.*`` for a person and queue it."""
    context = {"user": to, **context}
    if not transactional:
        context["unsubscribe_url"] = unsubscribe_url(to.pk)
    return email_queue(
        purpose=template, to_email=to.email, recipient=to, about=about, occurrence=occurrence,
        transactional=transactional, ics=ics, send_at=send_at, content=render_email(template, context),
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
        email_ids = [pk for pk in dict.fromkeys(batch.email_ids[self.position :]) if pk not in batch.published]
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
    transaction.on_commit(_SendAfterCommit(batch, len(batch.email_ids) - 1))  # runs now outside a transaction


def _enqueue_send(email_ids: list[int]) -> None:
    global _broker_down_until
    from .tasks import outbox_send

    if time.monotonic() < _broker_down_until:
        return
    for start in range(0, len(email_ids), SEND_BATCH_SIZE):
        try:
            outbox_send.delay(email_ids=email_ids[start : start + SEND_BATCH_SIZE])
        except Exception:  # the broker is unreachable; the sweep will pick the rows up
            _broker_down_until = time.monotonic() + BROKER_BACKOFF_SECONDS
            logger.warning(
                "Could not enqueue emails (%d of them); the outbox sweep will send them.",
                len(email_ids) - start, exc_info=True,
            )
            return


def _retry_delay(attempts: int) -> timedelta:
    # 1, 2, 4, 8... minutes with jitter, capped at an hour.
    minutes = min(2 ** max(attempts - 1, 0), 60)
    return timedelta(seconds=minutes * 60 + random.randint(0, 30))


def email_send(*, email_id: int) -> bool:
    """Send one outbox row, at most once.

    Side effects, in order:
    1. Claim the row (``_claim``); if another worker holds it or it is already sent,
       return False.
    2. Send it over the worker's kept connection (``rfs.outbox_connection``).
    3. Mark it sent. On failure, record the error and schedule the next attempt with
       backoff (or mark it failed after ``RFS_EMAIL_MAX_ATTEMPTS``), then re-raise.
    """
    claimed = _claim([email_id])
    if not claimed:
        return False
    [email] = claimed
    try:
        _deliver(email)
    except Exception as error:
        _record_failure(email, error)
        raise
    _mark_sent([email.pk])
    return True


def email_send_batch(*, email_ids: list[int]) -> int:
    """Send these outbox rows over one connection, each at most once; return how many went.

    Side effects, in order:
    1. Claim, in one statement, the rows that are queued or whose lease lapsed; rows
       already sent or held by another worker are left alone.
    2. Send each claimed row over the worker's kept connection, and mark the sent ones
       sent every ``MARK_SENT_EVERY`` messages or ``MARK_SENT_SECONDS``, and at the end.
       A row that fails records its error and waits for its next attempt with backoff
       (or is marked failed after ``RFS_EMAIL_MAX_ATTEMPTS``); the batch goes on.
    3. If no connection to the mail server can be opened, the rows not yet tried get the
       same backoff and the batch stops.
    4. After ``BATCH_TIME_LIMIT`` seconds the rows not yet tried go back to the queue,
       untouched, for the sweep.
    """
    claimed = _claim(email_ids)
    started = marked_at = time.monotonic()
    unmarked: list[int] = []
    sent = 0
    try:
        for position, email in enumerate(claimed):
            if time.monotonic() - started > BATCH_TIME_LIMIT:
                _unclaim(claimed[position:])
                logger.warning("Outbox batch ran out of time; %d emails wait for the sweep.", len(claimed) - position)
                break
            try:
                _deliver(email)
            except outbox_connection.MailServerUnavailable as error:
                for untried in claimed[position:]:
                    _record_failure(untried, error)
                logger.warning("Mail server unavailable (%s); %d emails will be retried.", error, len(claimed) - position)
                break
            except Exception as error:
                _record_failure(email, error)
                logger.warning("Email %s failed; it will be retried with backoff.", email.pk, exc_info=True)
                continue
            unmarked.append(email.pk)
            sent += 1
            if len(unmarked) >= MARK_SENT_EVERY or time.monotonic() - marked_at > MARK_SENT_SECONDS:
                _mark_sent(unmarked)
                marked_at = time.monotonic()
    finally:
        _mark_sent(unmarked)
    return sent


def _claim(email_ids: list[int]) -> list[OutboundEmail]:
    """Take the sendable rows among ``email_ids`` for this worker, with a 5-minute lease.

    One conditional UPDATE decides. On PostgreSQL a second worker updating the same row
    waits for the first to commit, then checks the condition again against the row as the
    first left it (sending, lease ahead) and skips it; SQLite runs one writer at a time.
    RETURNING says which rows this worker got, which Django's ``update()`` cannot.
    """
    if not email_ids:
        return []
    now = timezone.now()
    to_db = connection.ops.adapt_datetimefield_value
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(OutboundEmail._meta.db_table)}"
            " SET status = %s, lease_expires_at = %s, attempts = attempts + 1"
            f" WHERE {quote(OutboundEmail._meta.pk.column)} IN ({', '.join(['%s'] * len(email_ids))})"
            " AND sent_at IS NULL AND (status = %s OR (status = %s AND lease_expires_at < %s))"
            f" RETURNING {quote(OutboundEmail._meta.pk.column)}",
            [
                EmailStatus.SENDING.value, to_db(now + SEND_LEASE), *email_ids,
                EmailStatus.QUEUED.value, EmailStatus.SENDING.value, to_db(now),
            ],
        )
        claimed_ids = [row[0] for row in cursor.fetchall()]
    return list(OutboundEmail.objects.filter(pk__in=claimed_ids).order_by("pk")) if claimed_ids else []


def _mark_sent(email_ids: list[int]) -> None:
    """Mark these rows sent, drop the secrets of those that carried one, and empty the list.

    Once sent, a code or link lives only in the recipient's inbox: staff reading the
    outbox, and the person's own export, see that it was sent, not what it said.
    """
    if email_ids:
        holds_secret = models.Q(redact_after_send=True)
        OutboundEmail.objects.filter(pk__in=email_ids).update(
            status=EmailStatus.SENT, sent_at=timezone.now(), lease_expires_at=None, last_error="",
            # One statement for the batch, as before: rows without a secret keep their body.
            body_text=models.Case(
                models.When(holds_secret, then=models.Value(str(OutboundEmail.REDACTED_BODY))),
                default=models.F("body_text"), output_field=models.TextField(),
            ),
            body_html=models.Case(
                models.When(holds_secret, then=models.Value("")),
                default=models.F("body_html"), output_field=models.TextField(),
            ),
        )
        email_ids.clear()


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


def _deliver(email: OutboundEmail) -> None:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_email],
        headers={"Message-ID": make_msgid(domain="rfs.local"), **email.headers},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    if email.ics:
        message.attach("invite.ics", email.ics, "text/calendar; method=REQUEST")
    outbox_connection.send(message)


def outbox_due_ids(*, limit: int = 5000) -> list[int]:
    """Rows that should have been sent by now: queued and due, or with a lapsed lease.

    Reminders scheduled for the same hour (``send_at``) all arrive through here, so one
    sweep takes up to 5,000: 50 batches, a few seconds of sending at the measured rate.
    """
    now = timezone.now()
    return list(
        OutboundEmail.objects.filter(
            models.Q(status=EmailStatus.QUEUED, next_attempt_at__lte=now, created_at__lte=now - SWEEP_GRACE)
            | models.Q(status=EmailStatus.SENDING, lease_expires_at__lt=now)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


# --- People and roles -------------------------------------------------------------------


@transaction.atomic
def user_set_roles(
    *, user: User, roles: Iterable[str], acting_user: User | None = None, address: str | None = None
) -> User:
    """Give a person exactly these roles.

    Side effects: replaces the person's role groups; sets ``is_staff`` when a role works
    in the admin; removes a former director from the regions they directed; when someone
    (``acting_user``) changed the roles, writes a row of the audit trail. The candidate
    role a person takes on by signing up (no acting user) is the signup itself.
    """
    roles = {Role(role) for role in roles}
    before = set(user.role_names)
    groups = [Group.objects.get_or_create(name=role)[0] for role in roles]
    role_names = {choice.value for choice in Role}
    other_groups = list(user.groups.exclude(name__in=role_names))
    user.groups.set(other_groups + groups)
    user.is_staff = user.is_superuser or bool(roles & ADMIN_ROLES)
    user.save(update_fields=["is_staff"])
    if Role.REGIONAL_DIRECTOR not in roles:
        user.directed_regions.clear()
    user.__dict__.pop("role_names", None)
    if acting_user is not None and before != roles:
        audit_record(action=AuditAction.ROLE_CHANGE, acting_user=acting_user, person=user, about=user, address=address)
    logger.info("Roles of user %s set to %s by %s", user.pk, sorted(r.value for r in roles), getattr(acting_user, "pk", None))
    return user


@transaction.atomic
def user_invite(
    *, email: str, name: str, roles: Iterable[str], regions: Iterable[Region] = (), invited_by: User
) -> User:
    """Invite a volunteer or staff member by email.

    Side effects: creates the person (no password: they sign in by emailed code) or
    reuses the existing account with that email; sets their roles; makes them a director
    of ``regions``; queues the invitation email.
    """
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, name=name)
    roles = set(roles) | set(user.role_names)
    user_set_roles(user=user, roles=roles, acting_user=invited_by)
    if Role.REGIONAL_DIRECTOR in roles:
        for region in regions:
            region.directors.add(user)
    # Signing in by emailed code proves the address; the address row lets allauth find it.
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True})
    email_queue_template(
        template="invitation",
        to=user,
        about=user,
        occurrence=f"{timezone.now():%Y%m%d%H%M%S}",
        context={
            "invited_by": invited_by,
            "roles": [Role(role).label for role in sorted(roles)],
            "login_url": settings.SITE_URL + reverse("account_request_login_code"),
        },
    )
    return user


def user_deactivate(*, user: User, acting_user: User) -> None:
    """Deactivate a person: they can no longer sign in; their records stay."""
    User.objects.filter(pk=user.pk).update(is_active=False)
    logger.info("User %s deactivated by %s", user.pk, acting_user.pk)


# --- Regions ----------------------------------------------------------------------------


@transaction.atomic
def region_set_states(*, region: Region, states: Iterable[str]) -> None:
    """Make ``states`` exactly the states of ``region`` (each state has one region)."""
    states = {State(state) for state in states}
    region.states.exclude(state__in=states).delete()
    existing = set(region.states.values_list("state", flat=True))
    RegionState.objects.bulk_create(
        [RegionState(region=region, state=state) for state in states - existing]
    )


# --- Heartbeats -------------------------------------------------------------------------


def heartbeat_record(*, name: str) -> None:
    """Record that the periodic job ``name`` ran now (one row per job, updated in place)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now()})
