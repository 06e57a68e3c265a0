"""Offices data in the admin: national staff manage it and import it from CSV files."""

from datetime import date

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rfs.admin import RegionScopedAdmin

from ..imports import COLUMNS, REQUIRED_COLUMNS, CsvFileError, csv_open, offices_import
from ..models import Election, Jurisdiction, Office

# Bad rows listed on the import page; the rest are counted.
MAX_ERRORS_SHOWN = 200


@admin.register(Jurisdiction)
class JurisdictionAdmin(RegionScopedAdmin):
    region_path = None  # offices data belongs to no region: national staff only
    list_display = ["name", "kind", "state", "county", "city", "updated_at"]
    list_filter = ["kind", "state"]
    search_fields = ["name", "county", "city", "=ocd_id"]
    readonly_fields = ["updated_at"]
    show_full_result_count = False


class ElectionInline(admin.TabularInline):
    model = Election
    fields = ["kind", "date", "filing_deadline", "filing_fee", "signatures_required"]
    extra = 0


@admin.register(Office)
class OfficeAdmin(RegionScopedAdmin):
    region_path = None
    list_display = ["name", "level", "jurisdiction", "district", "seats", "next_election"]
    # The state filter offers the State choices: no query to list the options.
    list_filter = ["level", ("jurisdiction__state", admin.ChoicesFieldListFilter)]
    list_select_related = ["jurisdiction"]
    search_fields = ["name", "jurisdiction__name", "=ocd_id"]
    autocomplete_fields = ["jurisdiction"]
    readonly_fields = ["updated_at"]
    inlines = [ElectionInline]
    show_full_result_count = False

    def get_queryset(self, request):
        # One query for the upcoming elections of the offices on the page. (A subquery
        # per office with ORDER BY date LIMIT 1 leads PostgreSQL to walk the date index:
        # seconds per page with 500,000 offices.)
        upcoming = Election.objects.filter(date__gte=timezone.localdate()).order_by("date")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("elections", queryset=upcoming, to_attr="upcoming_elections")
            )
        )

    @admin.display(description=_("next election"))
    def next_election(self, office: Office) -> date | None:
        return office.upcoming_elections[0].date if office.upcoming_elections else None

    def get_urls(self):
        import_url = path(
            "import/", self.admin_site.admin_view(self.import_view), name="candidates_office_import"
        )
        # Before the default URLs, whose "<object_id>/" would take "import/".
        return [import_url, *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a CSV file of offices, run the import (or a dry run), show the report."""
        if not request.user.has_perm("candidates.add_office"):
            raise PermissionDenied
        report = None
        if request.method == "POST":
            form = OfficeImportForm(request.POST, request.FILES)
            if form.is_valid():
                report = offices_import(
                    rows=form.csv_file.rows, dry_run=form.cleaned_data["dry_run"]
                )
        else:
            form = OfficeImportForm()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import offices from CSV"),
            "opts": self.opts,
            "form": form,
            "report": report,
            "errors_shown": report.errors[:MAX_ERRORS_SHOWN] if report else [],
            "errors_hidden": max(len(report.errors) - MAX_ERRORS_SHOWN, 0) if report else 0,
            "required_columns": REQUIRED_COLUMNS,
            "optional_columns": [column for column in COLUMNS if column not in REQUIRED_COLUMNS],
        }
        return TemplateResponse(request, "admin/candidates/office/import.html", context)


class OfficeImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "UTF-8 CSV with a header line. The columns are described in docs/offices-import.md."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and show what would change, without saving anything"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.csv_file = csv_open(upload.file)
        except CsvFileError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


@admin.register(Election)
class ElectionAdmin(RegionScopedAdmin):
    region_path = None
    list_display = ["office", "jurisdiction", "kind", "date", "filing_deadline"]
    list_filter = ["kind", ("office__jurisdiction__state", admin.ChoicesFieldListFilter)]
    list_select_related = ["office__jurisdiction"]
    search_fields = ["office__name", "office__jurisdiction__name"]
    autocomplete_fields = ["office"]
    show_full_result_count = False

    @admin.display(description=_("jurisdiction"), ordering="office__jurisdiction__name")
    def jurisdiction(self, election: Election) -> Jurisdiction:
        return election.office.jurisdiction
