"""Weekly intro calls: the candidate's pages, the emailed links, and the hosts' pages.

Every write goes through ``candidates.services``; lists come from
``candidates.selectors_calls``. A host page answers 403 to people who host nothing and
404 for a session outside what they may see (the same answer as for a missing one).
"""

import csv
import zoneinfo
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rfs.selectors import sees_all_regions

from .. import selectors_calls, services
from ..forms import IntroCallForm
from ..ics import intro_call_ics
from ..models import CallStatus, IntroCall, IntroCallRegistration, RegistrationStatus
from ..rules import may_host_intro_calls
from ..selectors import candidate_for_user

# The host list shows every upcoming session and this many past ones.
PAST_SESSIONS_SHOWN = 20

# --- The candidate's pages ----------------------------------------------------------------


@login_required
def calls(request: HttpRequest) -> HttpResponse:
    """Upcoming sessions (their region's first, then national) and their own place."""
    candidate = candidate_for_user(request.user)
    sessions = selectors_calls.upcoming_calls_for(candidate)
    more_to_come = len(sessions) >= selectors_calls.UPCOMING_LIMIT
    mine = {registration.call_id: registration for registration in selectors_calls.active_registrations_for(candidate)}
    # Their own place is always on the list, even on a session further away.
    shown = {session.pk for session in sessions}
    for registration in mine.values():
        if registration.call_id not in shown:
            registration.call.registered_count = 0  # not shown: their place is
            sessions.append(registration.call)
    sessions.sort(key=lambda session: (session.region_id is None, session.starts_at, session.pk))
    for session in sessions:
        session.seats_left = max(session.capacity - session.registered_count, 0)
        session.my_registration = mine.get(session.pk)
    return render(request, "candidates/calls/list.html", {
        "candidate": candidate,
        "sessions": sessions,
        "has_registration": bool(mine),
        "more_to_come": more_to_come,
    })


@login_required
@require_POST
def call_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register, join the waitlist, or move here from another session: one step."""
    candidate = candidate_for_user(request.user)
    # A candidate may join their own region's sessions and the national ones.
    visible = IntroCall.objects.filter(Q(region=candidate.region_id) | Q(region__isnull=True))
    session = get_object_or_404(visible.select_related("host"), pk=pk)
    try:
        registration = services.intro_call_register(candidate=candidate, call=session, by=request.user)
    except services.CallUnavailable as error:
        messages.error(request, str(error))
        return redirect("candidates:calls")
    when = timezone.localtime(session.starts_at)
    if registration.status == RegistrationStatus.WAITLISTED:
        messages.success(request, _("You're on the waitlist for %(when)s. We'll email you if a seat opens up.")
                         % {"when": _format_when(when)})
    else:
        messages.success(request, _("You're in! See you on %(when)s. We've emailed you the details.")
                         % {"when": _format_when(when)})
    return redirect("candidates:calls")


@login_required
@require_POST
def call_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = candidate_for_user(request.user)
    registration = get_object_or_404(IntroCallRegistration.objects.select_related("call"), pk=pk, candidate=candidate)
    services.intro_call_cancel_registration(registration=registration, by=request.user)
    messages.success(request, _("You're no longer registered. Pick another time whenever suits you."))
    return redirect("candidates:calls")


@login_required
@require_POST
def screening_opt_in(request: HttpRequest) -> HttpResponse:
    candidate = candidate_for_user(request.user)
    try:
        services.candidate_opt_in_screening(candidate=candidate, by=request.user)
    except services.OptInRequired as error:
        messages.error(request, str(error))
        return redirect("candidates:journey")
    messages.success(request, _("Wonderful! We'll be in touch soon to set up your one-on-one."))
    return redirect("candidates:journey")


@login_required
def call_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """Their place on an intro call as a calendar file ("Add to calendar" on My journey);
    anyone else's answers 404."""
    registration = get_object_or_404(
        IntroCallRegistration.objects.select_related("call").exclude(status=RegistrationStatus.CANCELLED),
        pk=pk, candidate__user=request.user,
    )
    response = HttpResponse(intro_call_ics(registration.call, registration), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="intro-call.ics"'
    return response


# --- The emailed links: the token is the authorisation --------------------------------------


def _registration_by_token(token: str) -> IntroCallRegistration:
    return get_object_or_404(
        IntroCallRegistration.objects.select_related("call__host", "candidate__user"), join_token=token
    )


def call_manage(request: HttpRequest, token: str) -> HttpResponse:
    """The reminder's page: "I'll be there" or "I can't make it". A GET changes nothing."""
    registration = _registration_by_token(token)
    if request.method == "POST":
        choice = request.POST.get("choice")
        if choice == "confirm":
            services.intro_call_confirm(registration=registration)
            messages.success(request, _("Thanks for letting us know. See you there!"))
        elif choice == "cancel":
            services.intro_call_cancel_registration(registration=registration, by=registration.candidate.user)
            messages.success(request, _("No problem, we've freed your seat. You can pick another time any time."))
        return redirect("candidates:call_manage", token=token)
    return _render_link_page(request, "candidates/calls/manage.html", registration)


def call_join(request: HttpRequest, token: str) -> HttpResponse:
    """The personal join link: records attendance inside the call's window, then goes to
    the meeting. The one GET that records something, by design: it is what people click."""
    registration, meeting_url = services.intro_call_join(token=token)
    if registration is None:
        raise Http404
    if meeting_url:
        return HttpResponseRedirect(meeting_url)
    return _render_link_page(request, "candidates/calls/join_closed.html", registration)


def _render_link_page(request: HttpRequest, template: str, registration: IntroCallRegistration) -> HttpResponse:
    # Whoever opens the link (perhaps signed out) sees the times in the registrant's zone.
    try:
        zone = zoneinfo.ZoneInfo(registration.candidate.user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = timezone.get_current_timezone()
    with timezone.override(zone):
        return render(request, template, _link_context(registration))


def _link_context(registration: IntroCallRegistration) -> dict:
    session = registration.call
    now = timezone.now()
    ends_at = session.starts_at + timedelta(minutes=session.duration_minutes)
    return {
        "registration": registration,
        "session": session,
        "ends_at": ends_at,
        "opens_at": session.starts_at - services.JOIN_OPENS_BEFORE,
        "is_over": ends_at < now or session.status != CallStatus.SCHEDULED,
        "is_cancelled": session.status == CallStatus.CANCELLED,
        "is_active": registration.status != RegistrationStatus.CANCELLED,
        "RegistrationStatus": RegistrationStatus,
    }


def _format_when(when) -> str:
    from django.utils.formats import date_format

    return f"{date_format(when, 'l, F j')} at {date_format(when, 'g:i A T')}"


# --- The hosts' pages ---------------------------------------------------------------------


def _require_host(request: HttpRequest) -> None:
    if not may_host_intro_calls(request.user):
        raise PermissionDenied


def _host_session(request: HttpRequest, pk: int) -> IntroCall:
    """The session, if the user may see it; 404 otherwise (also for a missing one)."""
    _require_host(request)
    return get_object_or_404(selectors_calls.calls_visible_to(request.user).select_related("host", "region"), pk=pk)


def _with_counts(queryset):
    return queryset.select_related("host", "region").annotate(
        registered_total=Count("registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)),
        waitlisted_total=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
    )


@login_required
def host_calls(request: HttpRequest) -> HttpResponse:
    _require_host(request)
    visible = _with_counts(selectors_calls.calls_visible_to(request.user))
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
    session = _host_session(request, pk)
    initial = {
        "starts_at": timezone.localtime(session.starts_at), "duration_minutes": session.duration_minutes,
        "region": session.region_id, "host": session.host_id, "meeting_url": session.meeting_url,
        "capacity": session.capacity,
    }
    form = IntroCallForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {field: form.cleaned_data[field] for field in form.changed_data}
        if changed:
            services.intro_call_update(call=session, by=request.user, **changed)
        messages.success(request, _("Session saved."))
        return redirect("candidates:host_calls")
    return render(request, "candidates/calls/host_form.html", {"form": form, "session": session})


@login_required
def host_call_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _host_session(request, pk)
    if request.method == "POST":
        services.intro_call_cancel(call=session, by=request.user)
        messages.success(request, _("Session cancelled. Everyone registered has been emailed."))
        return redirect("candidates:host_calls")
    registered = session.registrations.exclude(status=RegistrationStatus.CANCELLED).count()
    return render(request, "candidates/calls/host_cancel.html", {"session": session, "registered": registered})


@login_required
def host_call_roster(request: HttpRequest, pk: int) -> HttpResponse:
    session = _host_session(request, pk)
    roster = list(selectors_calls.roster_for(session))
    if request.method == "POST":
        # Only this roster's rows count; anything else in the form is ignored.
        ids = {registration.pk for registration in roster}
        attended = {int(value) for value in request.POST.getlist("attended") if value.isdigit()} & ids
        try:
            services.intro_call_set_attendance(
                call=session, attended_ids=attended, by=request.user,
                override_reason=request.POST.get("override_reason", ""),
            )
        except services.TooEarly as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Attendance saved."))
        return redirect("candidates:host_call_roster", pk=session.pk)
    return render(request, "candidates/calls/host_roster.html", {
        "session": session,
        "roster": roster,
        # Before the start only national staff may act, with a written reason.
        "too_early": session.starts_at > timezone.now(),
        "may_override": sees_all_regions(request.user),
        "CallStatus": CallStatus,
        "RegistrationStatus": RegistrationStatus,
    })


@login_required
@require_POST
def host_call_held(request: HttpRequest, pk: int) -> HttpResponse:
    session = _host_session(request, pk)
    try:
        services.intro_call_mark_held(
            call=session, by=request.user, override_reason=request.POST.get("override_reason", ""),
        )
    except (services.CallUnavailable, services.TooEarly) as error:
        messages.error(request, str(error))
        return redirect("candidates:host_call_roster", pk=session.pk)
    messages.success(request, _("Marked as held. Thank-you emails are on their way to everyone who came."))
    return redirect("candidates:host_call_roster", pk=session.pk)


@login_required
def host_call_roster_csv(request: HttpRequest, pk: int) -> HttpResponse:
    session = _host_session(request, pk)
    local = timezone.localtime(session.starts_at)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="intro-call-{local:%Y-%m-%d-%H%M}.csv"'
    writer = csv.writer(response)
    writer.writerow(["name", "email", "status", "registered", "joined", "attended"])
    for registration in selectors_calls.roster_for(session):
        user = registration.candidate.user
        writer.writerow([
            _csv_safe(user.name), _csv_safe(user.email), registration.status,
            _iso(registration.created_at), _iso(registration.joined_at),
            "" if registration.attended is None else ("yes" if registration.attended else "no"),
        ])
    return response


def _iso(value) -> str:
    return timezone.localtime(value).isoformat(timespec="minutes") if value else ""


def _csv_safe(value: str) -> str:
    # A spreadsheet runs a cell that starts with = + - @ as a formula.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value
