"""The directors' dashboard: funnel, time in stage, activity, fair share, map, stuck list.

Directors see their regions' figures, national staff everyone's; both read the summary
tables (refreshed by beat) and a few live counts, in a fixed number of queries.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.enums import Stage
from rfs.csv_writer import csv_download
from rfs.selectors import sees_all_regions

from ..analytics import charts, reports
from ..analytics.activity import activity_for
from ..analytics.fair_share import fair_share
from ..analytics.milestones import FUNNEL
from ..forms import BREAKDOWN_LABELS, DIMENSION_LABELS, STUCK_STAGES, DashboardFilterForm
from ..selectors import candidates_stuck
from ..services import analytics_refresh_queue

MILESTONE_LABELS = [str(Stage(milestone).label) for milestone in FUNNEL]


def _form(request: HttpRequest) -> DashboardFilterForm:
    if not request.user.has_perm("rfs.view_dashboard"):
        raise PermissionDenied
    form = DashboardFilterForm(request.GET or None, user=request.user)
    # A region outside the viewer's scope does not exist for them.
    region = request.GET.get("region", "")
    if region and region not in {str(r.pk) for r in form.regions}:
        raise Http404
    return form


def _fair_share_region(request: HttpRequest, form: DashboardFilterForm) -> int | None:
    """National staff may ask for all regions; a director always looks at one of theirs."""
    region = form.value("region")
    if region is None and not sees_all_regions(request.user):
        if not form.regions:
            raise PermissionDenied
        region = form.regions[0].pk
    return region


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = form.filters()
    by = form.value("by", "")
    # Figures from the summary cells are cached under the snapshot they were computed from.
    snapshot = reports.latest_snapshot()
    result = reports.funnel(request.user, filters, by=by, snapshot=snapshot)
    months = (
        reports.funnel(request.user, filters, by="cohort", snapshot=snapshot)
        if by != "cohort"
        else result
    )
    states = (
        reports.funnel(request.user, filters, by="state", snapshot=snapshot)
        if by != "state"
        else result
    )
    state_counts = {row.label: row.counts for row in states.rows}

    fair = None
    if request.user.has_perm("rfs.view_fair_share"):
        fair = fair_share(
            dimension=form.value("dimension", "gender"),
            region=_fair_share_region(request, form),
            year=form.value("year") or None,
            snapshot=snapshot,
        )

    # Candidates longest in their stage, oldest first: a list the director can act on.
    stuck_days = form.value("stuck_days", 30)
    stuck = candidates_stuck(
        request.user,
        stages=STUCK_STAGES,
        days=stuck_days,
        regions=form.regions,
        region=filters.region,
        state=filters.state,
    )

    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "snapshot": snapshot,
            "funnel": result,
            "milestones": MILESTONE_LABELS,
            "funnel_chart": charts.funnel_bars(MILESTONE_LABELS, result.total.counts),
            "trend_chart": charts.trend_lines(
                [row.label for row in months.rows],
                {
                    _("Signed up"): [row.counts[0] for row in months.rows],
                    _("Running"): [row.counts[FUNNEL.index("running")] for row in months.rows],
                    _("Endorsed"): [row.counts[FUNNEL.index("endorsed")] for row in months.rows],
                },
            ),
            "maps": [
                (
                    _("Signed up"),
                    "map-signed-up",
                    charts.tile_map({s: c[0] for s, c in state_counts.items()}),
                ),
                (
                    _("Running"),
                    "map-running",
                    charts.tile_map(
                        {s: c[FUNNEL.index("running")] for s, c in state_counts.items()}
                    ),
                ),
                (
                    _("Won"),
                    "map-won",
                    charts.tile_map({s: c[FUNNEL.index("won")] for s, c in state_counts.items()}),
                ),
            ],
            "map_rows": sorted(
                (state, counts[0], counts[FUNNEL.index("running")], counts[FUNNEL.index("won")])
                for state, counts in state_counts.items()
            ),
            "durations": [
                (Stage(step.start).label, Stage(step.end).label, step)
                for step in reports.durations(request.user, filters, snapshot=snapshot)
            ],
            "by_label": BREAKDOWN_LABELS.get(by, ""),
            "activity": activity_for(request.user),
            "fair": fair,
            "dimension_label": DIMENSION_LABELS.get(form.value("dimension", "gender")),
            "stuck": list(stuck),
            "stuck_days": stuck_days,
            "query_string": request.GET.urlencode(),
            # The rule itself rather than user.has_perm: for everyone it refuses, Django's
            # ModelBackend would then read their permissions (two queries) to find nothing.
            "can_refresh": rules.has_perm("rfs.refresh_analytics", request.user),
        },
    )


@login_required
@require_POST
def refresh_now(request: HttpRequest) -> HttpResponse:
    """National staff's "Refresh now": queues a refresh, or says one is already running."""
    if not request.user.has_perm("rfs.refresh_analytics"):
        raise PermissionDenied
    if analytics_refresh_queue(by=request.user):
        messages.success(
            request,
            _(
                "Refreshing the figures now. They take a minute or two: reload this page to see them."
            ),
        )
    else:
        messages.info(
            request,
            _("A refresh is already running. The figures will update as soon as it finishes."),
        )
    return redirect("dashboard")


@login_required
def funnel_csv(request: HttpRequest) -> HttpResponse:
    """The funnel as shown, with the breakdown, for a spreadsheet."""
    form = _form(request)
    by = form.value("by", "")
    result = reports.funnel(request.user, form.filters(), by=by)
    response, writer = csv_download("funnel.csv")
    writer.writerow([by or "total", *FUNNEL])
    for row in [*result.rows, result.total] if by else [result.total]:
        writer.writerow([row.label, *row.counts])
    return response


@login_required
def fair_share_csv(request: HttpRequest) -> HttpResponse:
    """The fair-share table with the same hidden cells as the page ("<10")."""
    form = _form(request)
    if not request.user.has_perm("rfs.view_fair_share"):
        raise PermissionDenied
    report = fair_share(
        dimension=form.value("dimension", "gender"),
        region=_fair_share_region(request, form),
        year=form.value("year") or None,
    )
    response, writer = csv_download(f"fair-share-{report.dimension}.csv")
    writer.writerow([report.dimension, *FUNNEL])
    for row in report.rows:
        writer.writerow([row.value, *("<10" if count is None else count for count in row.counts)])
    writer.writerow(["total", *("hidden" if count is None else count for count in report.total)])
    return response
