"""The public impact page: national totals and a map, from the last analytics refresh."""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from candidates.enums import OfficeLevel
from rfs.enums import State

from ..analytics import charts
from ..analytics.reports import latest_snapshot

CACHE_KEY = "rfs:impact"
CACHE_SECONDS = 300


def impact(request: HttpRequest) -> HttpResponse:
    """No query at all on a warm cache: the beat refresh recomputes the figures."""
    context = cache.get(CACHE_KEY)
    if context is None:
        snapshot = latest_snapshot()
        figures = snapshot.impact if snapshot else {}
        by_state = figures.get("by_state", {})
        names = dict(State.choices)
        levels = dict(OfficeLevel.choices)
        context = {
            "computed_at": snapshot.computed_at if snapshot else None,
            "figures": figures,
            "maps": [
                (
                    label,
                    f"impact-{key}",
                    charts.tile_map({state: place[key] for state, place in by_state.items()}),
                )
                for key, label in (
                    ("signed_up", _("Signed up")),
                    ("running", _("Ran")),
                    ("won", _("Won")),
                )
            ],
            "rows": sorted(
                (names.get(state, state), place["signed_up"], place["running"], place["won"])
                for state, place in by_state.items()
                if state
            ),
            "won_by_level": sorted(
                (
                    (str(levels.get(level, _("Office not recorded"))), number)
                    for level, number in figures.get("won_by_level", {}).items()
                ),
                key=lambda item: -item[1],
            ),
        }
        cache.set(CACHE_KEY, context, CACHE_SECONDS)
    return render(request, "insights/impact.html", context)
