from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RfsConfig(AppConfig):
    name = "rfs"
    verbose_name = _("People, regions and email")

    def ready(self):
        # allauth's only hook for "an authenticator app was just set up".
        from allauth.mfa.signals import authenticator_added

        authenticator_added.connect(_authenticator_added, dispatch_uid="rfs.second_factor_passed")

        # The dashboard's summary tables come last in seed_demo, over every app's demo data
        # (rfs/registry.py). This registration moves with rfs.analytics to insights.
        from . import registry

        registry.demo_seeders.register(_demo_dashboard, order=50)


def _demo_dashboard(run) -> None:
    """The dashboard and the impact page read summary tables that beat refreshes every
    30 minutes: compute them now, so they show the demo from the first page."""
    from .analytics.refresh import analytics_refresh

    snapshot = analytics_refresh()
    run.summary.append(f"; dashboard computed for {snapshot.candidates} candidates")


def _authenticator_added(sender, *, request, user, authenticator, **kwargs) -> None:
    """Setting up an authenticator app means typing a code from it: in this session, the
    second factor is passed (rfs.middleware.RequireTwoFactorMiddleware), so the person
    is not asked for a second code straight away."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator

    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True)
