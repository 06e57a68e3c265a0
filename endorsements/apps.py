from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EndorsementsConfig(AppConfig):
    name = "endorsements"
    verbose_name = _("Endorsements")

    def ready(self):
        # What this app adds to pages and jobs of the apps below it (rfs/registry.py).
        from rfs import registry

        from . import demo, inbox, journey, privacy, record

        registry.journey_sections.register(journey.journey_context, order=20)
        registry.journey_next_steps.register(journey.journey_next_step, order=20)
        registry.export_parts.register(privacy.export_sections, order=20)
        registry.erasure_records.register(privacy.audited_records, order=20)
        registry.erasers.register(privacy.candidate_erasing, order=20)
        registry.demo_seeders.register(demo.seed_demo, order=45)
        registry.inbox_items.register(inbox.inbox_items, order=10)
        registry.record_sections.register(record.application_section, order=40)
