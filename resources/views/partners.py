"""Partner organisations: the public page over the directory the endorsement referrals use.

Anyone may search it by state (national groups work everywhere; state and local groups
in the states they list) and by who the group supports.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from rfs.enums import State

from ..enums import PartnerFocus, PartnerScope
from ..forms import PartnerSearchForm
from ..selectors import partners_search

PARTNERS_PAGE_SIZE = 20


def partners(request: HttpRequest) -> HttpResponse:
    form = PartnerSearchForm(request.GET)
    filters = form.filters()
    page = Paginator(partners_search(**filters), PARTNERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    focus_labels = dict(PartnerFocus.choices)
    scope_labels = dict(PartnerScope.choices)
    rows = [
        {
            "partner": partner,
            "focus": [
                focus_labels[focus] for focus in partner.focus or [] if focus in focus_labels
            ],
            "scope": scope_labels.get(partner.scope, ""),
        }
        for partner in page
    ]
    return render(
        request,
        "resources/partners/list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filtered": any(filters.values()),
            # The page links keep the filters.
            "query": urlencode({name: value for name, value in filters.items() if value}),
            "state_label": dict(State.choices).get(filters["state"], ""),
        },
    )


urlpatterns = [
    path("partners/", partners, name="partners"),
]
