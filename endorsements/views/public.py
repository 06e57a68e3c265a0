"""The public endorsements pages (the list, each candidate's shareable page, alumni) and
the endorsed candidate's own pages: their listing and their election result.

The public pages answer everyone and read only through ``endorsements.public``, which
decides who is listed on every request: an unlisting, a withdrawal or an erasure shows
at once. The candidate's pages are their own: anyone without a candidate record gets
404, the same answer as for a page that does not exist, and so does a candidate without
an endorsement on the listing page. Writes go through ``endorsements.services.results``.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candidates.enums import RaceResult
from candidates.selectors import candidate_for_user
from rfs.dates import format_day

from ..forms.public import ListingForm, PublicFilterForm, ResultForm
from ..public import (
    ELECTION_UPCOMING,
    alumni_public,
    election_years,
    endorsement_of,
    endorsement_public,
    endorsements_public,
    race_last_reported,
    race_to_report,
)
from ..services.results import ListingError, ResultError, endorsement_update_listing, result_report


def _absolute(url: str) -> str:
    """Social previews need full addresses; media may already be on another host."""
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def _querystring(request: HttpRequest) -> str:
    """The filters, to keep on the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- Public pages ---------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    """Three queries: the years for the filter, the count and the page's rows."""
    form = PublicFilterForm(
        request.GET or None, years=election_years(), initial={"election": ELECTION_UPCOMING}
    )
    filters = form.filters()
    page = endorsements_public(**filters, page=request.GET.get("page"))
    return render(
        request,
        "endorsements/public/list.html",
        {
            "form": form,
            "page": page,
            "filters": filters,
            "narrowed": bool(filters["state"] or filters["level"]),
            "querystring": _querystring(request),
        },
    )


def public_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One query. Unlisted, withdrawn, erased or never there: the same 404."""
    endorsement = endorsement_public(slug=slug)
    if endorsement is None:
        raise Http404
    title = _("%(name)s for %(office)s") % {
        "name": endorsement.display_name,
        "office": endorsement.office_name,
    }
    if endorsement.district:
        title = f"{title}, {endorsement.district}"
    description = endorsement.bio or _(
        "Endorsed by %(site)s: running for %(office)s in %(place)s, %(state)s. Election day: %(day)s."
    ) % {
        "site": settings.SITE_NAME,
        "office": endorsement.office_name,
        "place": endorsement.jurisdiction_name,
        "state": endorsement.state_name,
        "day": format_day(endorsement.election_date),
    }
    return render(
        request,
        "endorsements/public/detail.html",
        {
            "endorsement": endorsement,
            "title": title,
            "description": description,
            "page_url": _absolute(
                reverse("endorsements:public_detail", kwargs={"slug": endorsement.slug})
            ),
            "image_url": _absolute(endorsement.photo.url) if endorsement.photo else "",
            "site_name": settings.SITE_NAME,
        },
    )


def alumni(request: HttpRequest) -> HttpResponse:
    """Two queries: the count and the page's rows."""
    return render(
        request,
        "endorsements/public/alumni.html",
        {
            "page": alumni_public(page=request.GET.get("page")),
            "querystring": _querystring(request),
        },
    )


# --- The endorsed candidate's own pages ----------------------------------------------------------


@login_required
def listing(request: HttpRequest) -> HttpResponse:
    candidate = candidate_for_user(request.user)
    endorsement = endorsement_of(candidate)
    if endorsement is None:
        raise Http404
    posted = request.method == "POST"
    form = ListingForm(
        request.POST if posted else None, request.FILES if posted else None, endorsement=endorsement
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            endorsement_update_listing(
                endorsement=endorsement,
                by=request.user,
                listed=data["listed"],
                bio=data["bio"],
                website=data["website"],
                donation_url=data["donation_url"],
                photo=data["photo"],
                remove_photo=data.get("remove_photo", False),
            )
        except ListingError as error:
            form.add_error("photo", str(error))
        else:
            messages.success(
                request,
                _("Saved. Your public page shows the changes now.")
                if data["listed"]
                else _("Saved. You're not on the public page now; turn it back on any time."),
            )
            return redirect("endorsements:listing")
    return render(
        request, "endorsements/public/listing.html", {"endorsement": endorsement, "form": form}
    )


RESULT_THANKS = {
    RaceResult.WON: gettext_lazy("Congratulations! We've recorded your win."),
    RaceResult.LOST: gettext_lazy("Thank you for telling us. We're proud of you."),
    RaceResult.RUNOFF: gettext_lazy("On to the runoff! Tell us the final result when it's in."),
    RaceResult.WITHDREW: gettext_lazy("Thank you for letting us know."),
}


@login_required
def result(request: HttpRequest) -> HttpResponse:
    """Their current race's result; after a final result, the page says what comes next."""
    candidate = candidate_for_user(request.user)
    race = race_to_report(candidate)
    form = ResultForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and race is not None and form.is_valid():
        outcome = form.cleaned_data["result"]
        try:
            result_report(race=race, result=outcome, by=request.user)
        except ResultError as error:
            form.add_error("result", str(error))
        else:
            messages.success(request, str(RESULT_THANKS[RaceResult(outcome)]))
            return redirect("endorsements:result_report")
    return render(
        request,
        "endorsements/public/result.html",
        {
            "race": race,
            "form": form,
            "reported": race_last_reported(candidate) if race is None else None,
        },
    )


urlpatterns = [
    # Public: everyone, signed in or not. "alumni/" comes before the candidates' addresses.
    path("endorsements/", public_list, name="public_list"),
    path("endorsements/alumni/", alumni, name="alumni"),
    path("endorsements/<slug:slug>/", public_detail, name="public_detail"),
    # The endorsed candidate's own listing, and any candidate's election result.
    path("journey/endorsement/listing/", listing, name="listing"),
    path("journey/result/", result, name="result_report"),
]
