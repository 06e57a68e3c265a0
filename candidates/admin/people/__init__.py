"""Candidates in the admin: the directors' list of the people in their regions.

Everything is scoped to the user's regions by ``RegionScopedAdmin``. The stage changes
only through the "Move stage…" action, which calls ``services.candidate_move``.
Demographics never appear here (PRODUCT.md, "Privacy"): not as a column, filter,
inline or CSV column. They are seen only in aggregate reports.
"""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from rfs import registry
from rfs.admin import RegionScopedAdmin
from rfs.enums import AuditAction
from rfs.selectors import sees_all_regions

from ... import services
from ...forms import normalise_phone
from ...models import Candidate
from ..email_delivery import email_again, email_delivery
from ..filters import ScopedRegionFilter, StateFilter
from .actions import CandidateActionsMixin
from .filters import OfficeLevelFilter, SignupMonthFilter, SourceFilter, StageChangeInline
from .search import CandidateSearchMixin, CappedCountPaginator

# --- Change page --------------------------------------------------------------------------


# Fields staff may correct on the change page. Nothing that changes the region (ZIP,
# state), the pipeline (stage, activity) or what the person agreed to (consents).
EDITABLE_FIELDS = ["phone", "city", "county", "when_might_run"]


class CandidateForm(forms.ModelForm):
    class Meta:
        model = Candidate
        fields = EDITABLE_FIELDS

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        return normalise_phone(phone) if phone else ""


def _day(moment) -> str:
    return date_format(timezone.localtime(moment), "N j, Y") if moment else "-"


# --- The admin ----------------------------------------------------------------------------


@admin.register(Candidate)
class CandidateAdmin(CandidateActionsMixin, CandidateSearchMixin, RegionScopedAdmin):
    list_display = [
        "name",
        "email",
        "state",
        "region",
        "stage",
        "activity",
        "stage_changed_on",
        "signed_up_on",
    ]
    list_display_links = ["name"]
    list_filter = [
        "stage",
        "activity",
        StateFilter,
        ("region", ScopedRegionFilter),
        OfficeLevelFilter,
        SignupMonthFilter,
        SourceFilter,
    ]
    list_select_related = ["user", "region"]
    # What the search box reaches; get_search_results does the matching.
    search_fields = ["user__name", "user__email", "phone", "zip_code"]
    search_help_text = _("Name, email, phone (typed any way) or ZIP code.")
    ordering = ["-stage_changed_at"]
    show_full_result_count = False
    paginator = CappedCountPaginator
    # Django's 100 rows took as long to draw as the search took to find them.
    list_per_page = 50
    actions = ["move_stage", "send_on_to_screening", "export_csv", email_again]
    audit_view = AuditAction.VIEW_CANDIDATE
    inlines = [StageChangeInline]
    form = CandidateForm
    fieldsets = [
        (None, {"fields": ["name", "email", email_delivery, "phone", "date_of_birth"]}),
        (_("Where"), {"fields": ["zip_code", "city", "county", "state", "region"]}),
        (
            _("Pipeline"),
            {
                "fields": ["stage", "stage_changed_at", "activity", "created_at"],
                "description": _(
                    "The stage changes with the “Move stage…” action on the list, so "
                    "every move is recorded. The candidate sets their own activity."
                ),
            },
        ),
        (
            _("What they told us"),
            {
                "fields": [
                    "when_might_run",
                    "run_before",
                    "run_before_detail",
                    "heard_from",
                    "heard_from_detail",
                    "consent_email",
                    "consent_sms",
                ],
            },
        ),
        (_("Readiness"), {"fields": ["courses_completed_list"]}),
        (
            _("Campaign"),
            {
                "classes": ["collapse"],
                "fields": [
                    "utm_source",
                    "utm_medium",
                    "utm_campaign",
                    "utm_term",
                    "utm_content",
                    "referrer",
                ],
            },
        ),
    ]
    readonly_fields = [
        "courses_completed_list",
        email_delivery,
        "name",
        "email",
        "date_of_birth",
        "zip_code",
        "state",
        "region",
        "stage",
        "stage_changed_at",
        "activity",
        "created_at",
        "run_before",
        "run_before_detail",
        "heard_from",
        "heard_from_detail",
        "consent_email",
        "consent_sms",
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "referrer",
    ]

    def get_readonly_fields(self, request, obj=None):
        # National staff correct a date of birth (it decides endorsement eligibility by
        # age); the candidate adds a missing one on their profile.
        fields = super().get_readonly_fields(request, obj)
        if sees_all_regions(request.user):
            return [f for f in fields if f != "date_of_birth"]
        return fields

    @admin.display(description=_("name"), ordering="user__name")
    def name(self, candidate: Candidate) -> str:
        return candidate.user.name or "—"

    @admin.display(description=_("email"), ordering="user__email")
    def email(self, candidate: Candidate) -> str:
        return candidate.user.email

    # The list shows days, not minutes: the full time is on the record, and a date keeps
    # both columns on one short line at desk width.
    @admin.display(description=_("stage changed"), ordering="stage_changed_at")
    def stage_changed_on(self, candidate: Candidate) -> str:
        return _day(candidate.stage_changed_at)

    @admin.display(description=_("signed up"), ordering="created_at")
    def signed_up_on(self, candidate: Candidate) -> str:
        return _day(candidate.created_at)

    @admin.display(description=_("courses completed"))
    def courses_completed_list(self, candidate: Candidate) -> str:
        """Trainings count as readiness in the screening and endorsement review: the
        resources app gives its lines through ``rfs.registry.candidate_readiness``."""

        lines = [
            line for readiness in registry.candidate_readiness for line in readiness(candidate)
        ]
        return ", ".join(lines) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "region")

    # Candidates sign up themselves, and leave through their own erasure, which keeps
    # the history anonymous; deleting here would skip that.
    def audit_person(self, candidate: Candidate) -> int:
        return candidate.user_id

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if "date_of_birth" in form.changed_data and form.cleaned_data["date_of_birth"]:
            # National staff only (the field is read-only for anyone else).
            services.candidate_set_date_of_birth(
                candidate=obj,
                date_of_birth=form.cleaned_data["date_of_birth"],
                by=request.user,
            )
        # Only the fields on the form: a stage move made while this page was open stays.
        obj.save(
            update_fields=[*[f for f in form.changed_data if f in EDITABLE_FIELDS], "updated_at"]
        )

    # --- The list and its CSV -------------------------------------------------------------
