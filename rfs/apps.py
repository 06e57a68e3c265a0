from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RfsConfig(AppConfig):
    name = "rfs"
    verbose_name = _("People, regions and email")

    def ready(self):
        # allauth's only hook for "an authenticator app was just set up".
        from allauth.mfa.signals import authenticator_added

        authenticator_added.connect(_authenticator_added, dispatch_uid="rfs.second_factor_passed")

        # The mail provider's bounce and complaint webhooks (anymail's tracking signal),
        # the "we couldn't email you" banner on My journey, and the suppressions admin.
        from . import email_events, registry, suppression_admin  # noqa: F401
        from .journey import email_delivery_section, email_suppression_erase

        registry.journey_sections.register(email_delivery_section, order=5)
        registry.erasers.register(email_suppression_erase, order=5)


def _authenticator_added(sender, *, request, user, authenticator, **kwargs) -> None:
    """Setting up an authenticator app means typing a code from it: in this session, the
    second factor is passed (rfs.middleware.RequireTwoFactorMiddleware), so the person
    is not asked for a second code straight away."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True
        )
