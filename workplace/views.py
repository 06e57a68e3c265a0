"""The workplace pages: the inbox, the candidate list (by owner and tag) and the
candidate's record, with its three forms (note, stage move, owner and tags)."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.enums import Stage
from candidates.services import IllegalTransition
from rfs.audit import audit_record
from rfs.enums import AuditAction
from rfs.rules import is_national_staff

from . import selectors, services
from .forms import FileForm, MoveForm, NoteForm
from .models import Tag

PAGE_SIZE = 50


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("workplace.use_inbox"):
        raise PermissionDenied
    groups = selectors.inbox_for(request.user)
    count = sum(len(group.items) for group in groups)
    selectors.inbox_count_keep(request.user, count)
    return render(
        request,
        "workplace/inbox.html",
        {
            "groups": groups,
            "count": count,
            "inbox_count": count,
            # The rule itself: for a committee member user.has_perm would go on to read
            # Django's permission tables (two queries) to find nothing.
            "may_open_records": rules.has_perm("workplace.open_records", request.user),
        },
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def candidate_list(request: HttpRequest) -> HttpResponse:
    tag, owner = _int(request.GET.get("tag")), _int(request.GET.get("owner"))
    rows = selectors.candidates_list(request.user, tag=tag, owner=owner)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "workplace/candidates.html",
        {
            "page": page,
            "tags": list(selectors.tags()),
            "tag": tag,
            "owner": owner,
            "owners": selectors.owners_in_use(request.user),
        },
    )


def _record_context(request: HttpRequest, candidate) -> dict:
    colleagues = list(selectors.colleagues_for(candidate))
    file = selectors.file_for(candidate)
    return {
        "candidate": candidate,
        # Each app's section rendered with its own context.
        "sections": [
            (section, render_to_string(section.template, section.context, request=request))
            for section in selectors.record_sections(candidate, request.user)
        ],
        "notes": selectors.notes_for(candidate),
        "colleagues": colleagues,
        "owners": list(selectors.owner_choices(candidate)),
        "file": file,
        "file_tag_ids": {tag.pk for tag in file.tags.all()} if file else set(),
        "tags": list(selectors.tags()),
        "stages": [(value, label) for value, label in Stage.choices if value != candidate.stage],
        "may_move": request.user.has_perm("candidates.change_candidate"),
        "may_override": is_national_staff.test(request.user),
    }


@login_required
def record(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.record_candidate(request.user, pk)
    audit_record(
        action=AuditAction.VIEW_CANDIDATE,
        acting_user=request.user,
        person=candidate.user_id,
        about=candidate,
    )
    return render(request, "workplace/record.html", _record_context(request, candidate))


@login_required
@require_POST
def record_note(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.record_candidate(request.user, pk)
    form = NoteForm(request.POST, colleagues=selectors.colleagues_for(candidate))
    if form.is_valid():
        try:
            services.note_add(
                candidate=candidate,
                author=request.user,
                text=form.cleaned_data["text"],
                mentions=list(form.cleaned_data["mentions"]),
            )
        except services.WorkplaceError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Note saved."))
    else:
        messages.error(request, _("Please write the note, and mention only colleagues listed."))
    return redirect("workplace:record", pk=candidate.pk)


@login_required
@require_POST
def record_move(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.record_candidate(request.user, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a stage and give the reason."))
        return redirect("workplace:record", pk=candidate.pk)
    try:
        services.record_move(
            candidate=candidate,
            to_stage=form.cleaned_data["to_stage"],
            by=request.user,
            reason=form.cleaned_data["reason"],
            override=form.cleaned_data["override"],
        )
    except (services.WorkplaceError, IllegalTransition) as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Moved to %(stage)s.") % {"stage": Stage(form.cleaned_data["to_stage"]).label},
        )
    return redirect("workplace:record", pk=candidate.pk)


@login_required
@require_POST
def record_file(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.record_candidate(request.user, pk)
    form = FileForm(request.POST, colleagues=selectors.owner_choices(candidate))
    if not form.is_valid():
        messages.error(request, _("Please choose an owner from the list."))
        return redirect("workplace:record", pk=candidate.pk)
    tags = list(form.cleaned_data["tags"])
    new_tag = form.cleaned_data["new_tag"].strip()
    if new_tag:
        tags.append(Tag.objects.get_or_create(name=new_tag)[0])
    try:
        services.file_set(
            candidate=candidate, by=request.user, owner=form.cleaned_data["owner"], tags=tags
        )
    except services.WorkplaceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Owner and tags saved."))
    return redirect("workplace:record", pk=candidate.pk)
