"""The candidates list's actions: move stage (through ``services.candidate_move``), send on to
screening, export as CSV."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ... import services
from ...enums import (
    TRANSITIONS,
    ChangeKind,
    Stage,
)
from .export import candidates_csv

# One request moves at most this many candidates (each move locks and writes its rows).
MOVE_LIMIT = 500


# Candidates named on the confirmation page.
MOVE_PREVIEW = 20


# Refusals listed one by one before the rest are summed up.
REFUSALS_LISTED = 20


class MoveStageForm(forms.Form):
    # No stage preselected: a move is always a deliberate choice.
    to_stage = forms.ChoiceField(label=_("Move to"), choices=[("", "---------"), *Stage.choices])
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Kept in each candidate's stage history."),
    )
    override = forms.BooleanField(
        label=_("This is outside the usual steps"),
        required=False,
        help_text=_(
            "National staff only: makes the move even where the usual steps don't allow it."
        ),
    )

    def __init__(self, *args, may_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_override:
            del self.fields["override"]


class CandidateActionsMixin:
    """Move stage, send on to screening and export: the list's actions and their pages."""

    def get_urls(self):
        export = path(
            "export.csv",
            self.admin_site.admin_view(self.export_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request: HttpRequest):
        """The whole list as the user filtered and searched it, every page, as CSV.

        The link carries the list's query string; the list itself builds the queryset, so
        the region scope, filters, search and ordering are exactly the list's.
        """
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            changelist_url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
            )
            return HttpResponseRedirect(f"{changelist_url}?{ERROR_FLAG}=1")
        return candidates_csv(changelist.queryset, filename=self._csv_filename())

    def _csv_filename(self) -> str:
        return f"candidates-{timezone.localdate():%Y-%m-%d}.csv"

    @admin.action(
        description=_("Send on to a 1:1 call (without an intro call)"), permissions=["change"]
    )
    def send_on_to_screening(self, request, queryset):
        """A director or national staff lets candidates book a 1:1 before an intro call;
        the service records who did, and refuses candidates outside the person's regions."""
        if queryset.count() > MOVE_LIMIT:
            self.message_user(
                request,
                _("Please pick at most %(limit)d candidates at a time.") % {"limit": MOVE_LIMIT},
                messages.ERROR,
            )
            return
        sent, refused = 0, 0
        for candidate in queryset.select_related("user"):
            try:
                services.candidate_send_on_to_screening(candidate=candidate, by=request.user)
                sent += 1
            except PermissionError:
                refused += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d candidate can now book a 1:1 call.",
                    "%(count)d candidates can now book a 1:1 call.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d candidate is outside your regions and was skipped.",
                    "%(count)d candidates are outside your regions and were skipped.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )

    @admin.action(description=_("Export to CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return candidates_csv(queryset, filename=self._csv_filename())

    @admin.action(description=_("Move stage…"), permissions=["change"])
    def move_stage(self, request, queryset):
        """Ask for the stage and a reason, then move each candidate through the service."""
        may_override = request.user.has_perm("candidates.move_outside_steps")
        count = queryset.count()
        if count > MOVE_LIMIT:
            self.message_user(
                request,
                _("Please move at most %(limit)d candidates at a time (%(count)d selected).")
                % {"limit": MOVE_LIMIT, "count": count},
                messages.ERROR,
            )
            return None
        form = MoveStageForm(
            request.POST if "apply" in request.POST else None, may_override=may_override
        )
        if form.is_bound and form.is_valid():
            self._move(
                request,
                queryset,
                to_stage=form.cleaned_data["to_stage"],
                reason=form.cleaned_data["reason"],
                override=may_override and form.cleaned_data.get("override", False),
                may_override=may_override,
            )
            return None  # back to the list, with the messages
        preview = list(queryset.select_related("user")[:MOVE_PREVIEW])
        return TemplateResponse(
            request,
            "admin/candidates/candidate/move_stage.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Move stage"),
                "opts": self.opts,
                "form": form,
                "count": count,
                "preview": preview,
                "more": count - len(preview),
                "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
                "select_across": request.POST.get("select_across", "0"),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "usual_steps": [
                    (
                        Stage(stage).label,
                        [Stage(to).label for to in Stage.values if to in TRANSITIONS[stage]],
                    )
                    for stage in Stage.values
                ],
                "may_override": may_override,
            },
        )

    def _move(
        self, request, queryset, *, to_stage: str, reason: str, override: bool, may_override: bool
    ) -> None:
        stage_label = Stage(to_stage).label
        moved = recorded = already = 0
        refused: list[str] = []
        for candidate in list(queryset.select_related("user")):
            if candidate.stage == to_stage:
                already += 1
                continue
            try:
                change = services.candidate_move(
                    candidate=candidate,
                    to_stage=to_stage,
                    by=request.user,
                    note=reason,
                    override=override,
                )
            except services.IllegalTransition as error:
                refused.append(str(error))
                continue
            if change.kind == ChangeKind.EVENT:
                recorded += 1
            else:
                moved += 1

        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d candidate moved to %(stage)s.",
                    "%(count)d candidates moved to %(stage)s.",
                    moved,
                )
                % {"count": moved, "stage": stage_label},
                messages.SUCCESS,
            )
        if recorded:
            self.message_user(
                request,
                ngettext(
                    "%(count)d candidate was already past %(stage)s: noted in their history, stage unchanged.",
                    "%(count)d candidates were already past %(stage)s: noted in their history, stage unchanged.",
                    recorded,
                )
                % {"count": recorded, "stage": stage_label},
                messages.INFO,
            )
        if already:
            self.message_user(
                request,
                ngettext(
                    "%(count)d candidate was already at %(stage)s.",
                    "%(count)d candidates were already at %(stage)s.",
                    already,
                )
                % {"count": already, "stage": stage_label},
                messages.INFO,
            )
        for reason_refused in refused[:REFUSALS_LISTED]:
            self.message_user(request, reason_refused, messages.ERROR)
        if len(refused) > REFUSALS_LISTED:
            self.message_user(
                request,
                _("…and %(count)d more could not be moved.")
                % {"count": len(refused) - REFUSALS_LISTED},
                messages.ERROR,
            )
        if refused:
            self.message_user(
                request,
                (
                    _("To make these moves anyway, tick “This is outside the usual steps”.")
                    if may_override
                    else _(
                        "Moves outside the usual steps are made by national staff, with a written reason."
                    )
                ),
                messages.WARNING,
            )
