import zoneinfo

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _


class TimezoneMiddleware:
    """Show times in the viewer's own time zone (they are stored in UTC)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone = settings.RFS_DEFAULT_USER_TIME_ZONE
        if request.user.is_authenticated and request.user.time_zone:
            zone = request.user.time_zone
        try:
            zone = zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = None  # the default, UTC
        # Only for this request: a zone left active would follow the thread into the next
        # request, task or test.
        with timezone.override(zone):
            return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Staff, directors and committee members turn on two-factor before anything else.

    They see other people's personal data, so until they have an authenticator app set
    up, every page except their account pages sends them to set it up.
    """

    # Pages that stay open: account and two-factor setup, sign out, static files, health.
    OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/email/unsubscribe/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED
            and user.is_authenticated
            and not request.path.startswith(self.OPEN_PREFIXES)
            and user.is_privileged
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request,
                _("Your role lets you see other people's personal details, so please turn on "
                  "two-factor authentication first. It takes two minutes with an authenticator app."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
