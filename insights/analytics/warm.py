"""Warming the cache after a refresh, so the dashboard opens on cached figures.

Apart from ``reports`` and ``fair_share`` because it calls both, and the refresh calls it.
"""

from rfs.models import Region

from ..models import AnalyticsSnapshot
from .fair_share import fair_share
from .reports import Filters, durations_of, funnel_of


def warm(snapshot: AnalyticsSnapshot) -> None:
    """Compute what the dashboard shows as it opens, for national staff and for each
    region's directors, so the first view after a refresh reads the cache too."""
    for regions in [
        None,
        *((pk,) for pk in Region.objects.order_by("pk").values_list("pk", flat=True)),
    ]:
        for by in ("", "cohort", "state"):
            funnel_of(regions, Filters(), by=by, snapshot=snapshot)
        durations_of(regions, Filters(), snapshot=snapshot)
    fair_share(dimension="gender", snapshot=snapshot)
