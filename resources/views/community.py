"""Community: the chat workspace's channels, and the opt-in directory of fellow candidates.

A candidate sees the channels that fit them first (their state, the office they run
for, who they told us they are: only they see those suggestions); anyone else signed in
sees every channel by kind. The directory is for candidates only (anyone else: 404, the
same answer as a page that does not exist) and lists fellow candidates of their own
state who opted in, never with contact details.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from candidates.models import Candidate
from candidates.selectors import candidate_for_user
from rfs.enums import Role

from .. import services
from ..forms import DirectoryProfileForm
from ..selectors import (
    channels_for,
    channels_grouped,
    directory_for,
    directory_profile_of,
    directory_status,
)

DIRECTORY_PAGE_SIZE = 20


@login_required
def community(request: HttpRequest) -> HttpResponse:
    candidate = None
    if request.user.has_role(Role.CANDIDATE):
        candidate = Candidate.objects.filter(user=request.user).first()
    if candidate is None:
        suggested, groups = [], channels_grouped()
    else:
        suggested, groups = channels_for(candidate)
    return render(
        request,
        "resources/community/channels.html",
        {
            "candidate": candidate,
            "suggested": suggested,
            "groups": groups,
        },
    )


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    candidate = candidate_for_user(request.user)
    page = Paginator(directory_for(candidate), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "resources/community/directory.html",
        {
            "candidate": candidate,
            "page": page,
            "status": directory_status(candidate, directory_profile_of(candidate)),
        },
    )


def _suggested_office(candidate: Candidate) -> str:
    """A first entry's office, from their current race or the first office they were curious about."""
    race = candidate.races.filter(result="").order_by("-created_at", "-pk").first()
    if race is not None:
        return f"{race.office_name}, {race.jurisdiction_name}"
    interest = candidate.office_interests.order_by("pk").first()
    return interest.label if interest is not None else ""


@login_required
def directory_profile(request: HttpRequest) -> HttpResponse:
    candidate = candidate_for_user(request.user)
    profile = directory_profile_of(candidate)
    if profile is not None:
        initial = {
            "listed": profile.listed,
            "office_sought": profile.office_sought,
            "one_line": profile.one_line,
        }
    else:
        initial = {"listed": False, "office_sought": _suggested_office(candidate), "one_line": ""}
    form = DirectoryProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        profile = services.directory_profile_save(candidate=candidate, **form.cleaned_data)
        if profile.listed:
            messages.success(
                request,
                _("Saved. Fellow candidates in your state can now find you in the directory."),
            )
        else:
            messages.success(request, _("Saved. You're not shown in the directory."))
        return redirect("resources:directory")
    return render(
        request,
        "resources/community/directory_profile.html",
        {
            "candidate": candidate,
            "form": form,
            "status": directory_status(candidate, profile),
        },
    )


urlpatterns = [
    path("community/", community, name="community"),
    path("community/directory/", directory, name="directory"),
    path("community/directory/me/", directory_profile, name="directory_profile"),
]
