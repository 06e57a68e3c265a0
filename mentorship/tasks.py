"""Thin tasks: each calls one service (beat schedule in rfs/settings.py)."""

from celery import shared_task


@shared_task
def questions_escalate_task() -> int:
    from .services import questions_escalate

    return questions_escalate()
