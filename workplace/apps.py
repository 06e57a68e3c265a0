from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplaceConfig(AppConfig):
    """The directors' workplace: the inbox, the candidate's record, notes, tags and owners.
    The top layer, beside insights: it reads every app, and none reads it."""

    name = "workplace"
    verbose_name = _("Workplace")

    def ready(self):
        # The admin is where directors work at desk width: its left sidebar repeated the
        # menu of the page and squeezed the candidate list between two sidebars.
        from django.contrib import admin

        admin.site.enable_nav_sidebar = False

        from rfs import registry

        from . import demo, outreach_selectors, privacy, signals

        registry.export_parts.register(privacy.export_sections, order=60)
        registry.erasers.register(privacy.candidate_erasing, order=60)
        registry.demo_seeders.register(demo.seed_demo, order=60)
        registry.record_sections.register(outreach_selectors.outreach_section, order=85)
        signals.connect()
