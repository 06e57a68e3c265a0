"""Reads of the dashboard that depend on who is reading."""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone

from candidates.enums import Activity
from candidates.models import Candidate
from candidates.selectors import candidates_visible_to
from rfs.models import Region, User
from rfs.selectors import regions_visible_to, sees_all_regions

from .models import FunnelCell

STUCK_SHOWN = 25


def candidates_stuck(
    user: User,
    *,
    stages: list[str],
    days: int,
    regions: list[Region],
    region: int | None = None,
    state: str = "",
) -> QuerySet[Candidate]:
    """Active candidates the reader may see who have been in one of ``stages`` for more
    than ``days``, oldest first: a list the director can act on (the first 25).

    ``regions`` are the regions the reader may choose from (the dashboard's form has
    them already); ``region`` and ``state`` are the dashboard's filters.
    """
    stuck = candidates_visible_to(user).filter(
        activity=Activity.ACTIVE,
        stage__in=stages,
        stage_changed_at__lt=timezone.now() - timedelta(days=days),
    )
    if region:
        stuck = stuck.filter(region_id=region)
    elif not sees_all_regions(user):
        # The region ids themselves as well as the selector's subquery: PostgreSQL then walks
        # the (region, stage_changed_at) index oldest first and stops at the 25th.
        stuck = stuck.filter(region_id__in=[choice.pk for choice in regions])
    if state:
        stuck = stuck.filter(state=state)
    return stuck.select_related("user", "region").order_by("stage_changed_at")[:STUCK_SHOWN]


def candidate_sources(user: User, *, limit: int) -> list[str]:
    """The recruitment sources counted in the summary cells of the regions ``user`` may
    see, A to Z, at most ``limit``: one small query, where a DISTINCT over every candidate
    of a region would read them all (the candidates admin's source filter)."""
    cells = FunnelCell.objects.exclude(source="")
    if not sees_all_regions(user):
        cells = cells.filter(region__in=regions_visible_to(user).values("pk"))
    return list(cells.order_by("source").values_list("source", flat=True).distinct()[:limit])
