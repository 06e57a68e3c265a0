"""The admin site: its titles, and its sign-in, sign-out and password pages handed to allauth."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Run for Something: workplace")
admin.site.site_title = _("Workplace")
admin.site.index_title = _("Your regions at a glance")


# Django's admin brings its own sign-in, sign-out and password pages. Its sign-in form
# would be a second way in, with neither allauth's rate limits nor the second factor, so
# each of these pages hands over to allauth's.
def _admin_login(request, extra_context=None):
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect("admin:index")
        # Signed in, but not to a role that opens the workplace. allauth's sign-in page
        # would send them straight back here, so say no instead.
        raise PermissionDenied
    next_url = request.GET.get("next") or reverse("admin:index")
    # allauth checks that ``next`` stays on this site before following it.
    return redirect_to_login(next_url, login_url=reverse("account_login"))


def _admin_logout(request, extra_context=None):
    # 307 keeps the admin's POST (with its CSRF token), so allauth signs the person out
    # at once, as the admin's button promised; a GET shows allauth's "sign out?" page.
    response = HttpResponseRedirect(reverse("account_logout"))
    response.status_code = 307
    return response


def _admin_password_change(request, extra_context=None):
    return redirect("account_change_password")


admin.site.login = _admin_login
admin.site.logout = _admin_logout
admin.site.password_change = _admin_password_change
admin.site.password_change_done = _admin_password_change
