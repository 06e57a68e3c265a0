"""Delivery of an email to a segment: each recipient's copy, with the merge fields filled
by plain string replacement (staff text never passes through Django's template engine)
and escaped into the HTML, queued in the outbox in throttled batches by
``workplace.tasks.segment_email_deliver_task``."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe

from candidates.enums import Activity
from candidates.models import Candidate
from rfs.emails import render_email, unsubscribe_url
from rfs.i18n import for_person, person_language
from rfs.services import email_queue

from .models import SegmentEmail, SegmentRecipient

# The throttle: the task queues this many emails, then waits before the next batch.
BATCH_SIZE = 100
BATCH_PAUSE_SECONDS = 10

MERGE_FIELDS = ("{first_name}", "{name}", "{office}", "{state}", "{next_step_link}")


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


def still_reachable(candidate: Candidate) -> bool:
    """Checked again at delivery, which may come minutes after the send (the outbox
    itself skips the unsubscribed and the suppressed)."""
    return (
        candidate.activity != Activity.WITHDRAWN
        and candidate.consent_email
        and candidate.user.is_active
    )


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
            if not still_reachable(candidate):
                # Withdrew or took back consent since the send: marked done, not emailed.
                SegmentRecipient.objects.filter(pk=row.pk).update(queued_at=timezone.now())
                continue
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
