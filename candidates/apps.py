from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates")

    def ready(self):
        # allauth changes a person's primary email in its own views; this is its only
        # hook for it. The candidate's search text copies the address.
        from allauth.account.signals import email_changed, email_confirmed

        email_changed.connect(_email_changed, dispatch_uid="candidates.search_text")
        # Likewise its only hook for "this address is confirmed" (by code, link or a
        # sign-in code): the welcome email waits for it.
        email_confirmed.connect(_email_confirmed, dispatch_uid="candidates.welcome")
        # The people admin (core) names no app above it: a changed name reaches the
        # candidate's search text through the registry.
        from rfs import registry

        from .services import candidate_search_refresh

        registry.person_renamed.register(candidate_search_refresh, order=20)

        # Its part of seed_demo, after core's regions and logins (rfs/registry.py).
        from rfs import registry

        from .demo_seed import seed

        registry.demo_seeders.register(seed, order=20)

        # Its items in the workplace inbox and sections of the candidate's record.
        from . import inbox, record

        registry.inbox_items.register(inbox.inbox_items, order=20)
        registry.record_sections.register(record.profile_section, order=10)
        registry.record_sections.register(record.calls_section, order=20)
        registry.record_sections.register(record.emails_section, order=90)


def _email_changed(sender, *, user, **kwargs) -> None:
    from .services import candidate_search_refresh

    candidate_search_refresh(user=user)


def _email_confirmed(sender, *, email_address, **kwargs) -> None:
    from .services import candidate_welcome

    candidate_welcome(user=email_address.user)
