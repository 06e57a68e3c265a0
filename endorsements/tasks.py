"""Thin tasks: each calls one service (beat schedule in rfs/settings.py)."""

from celery import shared_task


@shared_task
def review_reminders_task() -> int:
    from .services.reviews import review_reminders_send

    return review_reminders_send()


@shared_task
def result_requests_task() -> int:
    from .services.results import result_requests_send

    return result_requests_send()
