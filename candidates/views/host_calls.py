"""The hosts' intro-call pages: their sessions, creating, editing and cancelling one,
its roster (and CSV), and marking it held. A host page answers 403 to people who host
nothing and 404 for a session they don't run."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rfs.csv_writer import csv_download
from rfs.selectors import sees_all_regions

from .. import selectors, services
from ..enums import CallStatus, RegistrationStatus
from ..forms import IntroCallForm
from ..models import IntroCall
from ..rules import may_host_intro_calls

# The host list shows every upcoming session and this many past ones.
PAST_SESSIONS_SHOWN = 20


def _require_host(request: HttpRequest) -> None:
    if not may_host_intro_calls(request.user):
        raise PermissionDenied


def _host_session(request: HttpRequest, pk: int) -> IntroCall:
    """The session, if the user may see it; 404 otherwise (also for a missing one)."""
    _require_host(request)
    return get_object_or_404(
        selectors.calls_visible_to(request.user).select_related("host", "region"), pk=pk
    )


def _session_to_run(request: HttpRequest, pk: int) -> IntroCall:
    """A session the user may also change, cancel, mark held or take attendance on; 403
    for one they may only see (a director and a national session)."""
    session = _host_session(request, pk)
    if not session.may_run:
        raise PermissionDenied
    return session


def _with_counts(queryset):
    return queryset.select_related("host", "region").annotate(
        registered_total=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
        ),
        waitlisted_total=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    )


@login_required
def host_calls(request: HttpRequest) -> HttpResponse:
    _require_host(request)
    visible = _with_counts(selectors.calls_visible_to(request.user))
    # A session stays among the upcoming ones for a few hours after it starts, so the
    # host finds it at the top when they come to mark it as held.
    cutoff = timezone.now() - timedelta(hours=4)
    upcoming = list(visible.filter(starts_at__gte=cutoff).order_by("starts_at"))
    past = list(visible.filter(starts_at__lt=cutoff).order_by("-starts_at")[:PAST_SESSIONS_SHOWN])
    return render(request, "candidates/calls/host_list.html", {"upcoming": upcoming, "past": past})


@login_required
def host_call_new(request: HttpRequest) -> HttpResponse:
    _require_host(request)
    form = IntroCallForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        session = services.intro_call_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Session added. Candidates can register for it now."))
        return redirect("candidates:host_call_roster", pk=session.pk)
    return render(request, "candidates/calls/host_form.html", {"form": form, "session": None})


@login_required
def host_call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_to_run(request, pk)
    initial = {
        "starts_at": timezone.localtime(session.starts_at),
        "duration_minutes": session.duration_minutes,
        "region": session.region_id,
        "host": session.host_id,
        "meeting_url": session.meeting_url,
        "capacity": session.capacity,
    }
    form = IntroCallForm(request.POST or None, user=request.user, session=session, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {field: form.cleaned_data[field] for field in form.changed_data}
        if changed:
            services.intro_call_update(call=session, by=request.user, **changed)
        messages.success(request, _("Session saved."))
        return redirect("candidates:host_calls")
    return render(request, "candidates/calls/host_form.html", {"form": form, "session": session})


@login_required
def host_call_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_to_run(request, pk)
    if request.method == "POST":
        services.intro_call_cancel(call=session, by=request.user)
        messages.success(request, _("Session cancelled. Everyone registered has been emailed."))
        return redirect("candidates:host_calls")
    registered = session.registrations.exclude(status=RegistrationStatus.CANCELLED).count()
    return render(
        request, "candidates/calls/host_cancel.html", {"session": session, "registered": registered}
    )


@login_required
def host_call_roster(request: HttpRequest, pk: int) -> HttpResponse:
    session = _host_session(request, pk)
    if request.method == "POST" and not session.may_run:
        raise PermissionDenied  # a director reads a national session's roster; its host takes attendance
    roster = list(selectors.roster_lines_for(session, viewer=request.user))
    if request.method == "POST":
        # Only this roster's rows count; anything else in the form is ignored.
        ids = {line["pk"] for line in roster}
        attended = {
            int(value) for value in request.POST.getlist("attended") if value.isdigit()
        } & ids
        try:
            services.intro_call_set_attendance(
                call=session,
                attended_ids=attended,
                by=request.user,
                override_reason=request.POST.get("override_reason", ""),
            )
        except services.TooEarly as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Attendance saved."))
        return redirect("candidates:host_call_roster", pk=session.pk)
    return render(
        request,
        "candidates/calls/host_roster.html",
        {
            "session": session,
            "roster": roster,
            # Before the start only national staff may act, with a written reason.
            "too_early": session.starts_at > timezone.now(),
            "may_override": sees_all_regions(request.user),
            "CallStatus": CallStatus,
            "RegistrationStatus": RegistrationStatus,
        },
    )


@login_required
@require_POST
def host_call_held(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_to_run(request, pk)
    try:
        services.intro_call_mark_held(
            call=session,
            by=request.user,
            override_reason=request.POST.get("override_reason", ""),
        )
    except (services.CallUnavailable, services.TooEarly) as error:
        messages.error(request, str(error))
        return redirect("candidates:host_call_roster", pk=session.pk)
    messages.success(
        request, _("Marked as held. Thank-you emails are on their way to everyone who came.")
    )
    return redirect("candidates:host_call_roster", pk=session.pk)


@login_required
def host_call_roster_csv(request: HttpRequest, pk: int) -> HttpResponse:
    session = _host_session(request, pk)
    local = timezone.localtime(session.starts_at)
    response, writer = csv_download(f"intro-call-{local:%Y-%m-%d-%H%M}.csv")
    writer.writerow(["name", "email", "status", "registered", "joined", "attended"])
    for registration in selectors.roster_for(session, viewer=request.user):
        user = registration.candidate.user
        writer.writerow(
            [
                user.name,
                user.email,
                registration.status,
                _iso(registration.created_at),
                _iso(registration.joined_at),
                "" if registration.attended is None else ("yes" if registration.attended else "no"),
            ]
        )
    return response


def _iso(value) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""
