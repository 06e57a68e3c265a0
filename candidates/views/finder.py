"""Where can I run: the offices elected at a ZIP code (public, no login).

The finder is a GET form, so a result is a link anyone can share and looking changes
nothing. "I might run for this" remembers the office in the visitor's session only,
for signup to pick up.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ..finder import (
    OfficeGroup,
    ZipPlace,
    finder_cache_version,
    interest_from_token,
    office_groups,
    office_interests_add,
)
from ..forms import ZipForm

# What is elected at a ZIP code changes only when staff import offices, and its next
# election only with the date: the offices are kept per ZIP code, local day and language
# (their names and notes are translated when built) for this long; an offices import
# starts afresh (``finder_cache_bump``).
FINDER_CACHE_SECONDS = 15 * 60


@require_safe
def find_offices(request: HttpRequest) -> HttpResponse:
    """The empty form with what this is, or the offices at a ZIP code, or a kind error."""
    form = ZipForm(request.GET) if "zip" in request.GET else ZipForm()
    place, groups, results_key = None, [], ""
    if form.is_bound and form.is_valid():
        place = form.place
        groups, results_key = _cached_office_groups(place)
    return render(
        request,
        "candidates/finder.html",
        {
            "form": form,
            "place": place,
            "groups": groups,
            # The results' HTML is cached too (the template adds whether the visitor is signed in).
            "results_key": results_key,
            "results_seconds": FINDER_CACHE_SECONDS,
        },
    )


def _cached_office_groups(place: ZipPlace) -> tuple[list[OfficeGroup], str]:
    """``office_groups`` for the place, from the cache when another visitor asked today,
    and the key they are kept under."""
    today = place.today()
    key = f"finder:offices:{finder_cache_version()}:{place.zip_code}:{today:%Y-%m-%d}:{get_language()}"
    groups = cache.get(key)
    if groups is None:
        groups = office_groups(place=place, today=today)
        cache.set(key, groups, FINDER_CACHE_SECONDS)
    return groups, key


def _finder_url(zip_code: str = "") -> str:
    url = reverse("candidates:finder")
    return f"{url}?{urlencode({'zip': zip_code})}" if zip_code else url


@require_safe
def office_interest(request: HttpRequest) -> HttpResponseRedirect:
    """Remember "I might run for this", then on to signup (or back, if signed in).

    A GET is fine here: it stores nothing but the visitor's own session. A bad or
    outdated link goes back to the finder with a word of explanation, never an error.
    """
    interest = interest_from_token(request.GET.get("office", ""))
    if interest is None:
        messages.warning(
            request,
            _(
                "Sorry, that link didn't work. It may be out of date: look up your ZIP code "
                "again and choose the office once more."
            ),
        )
        return redirect("candidates:finder")

    office_interests_add(request, interest)
    if request.user.is_authenticated:
        messages.success(
            request, _("Noted: you might run for %(office)s.") % {"office": interest["label"]}
        )
        return redirect(_finder_url(interest["zip"]))
    messages.success(
        request,
        _(
            "Great choice: we saved %(office)s. Sign up and we'll help you find out what it "
            "takes to run."
        )
        % {"office": interest["label"]},
    )
    # The ZIP typed in the finder carries into signup, prefilled.
    return redirect(
        f"{reverse('account_signup')}?{urlencode({'zip': interest['zip']})}"
        if interest.get("zip")
        else reverse("account_signup")
    )
