"""Longer mentor matches: a candidate asks for a mentor for their campaign, a director
(of the candidate's region) or national staff confirms one of the ranked mentors, and
either side can end the match.

Directors and staff use the requests pages (others 403); a request outside the
director's regions answers 404, the same as a missing one.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.selectors import candidate_for_user
from rfs.selectors import sees_all_regions

from .. import selectors, services
from ..enums import MatchRequestStatus, MatchStatus, MentorStatus
from ..forms import LANGUAGE_NAMES, MatchEndForm, MatchRequestForm
from ..models import Match, MatchRequest, Mentor
from ..rules import may_confirm_matches


def _named_languages(requests: list[MatchRequest]) -> list[MatchRequest]:
    """Each request with the name of its language ("Spanish"), for the templates."""
    for match_request in requests:
        match_request.language_name = LANGUAGE_NAMES.get(
            match_request.language, match_request.language
        )
    return requests


# --- The candidate's page -----------------------------------------------------------------


@login_required
def match_request_new(request: HttpRequest) -> HttpResponse:
    """The form; or, when they have one, their open request or their active match."""
    candidate = candidate_for_user(request.user)
    matches = [
        match
        for match in selectors.matches_for_candidate(candidate)
        if match.status == MatchStatus.ACTIVE
    ]
    open_request = (
        MatchRequest.objects.filter(candidate=candidate, status=MatchRequestStatus.OPEN)
        .prefetch_related("areas")
        .first()
    )
    if open_request is not None:
        _named_languages([open_request])
    form = None
    if not matches and open_request is None:
        form = MatchRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.match_request_create(candidate=candidate, **form.cleaned_data)
            except services.MentorshipError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Thanks! Your regional director will find a mentor who fits and "
                        "introduce you by email."
                    ),
                )
                return redirect("mentorship:match_request_new")
    return render(
        request,
        "mentorship/match_request_new.html",
        {
            "candidate": candidate,
            "matches": matches,
            "open_request": open_request,
            "form": form,
        },
    )


# --- Directors' and staff's pages ---------------------------------------------------------


def _may_confirm_or_403(request: HttpRequest) -> None:
    if not may_confirm_matches(request.user):
        raise PermissionDenied


@login_required
def match_requests(request: HttpRequest) -> HttpResponse:
    _may_confirm_or_403(request)
    requests = _named_languages(
        list(
            selectors.match_requests_visible_to(request.user)
            .filter(status=MatchRequestStatus.OPEN)
            .select_related("candidate__user")
            .prefetch_related("areas")
            .order_by("created_at", "pk")
        )
    )
    return render(
        request,
        "mentorship/match_requests.html",
        {
            "requests": requests,
        },
    )


def _visible_request(request: HttpRequest, pk: int) -> MatchRequest:
    return get_object_or_404(
        selectors.match_requests_visible_to(request.user).select_related("candidate__user"), pk=pk
    )


@login_required
def match_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The request, and the mentors ranked for it, each with a "Confirm match" button."""
    _may_confirm_or_403(request)
    match_request = _visible_request(request, pk)
    _named_languages([match_request])
    return render(
        request,
        "mentorship/match_request.html",
        {
            "match_request": match_request,
            "ranked": selectors.mentors_ranked_for(match_request)
            if match_request.status == MatchRequestStatus.OPEN
            else [],
        },
    )


@login_required
@require_POST
def match_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _may_confirm_or_403(request)
    match_request = _visible_request(request, pk)
    mentor_pk = request.POST.get("mentor", "")
    mentor = (
        Mentor.objects.filter(pk=int(mentor_pk), status=MentorStatus.APPROVED)
        .select_related("user")
        .first()
        if mentor_pk.isdigit()
        else None
    )
    if mentor is None:
        messages.error(request, _("That mentor isn't available any more. Please pick another."))
        return redirect("mentorship:match_request", pk=match_request.pk)
    try:
        services.match_confirm(request=match_request, mentor=mentor, by=request.user)
    except services.MentorshipError as error:
        messages.error(request, str(error))
        return redirect("mentorship:match_request", pk=match_request.pk)
    messages.success(
        request,
        _("Matched! We've emailed %(candidate)s and %(mentor)s to introduce them.")
        % {
            "candidate": match_request.candidate.user.get_short_name(),
            "mentor": mentor.user.get_short_name(),
        },
    )
    return redirect("mentorship:match_requests")


# --- Ending a match -----------------------------------------------------------------------


@login_required
@require_POST
def match_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Either side (or national staff) ends it; for anyone else the match does not exist."""
    user = request.user
    match = get_object_or_404(
        Match.objects.select_related("candidate__user", "mentor__user"), pk=pk
    )
    is_candidate = match.candidate.user_id == user.pk
    is_mentor = match.mentor.user_id == user.pk
    if not (is_candidate or is_mentor or sees_all_regions(user)):
        raise Http404
    form = MatchEndForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.match_end(match=match, by=user, note=note)
    except services.MentorshipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The match has ended. Thank you both for the time you spent together.")
        )
    if is_candidate:
        return redirect("mentorship:match_request_new")
    if is_mentor:
        return redirect("mentorship:mentor_home")
    return redirect("mentorship:match_requests")
