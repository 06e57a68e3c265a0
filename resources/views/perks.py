"""Perks: partner vendors' offers for endorsed candidates, and the claim button.

Only an endorsed candidate (``rules.is_endorsed_candidate``) is ever shown an offer's
code or claim link, and only after claiming it. Everyone else who opens the page
(visitors, candidates not yet endorsed, volunteers, directors and national staff) reads
what perks are and how endorsement unlocks them; staff manage offers and see claims in
the admin.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.models import Candidate
from candidates.selectors import candidate_for_user
from rfs.enums import Role
from rfs.rules import is_national_staff

from .. import services
from ..models import Perk
from ..rules import is_endorsed_candidate
from ..selectors import perk_list_for


def _candidate_of(request: HttpRequest) -> Candidate | None:
    user = request.user
    if not (user.is_authenticated and user.has_role(Role.CANDIDATE)):
        return None
    return Candidate.objects.filter(user=user).select_related("user").first()


def perks(request: HttpRequest) -> HttpResponse:
    candidate = _candidate_of(request)
    if candidate is None or not is_endorsed_candidate(candidate.user):
        return render(
            request,
            "resources/perks/about.html",
            {
                "candidate": candidate,
                "manages_perks": is_national_staff(request.user),
            },
        )
    perk_list = perk_list_for(candidate)
    return render(
        request, "resources/perks/list.html", {"candidate": candidate, "perk_list": perk_list}
    )


@login_required
@require_POST
def perk_claim(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("resources.claim_perk"):
        raise PermissionDenied
    candidate = candidate_for_user(request.user)
    perk = get_object_or_404(Perk, pk=pk, published=True)
    try:
        _claim, created = services.perk_claim(candidate=candidate, perk=perk)
    except services.PerkUnavailable as error:
        messages.error(request, str(error))
        return redirect("resources:perks")
    if created:
        messages.success(
            request,
            _("It's yours! The details for %(vendor)s are below.") % {"vendor": perk.vendor},
        )
    else:
        messages.info(request, _("You've already claimed this one. The details are below."))
    return redirect(reverse("resources:perks") + f"#perk-{perk.pk}")


urlpatterns = [
    path("perks/", perks, name="perks"),
    path("perks/<int:pk>/claim/", perk_claim, name="perk_claim"),
]
