"""The outreach pages: segments (list, create, edit, delete) and an email to a segment
(write, preview for three people with the count and who is left out, send)."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rfs.models import Region, User
from rfs.rules import is_national_staff

from . import digest, outreach, outreach_delivery, outreach_selectors, selectors
from .forms import SegmentEmailForm, SegmentForm
from .models import Segment, SegmentEmail

PREVIEW_COUNT = 3


@login_required
def segment_list(request: HttpRequest) -> HttpResponse:
    segments = list(outreach_selectors.segments_for(request.user))
    return render(request, "workplace/segments.html", {"segments": segments})


def _segment_form(request: HttpRequest, data=None, initial=None) -> SegmentForm:
    user = request.user
    regions = Region.objects.order_by("name")
    if not is_national_staff.test(user):
        regions = regions.filter(directors=user)
    owner_ids = [person.pk for person in selectors.owners_in_use(user)]
    owners = User.objects.filter(pk__in=owner_ids).order_by("name", "email")
    return SegmentForm(data, initial=initial, regions=regions, owners=owners)


def _segment_edit(request: HttpRequest, segment: Segment | None) -> HttpResponse:
    initial = SegmentForm.initial_from(segment) if segment else None
    form = _segment_form(request, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        try:
            segment = outreach.segment_save(
                user=request.user,
                segment=segment,
                name=form.cleaned_data["name"],
                filters=form.filters(),
            )
        except outreach.OutreachError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Segment saved."))
            return redirect("workplace:segment", pk=segment.pk)
    members = None
    if segment is not None:
        members = outreach_selectors.segment_candidates(request.user, segment.filters)
    return render(
        request,
        "workplace/segment.html",
        {
            "form": form,
            "segment": segment,
            "count": members.count() if members is not None else None,
            "members": list(members[:50]) if members is not None else [],
        },
    )


@login_required
def segment_new(request: HttpRequest) -> HttpResponse:
    outreach_selectors.segments_for(request.user)  # 403 for roles without segments
    return _segment_edit(request, None)


@login_required
def segment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _segment_edit(request, outreach_selectors.segment_for(request.user, pk))


@login_required
@require_POST
def segment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    outreach_selectors.segment_for(request.user, pk).delete()
    messages.success(request, _("Segment deleted."))
    return redirect("workplace:segments")


@login_required
def segment_email(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: write. POST "preview": the email as three recipients read it, the count and
    who is left out. POST "send": send (once per form: the token)."""
    segment = outreach_selectors.segment_for(request.user, pk)
    if request.method != "POST":
        form = SegmentEmailForm(initial={"token": secrets.token_urlsafe(24)})
        return _email_page(request, segment, form)
    form = SegmentEmailForm(request.POST)
    if not form.is_valid():
        return _email_page(request, segment, form)
    data = form.cleaned_data
    if request.POST.get("action") != "send":
        return _email_page(request, segment, form, preview=True)
    try:
        send, new = outreach.segment_email_send(
            user=request.user,
            segment=segment,
            token=data["token"],
            subject=data["subject"],
            body=data["body"],
            subject_es=data["subject_es"],
            body_es=data["body_es"],
        )
    except outreach.OutreachError as error:
        messages.error(request, str(error))
        return _email_page(request, segment, form)
    count = send.recipients.count()
    if new:
        messages.success(request, _("Sending to %(count)d people.") % {"count": count})
    else:
        messages.info(request, _("This email was already sent; nothing more was sent."))
    return redirect("workplace:segment", pk=segment.pk)


def _email_page(request, segment, form, *, preview: bool = False) -> HttpResponse:
    reach = outreach_selectors.audience(request.user, segment.filters)
    samples = []
    if preview:
        data = form.cleaned_data
        draft = SegmentEmail(
            subject=data["subject"],
            body=data["body"],
            subject_es=data["subject_es"],
            body_es=data["body_es"],
        )
        for candidate in reach.recipients[:PREVIEW_COUNT]:
            samples.append((candidate, outreach_delivery.compose(draft, candidate)))
    return render(
        request,
        "workplace/segment_email.html",
        {
            "segment": segment,
            "form": form,
            "reach": reach,
            "samples": samples,
            "preview": preview,
            "merge_fields": outreach_delivery.MERGE_FIELDS,
        },
    )


@login_required
def workplace_settings(request: HttpRequest) -> HttpResponse:
    """The director's own settings: for now, whether the daily digest comes."""
    outreach_selectors.segments_for(request.user)  # 403 for roles without the workplace
    if request.method == "POST":
        digest.digest_set(request.user, enabled=bool(request.POST.get("digest")))
        messages.success(request, _("Settings saved."))
        return redirect("workplace:settings")
    return render(
        request,
        "workplace/settings.html",
        {"digest_enabled": digest.digest_enabled(request.user)},
    )
