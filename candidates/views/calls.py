"""Weekly intro calls: the candidate's pages and the emailed links (the hosts' pages are in
``host_calls``).

Every write goes through ``candidates.services``; lists come from
``candidates.selectors.calls``.
"""

import zoneinfo
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rfs.dates import format_day

from .. import selectors, services
from ..enums import CallStatus, RegistrationStatus
from ..ics import intro_call_ics
from ..models import IntroCall, IntroCallRegistration
from ..selectors import candidate_for_user

# --- The candidate's pages ----------------------------------------------------------------


@login_required
def calls(request: HttpRequest) -> HttpResponse:
    """Upcoming sessions (their region's first, then national) and their own place."""
    candidate = selectors.candidate_key_for_user(request.user)
    sessions = selectors.upcoming_calls_for(candidate)
    more_to_come = len(sessions) >= selectors.UPCOMING_LIMIT
    mine = {
        registration.call_id: registration
        for registration in selectors.active_registrations_for(candidate)
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
    sessions = {session.pk: session for session in selectors.upcoming_calls_for(candidate)}
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
            for s in selectors.upcoming_calls_for(registration.candidate)
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
