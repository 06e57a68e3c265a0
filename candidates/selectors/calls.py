"""Reads of intro calls, always scoped to what the reader may see."""

from datetime import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from rfs.enums import Role
from rfs.models import Region, User
from rfs.selectors import regions_visible_to, sees_all_regions

from ..enums import CallStatus, RegistrationStatus
from ..models import Candidate, IntroCall, IntroCallRegistration

__all__ = [
    "active_registrations_for",
    "calls_run_by",
    "calls_visible_to",
    "roster_for",
    "roster_lines_for",
    "upcoming_calls_for",
]

ACTIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)


# Enough choice for anyone picking a call; more sessions are weeks away and show up as
# these pass (a long list also cost the page its speed: each session counts its places).
UPCOMING_LIMIT = 12


def upcoming_calls_for(
    candidate: Candidate,
    *,
    now: datetime | None = None,
    limit: int = UPCOMING_LIMIT,
) -> list[IntroCall]:
    """The next ``limit`` sessions the candidate may join: their region's first, then
    national ones, each soonest first, with ``registered_count``. One query.

    Places are counted by a subquery per session, which PostgreSQL runs only for the
    ``limit`` sessions kept (a join counted every registration of every coming session
    in reach: about ten thousand rows at national scale, for twelve numbers).
    """
    now = now or timezone.now()
    in_reach = Q(region__isnull=True)
    if candidate.region_id is not None:
        in_reach |= Q(region_id=candidate.region_id)
    registered = (
        IntroCallRegistration.objects.filter(
            call=OuterRef("pk"), status=RegistrationStatus.REGISTERED
        )
        .order_by()
        .values("call")
        # COUNT(*), not COUNT(id): the (call, status, created_at) index alone answers it.
        .annotate(n=Count("*"))
        .values("n")
    )
    return list(
        IntroCall.objects.filter(in_reach, status=CallStatus.SCHEDULED, starts_at__gt=now)
        .select_related("host", "region")
        .annotate(registered_count=Coalesce(Subquery(registered), 0))
        # Only their region and national sessions are in reach: their region's first.
        .order_by(F("region_id").asc(nulls_last=True), "starts_at", "pk")[:limit]
    )


def active_registrations_for(
    candidate: Candidate, *, now: datetime | None = None
) -> list[IntroCallRegistration]:
    """The candidate's places (registered or waitlisted) on future scheduled sessions, each
    with its session, host and region."""
    now = now or timezone.now()
    return list(
        IntroCallRegistration.objects.filter(
            candidate=candidate,
            status__in=ACTIVE,
            call__status=CallStatus.SCHEDULED,
            call__starts_at__gt=now,
        )
        .select_related("call", "call__host", "call__region")
        .order_by("call__starts_at", "pk")
    )


def calls_visible_to(user: User) -> QuerySet[IntroCall]:
    """Staff see every session; a director their regions' sessions, national ones and
    the ones they host; anyone else only the sessions they host.

    Each session has ``may_run``: whether the reader may also change it, cancel it, mark
    it held and take attendance (``calls_run_by``), in the same query.
    """
    if not user.is_authenticated or not user.is_active:
        return IntroCall.objects.none()
    if sees_all_regions(user):
        visible = IntroCall.objects.all()
    elif user.has_role(Role.REGIONAL_DIRECTOR):
        visible = IntroCall.objects.filter(
            Q(region__directors=user) | Q(region__isnull=True) | Q(host=user)
        ).distinct()
    else:
        visible = IntroCall.objects.filter(host=user)
    return visible.annotate(may_run=Exists(calls_run_by(user).filter(pk=OuterRef("pk"))))


def calls_run_by(user: User) -> QuerySet[IntroCall]:
    """The sessions a person may change, cancel, mark held and take attendance on: staff
    every one; a director their regions' own sessions; anyone their own hosting. A
    national session's registrants come from every region, so only its host and staff
    run it; directors see it (``calls_visible_to``) but not to change it.

    The rule ``candidates.run_intro_call`` asks this same question of one session.
    """
    if not user.is_authenticated or not user.is_active:
        return IntroCall.objects.none()
    if sees_all_regions(user):
        return IntroCall.objects.all()
    if user.has_role(Role.REGIONAL_DIRECTOR):
        # A subquery rather than a join, so no session appears twice (no DISTINCT).
        return IntroCall.objects.filter(
            Q(region__in=Region.objects.filter(directors=user).values("pk")) | Q(host=user)
        )
    return IntroCall.objects.filter(host=user)


def roster_for(call: IntroCall, *, viewer: User) -> QuerySet[IntroCallRegistration]:
    """The people on a session the viewer may see: registered, then waitlisted, then
    cancelled, in the order they signed up.

    Whoever runs the session (``calls_run_by``) sees everyone on it; a director looking
    at a national session sees only their own regions' registrants. One query: the
    question "do they run it" is a subquery of the roster's own.
    """
    status_order = Case(
        When(status=RegistrationStatus.REGISTERED, then=Value(0)),
        When(status=RegistrationStatus.WAITLISTED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    runs_it = Exists(calls_run_by(viewer).filter(pk=call.pk))
    their_regions = Q(candidate__region__in=regions_visible_to(viewer).values("pk"))
    return (
        IntroCallRegistration.objects.filter(call=call)
        .filter(runs_it | their_regions)
        .select_related("candidate__user")
        .annotate(status_order=status_order)
        .order_by("status_order", "created_at", "pk")
    )


def roster_lines_for(call: IntroCall, *, viewer: User) -> QuerySet[IntroCallRegistration, dict]:
    """``roster_for`` as the roster page draws it: one dict a person with ``pk``,
    ``status``, ``joined_at``, ``attended``, ``name`` and ``email``. Plain rows: three
    model instances a person (registration, candidate, user) cost the page about a
    fifth of its time for six values."""
    return roster_for(call, viewer=viewer).values(
        "pk",
        "status",
        "joined_at",
        "attended",
        name=F("candidate__user__name"),
        email=F("candidate__user__email"),
    )
