"""Changes of outreach: saving a segment, and emailing one through the outbox.

Staff write the email's text; it never passes through Django's template engine. The
merge fields (``MERGE_FIELDS``) are filled by plain string replacement, and the result is
escaped into the email's HTML like any other value.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from candidates.models import Candidate
from rfs.audit import audit_record
from rfs.emails import render_email, unsubscribe_url
from rfs.enums import AuditAction
from rfs.i18n import for_person, person_language
from rfs.models import User
from rfs.services import email_queue

from .models import Segment, SegmentEmail, SegmentRecipient
from .outreach_selectors import FILTER_KEYS, audience, segment_candidates

# The throttle: the task queues this many emails, then waits before the next batch.
BATCH_SIZE = 100
BATCH_PAUSE_SECONDS = 10

MERGE_FIELDS = ("{first_name}", "{name}", "{office}", "{state}", "{next_step_link}")


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


def merge_values(candidate: Candidate) -> dict[str, str]:
    offices = list(candidate.office_interests.all())
    return {
        "{first_name}": candidate.user.get_short_name(),
        "{name}": candidate.user.name or candidate.user.get_short_name(),
        "{office}": offices[0].label if offices else "",
        "{state}": candidate.state,
        "{next_step_link}": settings.SITE_URL + reverse("candidates:journey"),
    }


def merge(text: str, values: dict[str, str]) -> str:
    """Fill the merge fields by plain replacement: anything else stays as written."""
    for name, value in values.items():
        text = text.replace(name, value)
    return text


def text_to_html(text: str) -> str:
    """Paragraphs and line breaks, links made clickable, everything else escaped."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + urlize(escape(part)).replace("\n", "<br>") + "</p>" for part in paragraphs if part
    )


def compose(send: SegmentEmail, candidate: Candidate):
    """The email as this candidate reads it: their language's version when there is one."""
    spanish = person_language(candidate.user) == "es" and send.body_es.strip()
    subject = (send.subject_es or send.subject) if spanish else send.subject
    body = send.body_es if spanish else send.body
    values = merge_values(candidate)
    body = merge(body, values)
    with for_person(candidate.user):
        return render_email(
            "segment_email",
            {
                "user": candidate.user,
                "unsubscribe_url": unsubscribe_url(candidate.user_id),
                "subject_line": merge(subject, values),
                "body_text": body,
                "body_html": mark_safe(text_to_html(body)),  # text_to_html escaped it
            },
        )


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
    from .tasks import segment_email_deliver_task

    transaction.on_commit(lambda: segment_email_deliver_task.delay(send.pk))
    return send, True


def segment_email_deliver(email_id: int, *, batch: int = BATCH_SIZE) -> int:
    """Queue the next batch of a send's emails in the outbox; return how many remain.

    Each outbox row is keyed by the send and the candidate, so a retried task (or two
    workers on the same batch) never queues one twice.
    """
    send = SegmentEmail.objects.filter(pk=email_id).first()
    if send is None:
        return 0
    pending = (
        SegmentRecipient.objects.filter(email=send, queued_at__isnull=True)
        .select_related("candidate__user")
        .prefetch_related("candidate__office_interests")
        .order_by("pk")
    )
    rows = list(pending[:batch])
    for row in rows:
        with transaction.atomic():
            candidate = row.candidate
            email_queue(
                purpose="segment_email",
                to_email=candidate.user.email,
                recipient=candidate.user,
                about=send,
                occurrence=str(candidate.pk),
                transactional=False,
                content=compose(send, candidate),
            )
            SegmentRecipient.objects.filter(pk=row.pk).update(queued_at=timezone.now())
    return pending.count()
