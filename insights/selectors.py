"""Reads of the dashboard that depend on who is reading."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from candidates.enums import Activity
from candidates.models import Candidate
from candidates.selectors import candidates_visible_to
from rfs.models import Region, User
from rfs.selectors import regions_visible_to, sees_all_regions

from .analytics.reports import SNAPSHOT_KEY
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


# A person's sources are kept until the next refresh of the cells (beat, every 30
# minutes), and at most this long.
SOURCES_CACHE_SECONDS = 60 * 60


def candidate_sources(user: User, *, limit: int) -> list[str]:
    """The recruitment sources counted in the summary cells of the regions ``user`` may
    see, A to Z, at most ``limit``: one small query, where a DISTINCT over every candidate
    of a region would read them all (the candidates admin's source filter).

    Cached per person with the id of the refresh that wrote the cells (one cache round
    trip reads both): at a million candidates the DISTINCT over a region's cells took
    about 10 ms on every view of the list, for a list that changes only with a refresh."""
    key = f"candidate-sources:{user.pk}:{limit}"
    found = cache.get_many([SNAPSHOT_KEY, key])
    snapshot = found.get(SNAPSHOT_KEY)
    if key in found and found[key][0] == snapshot:
        return found[key][1]
    cells = FunnelCell.objects.exclude(source="")
    if not sees_all_regions(user):
        cells = cells.filter(region__in=regions_visible_to(user).values("pk"))
    sources = list(cells.order_by("source").values_list("source", flat=True).distinct()[:limit])
    cache.set(key, (snapshot, sources), SOURCES_CACHE_SECONDS)
    return sources
