"""Heartbeats: periodic jobs say when they last ran (read by /healthz)."""

from django.utils import timezone

from ..models import Heartbeat


def heartbeat_record(*, name: str) -> None:
    """Record that the periodic job ``name`` ran now (one row per job, updated in place)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"at": timezone.now()})
