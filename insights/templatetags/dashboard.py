"""The admin's landing page shows each director the same funnel as their dashboard."""

from django import template

from candidates.enums import Stage

from ..analytics import reports
from ..analytics.milestones import FUNNEL

register = template.Library()


@register.inclusion_tag("admin/_dashboard_summary.html", takes_context=True)
def dashboard_summary(context) -> dict:
    request = context["request"]
    if not request.user.has_perm("rfs.view_dashboard"):
        return {"show": False}
    result = reports.funnel(request.user, reports.Filters())
    return {
        "show": True,
        "rows": [
            (Stage(milestone).label, count)
            for milestone, count in zip(FUNNEL, result.total.counts, strict=True)
        ],
        "snapshot": reports.latest_snapshot(),
    }
