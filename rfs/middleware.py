import zoneinfo

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .i18n import supported_language


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
    """Staff, directors and committee members sign in with two factors before anything else.

    They see other people's personal data. Until they have an authenticator app set up,
    every page except their account pages sends them to set it up. Once it is set up,
    each session must have passed it: a session that signed in another way (a password
    alone, a session from before they were given the role) may only confirm the code
    from their app, or sign out.
    """

    # Pages that stay open: account and two-factor setup, sign out, static files, health.
    OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/email/unsubscribe/", "/language/")
    # What a session that has not passed its second factor may still open.
    UNVERIFIED_OPEN_PREFIXES = ("/static/", "/healthz", "/email/unsubscribe/", "/language/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            not settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED
            or not user.is_authenticated
            or not user.is_privileged
        ):
            return self.get_response(request)
        if not is_mfa_enabled(user):
            if request.path.startswith(self.OPEN_PREFIXES):
                return self.get_response(request)
            messages.warning(
                request,
                _(
                    "Your role lets you see other people's personal details, so please turn on "
                    "two-factor authentication first. It takes two minutes with an authenticator app."
                ),
            )
            return redirect("mfa_activate_totp")
        if session_passed_second_factor(request, user):
            return self.get_response(request)
        confirm_url = reverse("mfa_reauthenticate")
        if request.path in (confirm_url, reverse("account_logout")) or request.path.startswith(
            self.UNVERIFIED_OPEN_PREFIXES
        ):
            return self.get_response(request)
        messages.warning(
            request, _("Please enter the code from your authenticator app to carry on.")
        )
        return redirect_to_login(request.get_full_path(), login_url=confirm_url)


def session_passed_second_factor(request, user) -> bool:
    """Whether this session's sign-in included the person's second factor.

    allauth keeps, in the session, the ways this person proved who they are since they
    signed in ("password", "code", "mfa", ...), and forgets them at sign-out or when a
    different person signs in. Signing in with only a password leaves no "mfa" there.
    """
    return any(
        record.get("method") == "mfa" for record in get_authentication_records(request, user)
    )


class PersonLanguageMiddleware:
    """A signed-in person's saved language wins over the cookie and the browser's.

    Django's ``LocaleMiddleware`` (earlier in the list) picks the cookie's or the
    browser's language for everyone; for a signed-in person with a saved language this
    renders the page in theirs instead, and says so in ``Content-Language``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        language = supported_language(user.language) if user.is_authenticated else ""
        if not language or language == translation.get_language():
            return self.get_response(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        response.headers["Content-Language"] = language
        return response
