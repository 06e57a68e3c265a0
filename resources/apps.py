from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Resources")

    def ready(self):
        # What this app adds to pages and jobs of the apps below it (rfs/registry.py).
        from rfs import registry

        from . import demo, journey, privacy
        from .readiness import courses_completed_lines
        from .screening import ScreeningResources

        registry.journey_sections.register(journey.journey_context, order=30)
        registry.export_parts.register(privacy.export_sections, order=30)
        registry.screening_follow_ups.set(ScreeningResources())
        registry.candidate_readiness.register(courses_completed_lines, order=30)
        registry.demo_seeders.register(demo.seed_demo, order=30)
