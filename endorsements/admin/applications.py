"""Applications in the admin: scoped to the user's regions, read-only, decided in bulk by
national staff (``services.reviews.decisions_make_bulk``)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count, OuterRef, Q, Subquery
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rfs.admin import RegionFilter, RegionScopedAdmin

from ..enums import Recommendation, VoteChoice
from ..models import (
    Application,
    DirectorRecommendation,
)
from ..services.reviews import BULK_LIMIT, decisions_make_bulk
from .inlines import EventInline, RecommendationInline, ResearchInline, VoteInline

# Refusals listed one by one after a bulk decision before the rest are summed up.
REFUSALS_LISTED = 20


# Applications named on the decline confirmation page.
DECLINE_PREVIEW = 20


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the candidates"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("Each candidate reads this in their email, and sees it if they apply again."),
    )
    override_reason = forms.CharField(
        label=_("Deciding before the recommendation or the quorum? Say why"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "Internal, kept in each application's history. Without it, applications that aren't "
            "ready are skipped."
        ),
    )


class EndorseForm(forms.Form):
    override_reason = DeclineForm.base_fields["override_reason"]


@admin.register(Application)
class ApplicationAdmin(RegionScopedAdmin):
    region_path = "region"
    list_display = [
        "candidate_name",
        "office",
        "status",
        "director_recommends",
        "submitted_at",
        "decision_due_on",
        "tally",
    ]
    list_display_links = ["candidate_name"]
    list_filter = ["status", "cycle", ("region", RegionFilter)]
    # The cycle too: each row's checkbox is labelled with the application's name.
    list_select_related = ["candidate__user", "race", "region", "cycle"]
    search_fields = ["candidate__user__name", "candidate__user__email"]
    search_help_text = _("Candidate's name or email.")
    ordering = ["decision_due_on", "-submitted_at", "pk"]
    show_full_result_count = False
    actions = ["endorse_selected", "decline_selected"]
    inlines = [RecommendationInline, ResearchInline, VoteInline, EventInline]
    fields = [
        "review_link",
        "candidate",
        "cycle",
        "status",
        "region",
        "race",
        "submitted_at",
        "decision_due_on",
        "decided_at",
        "decided_by",
        "decision_reason",
        "previous",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        # The vote tally in the list's one query: no query per row.
        return (
            super()
            .get_queryset(request)
            .annotate(
                votes_approve=Count("votes", filter=Q(votes__choice=VoteChoice.APPROVE)),
                votes_decline=Count("votes", filter=Q(votes__choice=VoteChoice.DECLINE)),
                votes_abstain=Count("votes", filter=Q(votes__choice=VoteChoice.ABSTAIN)),
                votes_recused=Count("votes", filter=Q(votes__choice=VoteChoice.RECUSED)),
                # Which way the director recommends, in the same query.
                recommendation_value=Subquery(
                    DirectorRecommendation.objects.filter(application=OuterRef("pk")).values(
                        "recommendation"
                    )[:1]
                ),
            )
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Applications leave through the candidate's own withdrawal or erasure, never a delete here.
        actions.pop("delete_selected", None)
        return actions

    # Read-only: the review and the decisions happen on the review page and in the actions.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm("endorsements.decide")

    @admin.display(description=_("candidate"), ordering="candidate__user__name")
    def candidate_name(self, application: Application) -> str:
        user = application.candidate.user
        return user.name or user.email

    @admin.display(description=_("office"), ordering="race__office_name")
    def office(self, application: Application) -> str:
        return application.race.office_name if application.race else "—"

    @admin.display(description=_("director recommends"), ordering="recommendation_value")
    def director_recommends(self, application: Application) -> str:
        # Not named "recommendation": the admin would read the reverse relation, a query a row.
        value = application.recommendation_value
        return Recommendation(value).label if value else "—"

    @admin.display(description=_("votes (approve / decline / abstain / recused)"))
    def tally(self, application: Application) -> str:
        return (
            f"{application.votes_approve} / {application.votes_decline} / {application.votes_abstain} / "
            f"{application.votes_recused}"
        )

    @admin.display(description=_("review"))
    def review_link(self, application: Application) -> str:
        if application.submitted_at is None:
            return _("A draft: nothing to review yet.")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("endorsements:review", kwargs={"pk": application.pk}),
            _("Open the review page (application, research, votes and history side by side)"),
        )

    # --- Decisions -------------------------------------------------------------------------

    def _decide(
        self, request, queryset, *, approve: bool, reason: str = "", override_reason: str = ""
    ) -> None:
        if queryset.count() > BULK_LIMIT:
            self.message_user(
                request,
                _("Please decide at most %(limit)d applications at a time.")
                % {"limit": BULK_LIMIT},
                messages.ERROR,
            )
            return
        applications = list(queryset.order_by().select_related("candidate__user").order_by("pk"))
        done, skipped = decisions_make_bulk(
            applications=applications,
            by=request.user,
            approve=approve,
            reason=reason,
            override_reason=override_reason,
        )
        if done:
            self.message_user(
                request,
                (
                    ngettext(
                        "%(count)d candidate endorsed. We've emailed them.",
                        "%(count)d candidates endorsed. We've emailed them.",
                        len(done),
                    )
                    if approve
                    else ngettext(
                        "%(count)d application declined. We've emailed the candidate with your reason.",
                        "%(count)d applications declined. We've emailed each candidate with your reason.",
                        len(done),
                    )
                )
                % {"count": len(done)},
                messages.SUCCESS,
            )
        for application, why in skipped[:REFUSALS_LISTED]:
            self.message_user(request, f"{application.candidate}: {why}", messages.WARNING)
        if len(skipped) > REFUSALS_LISTED:
            self.message_user(
                request,
                _("…and %(count)d more were skipped.") % {"count": len(skipped) - REFUSALS_LISTED},
                messages.WARNING,
            )

    @admin.action(description=_("Endorse selected…"), permissions=["decide"])
    def endorse_selected(self, request, queryset):
        """Show who will be endorsed and the email they will get, then endorse each."""
        return self._confirm(request, queryset, approve=True)

    @admin.action(description=_("Decline selected…"), permissions=["decide"])
    def decline_selected(self, request, queryset):
        """Ask for the reason the candidates will read, show who gets it, then decline each."""
        return self._confirm(request, queryset, approve=False)

    def _confirm(self, request, queryset, *, approve: bool):
        """A decision acts only from its confirmation page: it names the candidates, says
        which aren't ready (no recommendation, or short of the cycle's quorum) and the email
        each will get; a written reason lets staff decide the unready ones anyway."""
        form = (EndorseForm if approve else DeclineForm)(
            request.POST if "apply" in request.POST else None
        )
        if form.is_bound and form.is_valid():
            self._decide(
                request,
                queryset,
                approve=approve,
                reason=form.cleaned_data.get("reason", ""),
                override_reason=form.cleaned_data["override_reason"],
            )
            return None  # back to the list, with the messages
        count = queryset.count()
        # The list's annotations (tally, recommendation) come with the rows: one query.
        preview = list(
            queryset.select_related("candidate__user", "race", "cycle")[:DECLINE_PREVIEW]
        )
        for application in preview:
            value = application.recommendation_value
            application.recommendation_label = Recommendation(value).label if value else ""
            counted = (
                application.votes_approve + application.votes_decline + application.votes_abstain
            )
            application.not_ready = [
                *([] if application.recommendation_value else [_("no recommendation yet")]),
                *(
                    []
                    if counted >= application.cycle.quorum
                    else [
                        _("%(count)d of %(quorum)d votes")
                        % {"count": counted, "quorum": application.cycle.quorum}
                    ]
                ),
            ]
        return TemplateResponse(
            request,
            f"admin/endorsements/application/{'endorse' if approve else 'decline'}.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Endorse applications") if approve else _("Decline applications"),
                "opts": self.opts,
                "form": form,
                "count": count,
                "preview": preview,
                "more": count - len(preview),
                # The subject the candidates will read, included by the page.
                "email_subject_template": f"emails/endorsement_{'approved' if approve else 'declined'}.subject.txt",
                "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
                "select_across": request.POST.get("select_across", "0"),
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )
