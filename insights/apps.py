from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Dashboard and impact")

    def ready(self):
        # The admin's landing page opens with the director's funnel (the dashboard's
        # numbers). The admin site belongs to core, which may not know this app, so the
        # app that owns the funnel hands the admin its template.
        from django.contrib import admin

        admin.site.index_template = "admin/insights_index.html"

        # The candidates admin's source filter offers the sources the cells count.
        from rfs import registry

        from .selectors import candidate_sources

        registry.candidate_sources.set(candidate_sources)
        # The summary tables come last in seed_demo, over every app's demo data.
        registry.demo_seeders.register(_demo_dashboard, order=50)


def _demo_dashboard(run) -> None:
    """The dashboard and the impact page read summary tables that beat refreshes every
    30 minutes: compute them now, so they show the demo from the first page."""
    from .analytics.refresh import analytics_refresh

    snapshot = analytics_refresh()
    run.summary.append(f"; dashboard computed for {snapshot.candidates} candidates")
