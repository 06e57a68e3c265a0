"""Mentors' pages: applying (anyone signed in, alumni invited), the mentor's home, pausing.

Applying twice updates the application: re-opening the page shows what they sent. The
home is for people with a Mentor row; everyone else gets 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.enums import Stage
from candidates.models import Candidate

from .. import selectors, services
from ..enums import MentorStatus
from ..forms import MentorApplyForm
from ..models import Mentor


@login_required
def mentor_apply(request: HttpRequest) -> HttpResponse:
    user = request.user
    mentor = selectors.mentor_for_user(user)
    # A candidate who won their race applies as alumni: their record says so.
    candidate = Candidate.objects.filter(user=user).only("pk", "stage", "region_id").first()
    if mentor is not None:
        initial = MentorApplyForm.initial_from(mentor)
    else:
        initial = {"region": candidate.region_id if candidate else None}
    form = MentorApplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        alumni_of = candidate if candidate is not None and candidate.stage == Stage.WON else None
        try:
            services.mentor_apply(user=user, alumni_of=alumni_of, **form.cleaned_data)
        except services.MentorshipError as error:
            form.add_error(None, str(error))
        else:
            if mentor is None:
                messages.success(
                    request,
                    _(
                        "Thank you for offering to mentor! A director will look at your "
                        "application soon and email you."
                    ),
                )
            else:
                messages.success(request, _("Saved. Your mentor details are up to date."))
            return redirect("mentorship:mentor_home")
    return render(request, "mentorship/mentor_apply.html", {"form": form, "mentor": mentor})


def _mentor_or_403(request: HttpRequest) -> Mentor:
    mentor = selectors.mentor_for_user(request.user)
    if mentor is None:
        raise PermissionDenied
    return mentor


@login_required
def mentor_home(request: HttpRequest) -> HttpResponse:
    """Applied: a thank-you. Approved or paused: questions waiting in their areas, the ones
    they own, their numbers and their matches."""
    mentor = _mentor_or_403(request)
    home = None
    if mentor.status in (MentorStatus.APPROVED, MentorStatus.PAUSED):
        home = selectors.mentor_home(mentor)
    return render(request, "mentorship/mentor_home.html", {"mentor": mentor, "home": home})


@login_required
@require_POST
def mentor_pause(request: HttpRequest) -> HttpResponse:
    """One button: pause when active, resume when paused."""
    mentor = _mentor_or_403(request)
    pausing = mentor.status != MentorStatus.PAUSED
    try:
        services.mentor_set_paused(mentor=mentor, paused=pausing)
    except services.MentorshipError as error:
        messages.error(request, str(error))
    else:
        if pausing:
            messages.success(
                request, _("You're paused. We won't send you new questions until you resume.")
            )
        else:
            messages.success(
                request, _("Welcome back! New questions in your areas will come your way again.")
            )
    return redirect("mentorship:mentor_home")
