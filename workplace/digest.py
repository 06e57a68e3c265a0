"""The directors' daily digest: at 8 am in each director's time zone, the new signups in
their states, what waits in their inbox and the week's intro calls.

A beat task runs every 15 minutes (``rfs/conf/schedule.py``) and sends to each director
whose local time has passed 08:00 today and who has not had today's digest. The outbox
row is keyed by the director and their local date, so a day gets one digest whatever the
clock does (a DST change, a late or doubled beat)."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate, IntroCall
from rfs.enums import Role
from rfs.i18n import person_time_zone
from rfs.models import User
from rfs.services import email_queue_template

from .models import DigestSetting
from .selectors import inbox_for

DIGEST_HOUR = time(8, 0)
SIGNUPS_SHOWN = 20


def directors_due(now: datetime) -> list[tuple[User, datetime]]:
    """Directors who want the digest, with their local time, whose 08:00 has passed today
    and who have not had today's."""
    off = DigestSetting.objects.filter(enabled=False).values("user")
    directors = (
        User.objects.filter(groups__name=Role.REGIONAL_DIRECTOR, is_active=True)
        .exclude(pk__in=off)
        .select_related("digest_setting")
        .distinct()
        .order_by("pk")
    )
    due = []
    for director in directors:
        local = now.astimezone(person_time_zone(director))
        setting = getattr(director, "digest_setting", None)
        if local.time() < DIGEST_HOUR:
            continue
        if setting is not None and setting.last_sent_on == local.date():
            continue
        due.append((director, local))
    return due


def digest_context(director: User, now: datetime) -> dict:
    regions = director.directed_regions.all()
    signups = list(
        Candidate.objects.filter(region__in=regions, created_at__gte=now - timedelta(days=1))
        .select_related("user")
        .order_by("-created_at")[:SIGNUPS_SHOWN]
    )
    calls = list(
        IntroCall.objects.filter(
            region__in=regions, starts_at__gte=now, starts_at__lt=now + timedelta(days=7)
        ).order_by("starts_at")
    )
    groups = inbox_for(director)
    return {
        "signups": signups,
        "inbox_groups": [(group.title, len(group.items)) for group in groups],
        "inbox_count": sum(len(group.items) for group in groups),
        "calls": calls,
        "inbox_url": settings.SITE_URL + reverse("workplace:inbox"),
        "settings_url": settings.SITE_URL + reverse("workplace:settings"),
    }


def digests_send(now: datetime | None = None) -> int:
    """Queue today's digest to every director due one; return how many were queued."""
    now = now or timezone.now()
    sent = 0
    for director, local in directors_due(now):
        with transaction.atomic():
            email_queue_template(
                template="director_digest",
                to=director,
                context=digest_context(director, now),
                occurrence=local.date().isoformat(),
            )
            DigestSetting.objects.update_or_create(
                user=director, defaults={"last_sent_on": local.date()}
            )
        sent += 1
    return sent


def digest_enabled(user: User) -> bool:
    setting = DigestSetting.objects.filter(user=user).first()
    return setting is None or setting.enabled


def digest_set(user: User, *, enabled: bool) -> None:
    DigestSetting.objects.update_or_create(user=user, defaults={"enabled": enabled})
