"""Candidates in the admin: the directors' list of the people in their regions.

Everything is scoped to the user's regions by ``RegionScopedAdmin``. The stage changes
only through the "Move stage…" action, which calls ``services.candidate_move``.
Demographics never appear here (PRODUCT.md, "Privacy"): not as a column, filter,
inline or CSV column. They are seen only in aggregate reports.
"""

import re
from collections.abc import Iterator
from datetime import datetime, timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rfs import registry
from rfs.admin import RegionScopedAdmin
from rfs.csv_writer import csv_stream
from rfs.enums import AuditAction
from rfs.rules import is_national_staff
from rfs.selectors import sees_all_regions

from .. import services
from ..enums import (
    TRANSITIONS,
    Activity,
    ChangeKind,
    HeardFrom,
    OfficeLevel,
    RunBefore,
    Stage,
    WhenMightRun,
)
from ..forms import normalise_phone
from ..models import Candidate, OfficeInterest, StageChange
from .filters import ScopedRegionFilter, StateFilter

# --- List filters -------------------------------------------------------------------------


class OfficeLevelFilter(admin.SimpleListFilter):
    """Candidates curious about an office of this level.

    An EXISTS subquery rather than a join: a candidate with two county offices of
    interest is listed once, and the list needs no DISTINCT.
    """

    title = _("office level of interest")
    parameter_name = "interest_level"

    def lookups(self, request, model_admin):
        return OfficeLevel.choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.value() not in OfficeLevel.values:
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(
            Exists(OfficeInterest.objects.filter(candidate=OuterRef("pk"), level=self.value()))
        )


class SignupMonthFilter(admin.SimpleListFilter):
    """The last 12 months, as ranges on ``created_at`` (indexed) in the viewer's zone."""

    title = _("signed up in")
    parameter_name = "signed_up"
    months = 12

    def lookups(self, request, model_admin):
        month = timezone.localdate().replace(day=1)
        choices = []
        for _i in range(self.months):
            choices.append((f"{month:%Y-%m}", date_format(month, "YEAR_MONTH_FORMAT")))
            month = (month - timedelta(days=1)).replace(day=1)
        return choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            start = datetime.strptime(self.value(), "%Y-%m")
        except ValueError as error:
            raise IncorrectLookupParameters(error) from error
        end = (start + timedelta(days=32)).replace(day=1)
        return queryset.filter(
            created_at__gte=timezone.make_aware(start), created_at__lt=timezone.make_aware(end)
        )


class SourceFilter(admin.SimpleListFilter):
    """Where they came from, as the dashboard counts it: the campaign (utm_source), or for
    people who came without one, what they told us at signup (``heard_from``).

    The options come from the dashboard's summary cells (``rfs.registry.candidate_sources``, one
    small query on the user's regions) rather than a DISTINCT over every candidate of the
    region on each view, so a new source is offered once beat has refreshed the cells. A
    source that is not offered (new, or past the first ``limit``) can still be filtered on
    by its URL parameter.
    """

    title = _("source")
    parameter_name = "source"
    limit = 50

    def lookups(self, request, model_admin):
        provider = registry.candidate_sources.provider
        sources = provider(request.user, limit=self.limit) if provider else []
        told_us = dict(HeardFrom.choices)
        return [(source, told_us.get(source, source)) for source in sources]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        match = Q(utm_source=self.value())
        if self.value() in HeardFrom.values:
            match |= Q(utm_source="", heard_from=self.value())
        return queryset.filter(match)


# --- Change page --------------------------------------------------------------------------


class StageChangeInline(admin.TabularInline):
    """The stage history, oldest first. Read-only: moves are made with the action."""

    model = StageChange
    fields = ["at", "kind", "from_stage", "to_stage", "activity", "by", "note"]
    readonly_fields = fields
    ordering = ["at", "pk"]
    extra = 0
    can_delete = False
    verbose_name = _("step")
    verbose_name_plural = _("stage history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    # The history is part of the candidate: whoever may view the candidate sees it.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("candidates.view_candidate")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


# --- Actions ------------------------------------------------------------------------------

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


# --- CSV ----------------------------------------------------------------------------------

# (header, field). No demographics, no date of birth, no free text.
CSV_COLUMNS = [
    (_("ID"), "pk"),
    (_("Name"), "user__name"),
    (_("Email"), "user__email"),
    (_("Phone"), "phone"),
    (_("ZIP code"), "zip_code"),
    (_("City"), "city"),
    (_("County"), "county"),
    (_("State"), "state"),
    (_("Region"), "region__name"),
    (_("Stage"), "stage"),
    (_("Activity"), "activity"),
    (_("Stage changed"), "stage_changed_at"),
    (_("Signed up"), "created_at"),
    (_("When they might run"), "when_might_run"),
    (_("Run before"), "run_before"),
    (_("Heard of us from"), "heard_from"),
    (_("Agrees to email"), "consent_email"),
    (_("Agrees to texts"), "consent_sms"),
    (_("Source"), "utm_source"),
    (_("Medium"), "utm_medium"),
    (_("Campaign"), "utm_campaign"),
]
CSV_LABELS = {
    "stage": dict(Stage.choices),
    "activity": dict(Activity.choices),
    "when_might_run": dict(WhenMightRun.choices),
    "run_before": dict(RunBefore.choices),
    "heard_from": dict(HeardFrom.choices),
}
CSV_CHUNK = 2000


def _csv_value(value, zone):
    """A value as the export shows it; ``rfs.csv_writer`` then keeps formulas inert."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return value


def candidates_csv(queryset: QuerySet[Candidate], *, filename: str) -> StreamingHttpResponse:
    """Stream the rows as CSV, a chunk at a time: a million rows never sit in memory."""
    fields = [field for _header, field in CSV_COLUMNS]
    # Translate and read the zone now: the rows are written after the view (and the
    # middleware that set the language and zone) have returned.
    header = [str(header) for header, _field in CSV_COLUMNS]
    labels = {
        field: {value: str(label) for value, label in choices.items()}
        for field, choices in CSV_LABELS.items()
    }
    zone = timezone.get_current_timezone()

    def rows() -> Iterator[list]:
        for row in queryset.values_list(*fields).iterator(chunk_size=CSV_CHUNK):
            yield [
                _csv_value(labels[field].get(value, value) if field in labels else value, zone)
                for field, value in zip(fields, row, strict=True)
            ]

    response = csv_stream(header, rows(), filename=filename)
    response["Cache-Control"] = "no-store"
    return response


# Only digits and the characters people put around them: (651) 555-0123, +1 651.555.0123.
PHONE_LIKE = re.compile(r"[\d\s().+-]+")


def phone_digits(term: str) -> str:
    """The digits of a search term typed as a phone number ('' for anything else)."""
    term = term.strip()
    if not PHONE_LIKE.fullmatch(term):
        return ""
    digits = re.sub(r"\D", "", term)
    return digits if len(digits) >= 4 else ""


def _term_match(term: str) -> Q:
    """One search word: a person's name or email, else a phone's digits or a ZIP code."""
    match = Q(search_text__icontains=term)
    digits = phone_digits(term)
    if digits:
        match |= Q(phone__contains=digits)
    if term.isdigit():
        match |= Q(zip_code__startswith=term)
    return match


# --- Counting -------------------------------------------------------------------------------


class CappedCountPaginator(Paginator):
    """Counts no further than ``cap`` rows.

    Counting every row a director may see is the slowest part of the list at national
    scale (a quarter of a million rows in one region); past the cap the list offers its
    first hundred pages, and narrowing it or the CSV (every row) does the rest. The count
    is one query as before, without ORDER BY so PostgreSQL may stop at the cap by any
    plan.
    """

    cap = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.cap].count()

    @property
    def capped(self) -> bool:
        return self.count >= self.cap


# --- The admin ----------------------------------------------------------------------------


@admin.register(Candidate)
class CandidateAdmin(RegionScopedAdmin):
    list_display = [
        "name",
        "email",
        "state",
        "region",
        "stage",
        "activity",
        "stage_changed_at",
        "created_at",
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
    actions = ["move_stage", "send_on_to_screening", "export_csv"]
    audit_view = AuditAction.VIEW_CANDIDATE
    inlines = [StageChangeInline]
    form = CandidateForm
    fieldsets = [
        (None, {"fields": ["name", "email", "phone", "date_of_birth"]}),
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

    @admin.display(description=_("courses completed"))
    def courses_completed_list(self, candidate: Candidate) -> str:
        """Trainings count as readiness in the screening and endorsement review: the
        resources app gives its lines through ``rfs.registry.candidate_readiness``."""
        from rfs import registry

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

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and getattr(changelist.paginator, "capped", False):
            if changelist.query:
                text = _(
                    "%(count)s or more people match. Add a word (a last name, a town) to narrow the search."
                )
            else:
                text = _(
                    "Showing the first %(count)s. Filter the list to narrow it, or export it as CSV for every row."
                )
            messages.info(request, text % {"count": f"{changelist.paginator.cap:,}"})
        return response

    def get_search_results(self, request, queryset, search_term):
        """Every word must match a name, an email, a phone or a ZIP code (as Django's
        search does), without joining people to the whole region.

        Names and emails are matched on the candidate's own copy of them
        (``Candidate.search_text``), which PostgreSQL answers from one trigram index
        (migration ``candidates.0007``): the cost follows how many candidates match, and
        the region's filter is checked on those rows only (a subquery on people found
        every person of that name in the country first; a join read the whole region). Phones are
        matched by their digits (stored as +16515550123, so "(651) 555-0123" finds it) and
        ZIP codes by their start, only for words that can be one; those still read the
        region's rows.
        """
        terms = [
            unescape_string_literal(bit)
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]
            else bit
            for bit in smart_split(search_term)
        ]
        terms = [term for term in terms if term]
        if not terms:
            return queryset, False
        match = Q()
        for term in terms:
            match &= _term_match(term)
        digits = phone_digits(search_term)
        if digits:
            # The whole search typed as one phone number: "(651) 555-0123" is two words.
            match |= Q(phone__contains=digits)
        # Every lookup is on the candidate or a subquery: no row can appear twice.
        return queryset.filter(match), False

    # --- The list and its CSV -------------------------------------------------------------

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
        may_override = is_national_staff(request.user)
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
