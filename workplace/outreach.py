"""Changes of outreach: saving a segment, and emailing one through the outbox (each
recipient's copy is made and queued by ``outreach_delivery``, in throttled batches)."""

from django.db import transaction
from django.utils.translation import gettext as _

from rfs.audit import audit_record
from rfs.enums import AuditAction
from rfs.models import User

from .models import Segment, SegmentEmail, SegmentRecipient
from .outreach_selectors import FILTER_KEYS, audience, segment_candidates
from .tasks import segment_email_deliver_task


class OutreachError(ValueError):
    """A refusal the person should read."""


def segment_save(*, user: User, name: str, filters: dict, segment: Segment | None = None):
    """Create or change a segment; only its author (or national staff) may change it,
    which the caller checked by finding it through ``segment_for``."""
    name = name.strip()
    if not name:
        raise OutreachError(_("Please name the segment."))
    clean = {key: str(filters[key]) for key in FILTER_KEYS if filters.get(key)}
    segment_candidates(user, clean)  # refuses roles without segments
    if segment is None:
        return Segment.objects.create(name=name, created_by=user, filters=clean)
    segment.name, segment.filters = name, clean
    segment.save(update_fields=["name", "filters", "updated_at"])
    return segment


@transaction.atomic
def segment_email_send(
    *,
    user: User,
    segment: Segment,
    token: str,
    subject: str,
    body: str,
    subject_es: str = "",
    body_es: str = "",
) -> tuple[SegmentEmail, bool]:
    """Email everyone the segment reaches; say whether this made a new send.

    Side effects, in order:
    1. A send with the same ``token`` (a double click, a resubmitted form) is returned as
       it is: nothing more is sent.
    2. Saves the send, with how many were left out and why, and one recipient row per
       candidate reached (unique per send and candidate).
    3. One audit row per recipient: who sent it to whom, and when.
    4. Once committed, ``segment_email_deliver_task`` queues the emails in batches.
    """
    existing = SegmentEmail.objects.filter(token=token).first()
    if existing is not None:
        return existing, False
    if not subject.strip() or not body.strip():
        raise OutreachError(_("Please write a subject and a message."))
    reach = audience(user, segment.filters)
    send = SegmentEmail.objects.create(
        token=token,
        segment=segment,
        sent_by=user,
        subject=subject.strip(),
        body=body,
        subject_es=subject_es.strip(),
        body_es=body_es,
        left_out=reach.left_out_counts,
    )
    SegmentRecipient.objects.bulk_create(
        [SegmentRecipient(email=send, candidate=candidate) for candidate in reach.recipients],
        ignore_conflicts=True,
    )
    for candidate in reach.recipients:
        audit_record(
            action=AuditAction.SEGMENT_EMAIL,
            acting_user=user,
            person=candidate.user_id,
            about=send,
        )
    transaction.on_commit(lambda: segment_email_deliver_task.delay(send.pk))
    return send, True
