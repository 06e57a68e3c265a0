"""Thin tasks: each calls one service (beat schedule in rfs/conf/schedule.py)."""

from celery import shared_task


@shared_task
def segment_email_deliver_task(email_id: int) -> int:
    """Queue one batch of an email to a segment; come back for the next after a pause."""
    from .outreach_delivery import BATCH_PAUSE_SECONDS, segment_email_deliver

    remaining = segment_email_deliver(email_id)
    if remaining:
        segment_email_deliver_task.apply_async((email_id,), countdown=BATCH_PAUSE_SECONDS)
    return remaining


@shared_task
def digests_send_task() -> int:
    from .digest import digests_send

    return digests_send()
