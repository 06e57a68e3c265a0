"""1:1 screening calls: the candidate's booking page, the screener's home and log form.

Every write goes through ``candidates.services``; lists come from
``candidates.selectors.screening``. The log's notes are private: only the screener who
wrote them sees them here (directors and staff read them in the admin). A call that is
not the screener's answers 404, the same as a missing one.
"""

from datetime import datetime
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rfs import registry
from rfs.audit import audit_record
from rfs.enums import AuditAction, Role
from rfs.net import client_address

from .. import selectors, services
from ..enums import ScreeningCallStatus
from ..forms import AvailabilityForm, ScreenerApplyForm, ScreeningLogForm
from ..ics import screening_call_ics
from ..models import Screener, ScreenerAvailability, ScreeningCall
from ..selectors import candidate_for_user

OPEN = (ScreeningCallStatus.BOOKED, ScreeningCallStatus.ASSIGNED)


def _open_call(candidate) -> ScreeningCall | None:
    return (
        ScreeningCall.objects.filter(candidate=candidate, status__in=OPEN)
        .select_related("screener__user")
        .first()
    )


# --- The candidate's pages ----------------------------------------------------------------


@login_required
def screening(request: HttpRequest) -> HttpResponse:
    """Open slots grouped by day (in the viewer's zone), and their own call if they have one."""
    candidate = candidate_for_user(request.user)
    call = _open_call(candidate)
    if not candidate.screening_opt_in_at and call is None:
        return render(request, "candidates/screening/opt_in.html", {"candidate": candidate})
    slots = selectors.open_slots_for(candidate)
    days = [
        (day, list(day_slots))
        for day, day_slots in groupby(
            slots, key=lambda slot: timezone.localtime(slot.starts_at).date()
        )
    ]
    return render(
        request,
        "candidates/screening/book.html",
        {"candidate": candidate, "call": call, "days": days},
    )


@login_required
@require_POST
def screening_book(request: HttpRequest) -> HttpResponse:
    """Book a slot, or move their open call to it: one button."""
    candidate = candidate_for_user(request.user)
    starts_at = _parse_when(request.POST.get("starts_at", ""))
    screener_pk = request.POST.get("screener", "")
    if starts_at is None or not screener_pk.isdigit():
        messages.error(request, _("That time isn't available any more. Please pick another."))
        return redirect("candidates:screening")
    screener = Screener.objects.filter(pk=int(screener_pk)).select_related("user").first()
    call = _open_call(candidate)
    try:
        if screener is None:
            raise services.SlotUnavailable(
                _("That time isn't available any more. Please pick another.")
            )
        if call is not None and call.screener_id == screener.pk:
            services.screening_reschedule(call=call, starts_at=starts_at, by=request.user)
        else:
            # Booking cancels their open call with someone else in the same step.
            services.screening_book(
                candidate=candidate, screener=screener, starts_at=starts_at, by=request.user
            )
    except (services.SlotUnavailable, services.OptInRequired) as error:
        messages.error(request, str(error))
        return redirect("candidates:screening")
    messages.success(request, _("You're booked! We've emailed you the details and the link."))
    return redirect("candidates:screening")


@login_required
@require_POST
def screening_assign(request: HttpRequest) -> HttpResponse:
    """None of the times work: a volunteer with room this week will get in touch."""
    candidate = candidate_for_user(request.user)
    try:
        services.screening_request_assignment(candidate=candidate, by=request.user)
    except services.NoScreenerAvailable as error:
        messages.error(request, str(error))
        return redirect("candidates:screening")
    messages.success(request, _("Thanks! A volunteer will email you to find a time that works."))
    return redirect("candidates:screening")


@login_required
def screening_ics(request: HttpRequest) -> HttpResponse:
    """Their booked 1:1 as a calendar file ("Add to calendar" on My journey); 404 while
    they have none with a time."""
    candidate = candidate_for_user(request.user)
    call = _open_call(candidate)
    if call is None or call.starts_at is None:
        raise Http404
    response = HttpResponse(screening_call_ics(call), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="one-on-one.ics"'
    return response


@login_required
@require_POST
def screening_cancel(request: HttpRequest) -> HttpResponse:
    candidate = candidate_for_user(request.user)
    call = _open_call(candidate)
    if call is None:
        raise Http404
    services.screening_cancel(call=call, by=request.user)
    messages.success(
        request, _("Your one-on-one is cancelled. Pick another time whenever suits you.")
    )
    return redirect("candidates:screening")


def _parse_when(value: str) -> datetime | None:
    try:
        when = parse_datetime(value)
    except ValueError:
        return None
    if when is None or timezone.is_naive(when):
        return None
    return when


# --- The screener's pages -----------------------------------------------------------------


def _screener_for(request: HttpRequest) -> Screener:
    screener = Screener.objects.filter(user=request.user).first()
    if screener is None:
        raise PermissionDenied
    return screener


@login_required
def screener_home(request: HttpRequest) -> HttpResponse:
    screener = _screener_for(request)
    dashboard = selectors.screener_dashboard(screener)
    return render(
        request,
        "candidates/screening/screener_home.html",
        {
            "screener": screener,
            "upcoming": dashboard.upcoming,
            "waiting_for_log": dashboard.waiting_for_log,
            "screened": dashboard.screened,
            "availability": list(screener.availability.all()),
            "availability_form": AvailabilityForm(),
        },
    )


@login_required
def screener_apply(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.has_role(Role.CANDIDATE) and len(user.role_names) == 1:
        raise Http404
    if Screener.objects.filter(user=user).exists():
        return redirect("candidates:screener_home")
    form = ScreenerApplyForm(
        request.POST or None, initial={"time_zone": user.time_zone or "America/New_York"}
    )
    if request.method == "POST" and form.is_valid():
        services.screener_apply(user=user, **form.cleaned_data)
        messages.success(
            request, _("Thank you! A regional director will look at your application soon.")
        )
        return redirect("candidates:screener_home")
    return render(request, "candidates/screening/apply.html", {"form": form})


@login_required
@require_POST
def screener_availability_add(request: HttpRequest) -> HttpResponse:
    screener = _screener_for(request)
    form = AvailabilityForm(request.POST)
    if form.is_valid():
        try:
            services.availability_add(screener=screener, **form.cleaned_data)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Added. Candidates can book these times now."))
    else:
        messages.error(
            request, " ".join(str(error) for errors in form.errors.values() for error in errors)
        )
    return redirect("candidates:screener_home")


@login_required
@require_POST
def screener_availability_remove(request: HttpRequest, pk: int) -> HttpResponse:
    screener = _screener_for(request)
    availability = get_object_or_404(ScreenerAvailability, pk=pk, screener=screener)
    services.availability_remove(availability=availability)
    messages.success(request, _("Removed. Calls already booked stay booked."))
    return redirect("candidates:screener_home")


@login_required
def screening_log(request: HttpRequest, pk: int) -> HttpResponse:
    """The log form. "Suggest resources" re-renders with the suggestions ticked; "Save and
    send" writes the log and sends the ticked resources."""
    screener = Screener.objects.filter(user=request.user).first()
    if screener is None:
        raise Http404
    call = get_object_or_404(
        ScreeningCall.objects.select_related("candidate__user", "candidate__region").filter(
            Q(status__in=OPEN) | Q(status=ScreeningCallStatus.LOGGED)
        ),
        pk=pk,
        screener=screener,
    )
    logged = call.status == ScreeningCallStatus.LOGGED
    if request.method == "POST" and not logged:
        if request.POST.get("action") == "suggest":
            return _render_log(
                request, call, _with_suggestions(request.POST, recipient=call.candidate.user)
            )
        form = ScreeningLogForm(request.POST, recipient=call.candidate.user)
        if form.is_valid():
            try:
                services.screening_log_create(call=call, by=request.user, **form.cleaned_data)
            except services.TooEarly as error:
                # What they typed stays on the page with the reason it wasn't saved.
                form.add_error(None, str(error))
                return _render_log(request, call, form)
            messages.success(
                request,
                _("Saved. The resources are on their way to %(name)s.")
                % {"name": call.candidate.user.get_short_name()},
            )
            return redirect("candidates:screener_home")
        return _render_log(request, call, form)
    return _render_log(
        request, call, None if logged else ScreeningLogForm(recipient=call.candidate.user)
    )


def _with_suggestions(data, *, recipient) -> ScreeningLogForm:
    data = data.copy()
    follow_ups = registry.screening_follow_ups.provider
    suggested = (
        follow_ups.suggested(
            concerns=data.getlist("concerns"),
            next_step=data.get("next_step", ""),
            for_user=recipient,
        )
        if follow_ups is not None
        else []
    )
    data.setlist("resources", sorted({*data.getlist("resources"), *(str(r.pk) for r in suggested)}))
    form = ScreeningLogForm(data, recipient=recipient)
    # Shown as ticked, not yet checked: errors appear only when they press save.
    form.full_clean()
    form._errors = {}
    return form


def _render_log(
    request: HttpRequest, call: ScreeningCall, form: ScreeningLogForm | None
) -> HttpResponse:
    log = getattr(call, "log", None) if form is None else None
    audit_record(
        action=AuditAction.VIEW_SCREENING,
        acting_user=request.user,
        person=call.candidate.user_id,
        about=log or call,
        address=client_address(request),
    )
    return render(
        request, "candidates/screening/log.html", {"call": call, "form": form, "log": log}
    )
