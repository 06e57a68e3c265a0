from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentorshipConfig(AppConfig):
    name = "mentorship"
    verbose_name = _("Mentorship")

    def ready(self):
        # What this app adds to pages and jobs of the apps below it (rfs/registry.py).
        from rfs import registry

        from . import demo, inbox, journey, privacy, record

        registry.journey_sections.register(journey.journey_context, order=10)
        registry.export_parts.register(privacy.export_sections, order=10)
        registry.demo_seeders.register(demo.seed_demo, order=40)
        registry.inbox_items.register(inbox.inbox_items, order=30)
        registry.record_sections.register(record.mentorship_section, order=30)
