"""Weekly intro calls: the candidate's pages, the emailed links, and the hosts' pages.

Every write goes through ``candidates.services``; lists come from
``candidates.selectors_calls``. A host page answers 403 to people who host nothing and
404 for a session outside what they may see (the same answer as for a missing one).
"""

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

from rfs.csv_writer import csv_download
from rfs.dates import format_day
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
    mine = {
        registration.call_id: registration
        for registration in selectors_calls.active_registrations_for(candidate)
    }
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
    return render(
        request,
        "candidates/calls/list.html",
        {
            "candidate": candidate,
            "sessions": sessions,
            "has_registration": bool(mine),
            "more_to_come": more_to_come,
        },
    )


@login_required
@require_POST
def call_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register, join the waitlist, or move here from another session: one step."""
    candidate = candidate_for_user(request.user)
    # A candidate may join their own region's sessions and the national ones.
    visible = IntroCall.objects.filter(Q(region=candidate.region_id) | Q(region__isnull=True))
    session = get_object_or_404(visible.select_related("host"), pk=pk)
    try:
        registration = services.intro_call_register(
            candidate=candidate, call=session, by=request.user
        )
    except services.CallUnavailable as error:
        messages.error(request, str(error))
        return redirect("candidates:calls")
    when = timezone.localtime(session.starts_at)
    if registration.status == RegistrationStatus.WAITLISTED:
        messages.success(
            request,
            _("You're on the waitlist for %(when)s. We'll email you if a seat opens up.")
            % {"when": _format_when(when)},
        )
    else:
        messages.success(
            request,
            _("You're in! See you on %(when)s. We've emailed you the details.")
            % {"when": _format_when(when)},
        )
    return redirect("candidates:calls")


@login_required
@require_POST
def call_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = candidate_for_user(request.user)
    registration = get_object_or_404(
        IntroCallRegistration.objects.select_related("call"), pk=pk, candidate=candidate
    )
    services.intro_call_cancel_registration(registration=registration, by=request.user)
    messages.success(
        request, _("You're no longer registered. Pick another time whenever suits you.")
    )
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
        IntroCallRegistration.objects.select_related("call").exclude(
            status=RegistrationStatus.CANCELLED
        ),
        pk=pk,
        candidate__user=request.user,
    )
    response = HttpResponse(
        intro_call_ics(registration.call, registration), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="intro-call.ics"'
    return response


# --- The emailed links: the token is the authorisation --------------------------------------


def _registration_by_token(token: str) -> IntroCallRegistration:
    return get_object_or_404(
        IntroCallRegistration.objects.select_related("call__host", "candidate__user"),
        join_token=token,
    )


def call_manage(request: HttpRequest, token: str) -> HttpResponse:
    """The emails' page: "I'll be there", "I can't make it", or switch to another session
    listed here, in one step. A GET changes nothing."""
    registration = _registration_by_token(token)
    if request.method == "POST":
        choice = request.POST.get("choice")
        if choice == "move":
            return _move_from_link(request, registration)
        if choice == "confirm":
            services.intro_call_confirm(registration=registration)
            messages.success(request, _("Thanks for letting us know. See you there!"))
        elif choice == "cancel":
            services.intro_call_cancel_registration(
                registration=registration, by=registration.candidate.user
            )
            messages.success(
                request,
                _("No problem, we've freed your seat. If another time suits you, pick it below."),
            )
        return redirect("candidates:call_manage", token=token)
    return _render_link_page(
        request, "candidates/calls/manage.html", registration, with_other_sessions=True
    )


def _move_from_link(request: HttpRequest, registration: IntroCallRegistration) -> HttpResponse:
    """Move the place to a session the candidate may join (their region's or national)."""
    candidate = registration.candidate
    sessions = {session.pk: session for session in selectors_calls.upcoming_calls_for(candidate)}
    try:
        target = sessions[int(request.POST.get("call", ""))]
    except (KeyError, ValueError):
        messages.error(request, _("Sorry, that time isn't open any more. Please pick another one."))
        return redirect("candidates:call_manage", token=registration.join_token)
    try:
        moved = services.intro_call_move(
            registration=registration, to_call=target, by=candidate.user
        )
    except services.CallUnavailable as error:
        messages.error(request, str(error))
        return redirect("candidates:call_manage", token=registration.join_token)
    zone = _registrant_zone(registration)
    when = _format_when(timezone.localtime(target.starts_at, zone))
    if moved.status == RegistrationStatus.WAITLISTED:
        messages.success(
            request,
            _("You're on the waitlist for %(when)s. We'll email you if a seat opens up.")
            % {"when": when},
        )
    else:
        messages.success(
            request,
            _("Done: you're now booked for %(when)s. We've emailed you the new details.")
            % {"when": when},
        )
    # The new place has its own link (the old one now says it was given up).
    return redirect("candidates:call_manage", token=moved.join_token)


def _registrant_zone(registration: IntroCallRegistration):
    try:
        return zoneinfo.ZoneInfo(registration.candidate.user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return timezone.get_current_timezone()


def call_join(request: HttpRequest, token: str) -> HttpResponse:
    """The personal join link: records attendance inside the call's window, then goes to
    the meeting. The one GET that records something, by design: it is what people click."""
    registration, meeting_url = services.intro_call_join(token=token)
    if registration is None:
        raise Http404
    if meeting_url:
        return HttpResponseRedirect(meeting_url)
    return _render_link_page(request, "candidates/calls/join_closed.html", registration)


def _render_link_page(
    request: HttpRequest,
    template: str,
    registration: IntroCallRegistration,
    *,
    with_other_sessions: bool = False,
) -> HttpResponse:
    # Whoever opens the link (perhaps signed out) sees the times in the registrant's zone.
    zone = _registrant_zone(registration)
    context = _link_context(registration)
    if with_other_sessions and not registration.attended:
        # The other times they may switch to (their region's, then national), seats left;
        # none once they came to this one: an intro call is needed only once.
        others = [
            s
            for s in selectors_calls.upcoming_calls_for(registration.candidate)
            if s.pk != registration.call_id
        ]
        for other in others:
            other.seats_left = max(other.capacity - other.registered_count, 0)
        context["other_sessions"] = others
    with timezone.override(zone):
        return render(request, template, context)


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
    return format_day(when, "moment")


# --- The hosts' pages ---------------------------------------------------------------------


def _require_host(request: HttpRequest) -> None:
    if not may_host_intro_calls(request.user):
        raise PermissionDenied


def _host_session(request: HttpRequest, pk: int) -> IntroCall:
    """The session, if the user may see it; 404 otherwise (also for a missing one)."""
    _require_host(request)
    return get_object_or_404(
        selectors_calls.calls_visible_to(request.user).select_related("host", "region"), pk=pk
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
    roster = list(selectors_calls.roster_for(session, viewer=request.user))
    if request.method == "POST":
        # Only this roster's rows count; anything else in the form is ignored.
        ids = {registration.pk for registration in roster}
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
    for registration in selectors_calls.roster_for(session, viewer=request.user):
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
