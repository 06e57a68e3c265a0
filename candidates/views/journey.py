"""My journey: the candidate's home after login, and the pages it links to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rfs import registry

from .. import services
from ..enums import Activity, FilingStatus, ScreeningCallStatus, Stage
from ..forms import ProfileForm, RaceForm
from ..journey import history_words, next_step
from ..selectors import candidate_for_user, journey_for, race_initial_from_interest

# Lazy: the labels are read per request, in the reader's language.
MILESTONES = [
    (Stage.SIGNED_UP, gettext_lazy("Signed up")),
    (Stage.INTRO_ATTENDED, gettext_lazy("Intro call")),
    (Stage.SCREENED, gettext_lazy("One-on-one")),
    (Stage.RUNNING, gettext_lazy("Running")),
    (Stage.APPLIED, gettext_lazy("Endorsement")),
    (Stage.WON, gettext_lazy("Election")),
]


@login_required
def journey(request: HttpRequest) -> HttpResponse:
    candidate = candidate_for_user(request.user)
    data = journey_for(candidate)
    from ..enums import STAGE_RANK

    rank = STAGE_RANK[candidate.stage]
    current_race = next((race for race in data.races if not race.result), None)
    # Each app's own section, through the registry: mentorship (questions, matches),
    # endorsements (application), resources (trainings, bookmarks, channels). Read before
    # the next step, which for a running candidate is the endorsement status the
    # endorsements section keeps on the candidate (read once, not twice).
    sections = {}
    for section in registry.journey_sections:
        sections.update(section(candidate))
    step = next_step(candidate, data)
    history = [(history_words(change), change.at) for change in data.history]
    days_to_deadline = None
    if current_race and current_race.filing_deadline:
        days_to_deadline = (current_race.filing_deadline - timezone.localdate()).days
    return render(
        request,
        "candidates/journey.html",
        {
            **sections,
            "candidate": candidate,
            "journey": data,
            "step": step,
            "milestones": [(label, STAGE_RANK[stage] <= rank) for stage, label in MILESTONES],
            # Newest first, in plain words; the three latest are "what's new" at the top.
            "history": history,
            # Calls still to come that the next step card doesn't already show.
            "coming_calls": [r for r in data.calls if r.call.starts_at != step.when],
            "coming_screening_call": (
                data.screening_call
                if data.screening_call is not None
                and data.screening_call.starts_at != step.when
                and data.screening_call.status == ScreeningCallStatus.BOOKED
                else None
            ),
            # After an intro call (or past it), "no calls" must not invite another one.
            "invite_intro_call": candidate.stage == Stage.SIGNED_UP and not data.attended_intro,
            "current_race": current_race,
            "days_to_deadline": days_to_deadline,
            "Activity": Activity,
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    candidate = candidate_for_user(request.user)
    form = ProfileForm(
        request.POST or None, instance=candidate, initial={"zip_code": candidate.zip_code}
    )
    if request.method == "POST" and form.is_valid():
        place = form.cleaned_data.pop("zip_code")
        profile = {field: form.cleaned_data[field] for field in ProfileForm.Meta.fields}
        with transaction.atomic():
            services.candidate_update_profile(candidate=candidate, place=place, profile=profile)
            if form.cleaned_data.get("date_of_birth"):
                services.candidate_set_date_of_birth(
                    candidate=candidate,
                    date_of_birth=form.cleaned_data["date_of_birth"],
                    by=request.user,
                )
        messages.success(request, _("Saved. Thank you for keeping us up to date."))
        return redirect("candidates:journey")
    return render(request, "candidates/profile.html", {"form": form})


@login_required
@require_POST
def activity(request: HttpRequest) -> HttpResponse:
    candidate = candidate_for_user(request.user)
    choice = request.POST.get("activity")
    if choice not in Activity.values:
        messages.error(request, _("Please choose one of the options."))
        return redirect("candidates:journey")
    services.candidate_set_activity(
        candidate=candidate, activity=choice, by=request.user, note=_("By the candidate")
    )
    messages.success(
        request,
        {
            Activity.ACTIVE: _("Welcome back! Your journey picks up where you left off."),
            Activity.PAUSED: _("Your journey is paused. Come back whenever you're ready."),
            Activity.WITHDRAWN: _(
                "You've stepped back. Thank you for considering a run; you can come back any time."
            ),
        }[choice],
    )
    return redirect("candidates:journey")


@login_required
def race_declare(request: HttpRequest) -> HttpResponse:
    """Declare a race: typed, or started from an office picked in the finder."""
    candidate = candidate_for_user(request.user)
    interests = list(candidate.office_interests.select_related("office__jurisdiction"))
    picked = next(
        (
            i
            for i in interests
            if str(i.pk) == request.GET.get("interest", request.POST.get("interest"))
        ),
        None,
    )
    initial = {"state": candidate.state, "filing_status": FilingStatus.EXPLORING}
    if picked is not None:
        initial.update(race_initial_from_interest(picked))
    form = RaceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # A double submit finds the race already there instead of adding a second one.
            existing = candidate.races.filter(
                result="",
                **{
                    k: form.cleaned_data[k]
                    for k in ("office_name", "jurisdiction_name", "election_date")
                },
            ).first()
            if existing is None:
                office = picked.office if picked is not None else None
                services.race_declare(
                    candidate=candidate, by=request.user, office=office, **form.cleaned_data
                )
            else:
                services.race_update_filing(
                    race=existing, filing_status=form.cleaned_data["filing_status"], by=request.user
                )
        messages.success(request, _("Your race is on My journey. Go you!"))
        return redirect("candidates:journey")
    return render(
        request,
        "candidates/race_form.html",
        {"form": form, "interests": interests, "picked": picked},
    )
