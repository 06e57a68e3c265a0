"""Reads that every app shares: which regions a person may act on."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .enums import Role, State
from .models import EmailSuppression, Heartbeat, Region, User
from .rules import is_national_staff


def sees_all_regions(user: User) -> bool:
    """National staff and superusers see every region (the rule ``is_national_staff``)."""
    return is_national_staff.test(user)


def regions_visible_to(user: User) -> QuerySet[Region]:
    """National staff see every region; a director sees the regions they direct."""
    if not user.is_authenticated:
        return Region.objects.none()
    if sees_all_regions(user):
        return Region.objects.all()
    if user.has_role(Role.REGIONAL_DIRECTOR):
        return Region.objects.filter(directors=user)
    return Region.objects.none()


def region_for_state(state: str) -> Region | None:
    """The region a state belongs to (every candidate belongs to their state's region)."""
    return Region.objects.filter(states__state=State(state)).first()


def users_visible_to(user: User) -> QuerySet[User]:
    """Only national staff manage people; everyone else sees nobody here."""
    if sees_all_regions(user):
        return User.objects.all()
    return User.objects.none()


# When this process started: a sweep may not have run yet in its first minutes.
PROCESS_STARTED_AT = timezone.now()
OUTBOX_SWEEP = "outbox-sweep"


def outbox_sweep_health(*, now: datetime | None = None) -> dict:
    """Whether the outbox sweep (every minute from beat) ran lately.

    "stale" when it has not run for ``RFS_SWEEP_STALE_SECONDS`` once this process has
    been up for ``RFS_SWEEP_STARTUP_GRACE_SECONDS``: beat or the worker is down, and due
    emails and reminders wait. "starting" inside the grace period, "ok" otherwise.
    """
    now = now or timezone.now()
    last = Heartbeat.objects.filter(name=OUTBOX_SWEEP).values_list("at", flat=True).first()
    stale_after = timedelta(seconds=settings.RFS_SWEEP_STALE_SECONDS)
    if last is not None and now - last <= stale_after:
        status = "ok"
    elif now - PROCESS_STARTED_AT < timedelta(seconds=settings.RFS_SWEEP_STARTUP_GRACE_SECONDS):
        status = "starting"
    else:
        status = "stale"
    return {"status": status, "last_run_at": last.isoformat() if last else None}


# The outbox purposes that go out even to a suppressed address: allauth's sign-in code
# and its address verification codes (``rfs.adapters.AccountAdapter`` names them).
ALWAYS_ATTEMPTED = frozenset({"login_code", "email_confirmation", "email_confirmation_signup"})


def suppression_for(address: str) -> EmailSuppression | None:
    """The suppression of this address (a hard bounce or a complaint), if any; one query."""
    return EmailSuppression.objects.filter(email=address.strip().lower()).first()


def suppressed_among(addresses) -> set[str]:
    """Which of these addresses are suppressed, lowercased (one query, none for none)."""
    lowered = {a.lower() for a in addresses}
    if not lowered:
        return set()
    return set(EmailSuppression.objects.filter(email__in=lowered).values_list("email", flat=True))
