"""1:1 screening in the admin: screeners (approved here), their calls and the logs.

Directors approve their regions' screeners; staff all. Calls change through the
candidate's and the screener's pages, which send the emails, so here they are read-only.
Logs hold private notes: read-only, and only for the candidate's region directors and
national staff (the rules give nobody else ``view_screeninglog``).
"""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rfs.admin import RegionFilter, RegionScopedAdmin
from rfs.enums import AuditAction
from rfs.selectors import regions_visible_to, sees_all_regions

from .. import selectors, services
from ..enums import ScreenerStatus
from ..models import Screener, ScreenerAvailability, ScreeningCall, ScreeningLog


class ScreenerAvailabilityInline(admin.TabularInline):
    model = ScreenerAvailability
    extra = 0


@admin.register(Screener)
class ScreenerAdmin(RegionScopedAdmin):
    region_path = "regions"
    inlines = [ScreenerAvailabilityInline]
    list_display = ["user", "status", "weekly_capacity", "this_weeks_load", "time_zone"]
    list_filter = ["status", ("regions", RegionFilter)]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user"]
    filter_horizontal = ["regions"]
    readonly_fields = ["status", "approved_by", "approved_at", "created_at"]
    actions = ["approve"]
    show_full_result_count = False

    def get_queryset(self, request):
        # ``regions`` is many-to-many: a plain ``regions__in`` filter would list a screener
        # serving two of the director's regions twice, so ask "serves any of them?" instead.
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if sees_all_regions(request.user):
            return queryset
        serves = Screener.regions.through.objects.filter(
            screener_id=OuterRef("pk"), region_id__in=regions_visible_to(request.user).values("pk")
        )
        return queryset.filter(Exists(serves))

    def get_readonly_fields(self, request, obj=None):
        # A director sees only their regions: editing the list could drop a region they
        # cannot see, so which regions a screener serves is staff's (or the screener's) call.
        if sees_all_regions(request.user):
            return self.readonly_fields
        return [*self.readonly_fields, "regions"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # This week's load of every screener on the page: one query.
        load = selectors.screener_load(changelist.result_list)
        for screener in changelist.result_list:
            screener.week_load = load.get(screener.pk, 0)
        return changelist

    @admin.display(description=_("calls this week"))
    def this_weeks_load(self, screener: Screener) -> str:
        return str(getattr(screener, "week_load", "—"))

    @admin.action(description=_("Approve selected screeners"), permissions=["change"])
    def approve(self, request, queryset):
        waiting = list(queryset.exclude(status=ScreenerStatus.APPROVED))
        for screener in waiting:
            services.screener_approve(screener=screener, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d screener approved.", "%(count)d screeners approved.", len(waiting))
            % {"count": len(waiting)},
            messages.SUCCESS,
        )


@admin.register(ScreeningCall)
class ScreeningCallAdmin(RegionScopedAdmin):
    region_path = "candidate__region"
    list_display = ["candidate", "screener", "starts_at", "status", "assigned_by_load"]
    list_filter = ["status", ("candidate__region", RegionFilter)]
    list_select_related = ["candidate__user", "screener__user"]
    search_fields = ["candidate__user__email", "candidate__user__name"]
    ordering = ["-starts_at"]
    show_full_result_count = False
    fields = [
        "candidate",
        "screener",
        "starts_at",
        "duration_minutes",
        "status",
        "assigned_by_load",
        "created_at",
    ]
    # Bookings change through the candidate's and the screener's pages, which send the emails.
    readonly_fields = fields

    def has_add_permission(self, request):
        return False


@admin.register(ScreeningLog)
class ScreeningLogAdmin(RegionScopedAdmin):
    region_path = "candidate__region"
    list_display = ["candidate", "screener", "next_step", "created_at"]
    list_filter = ["next_step", ("candidate__region", RegionFilter)]
    list_select_related = ["candidate__user", "screener__user"]
    search_fields = ["candidate__user__email", "candidate__user__name"]
    show_full_result_count = False
    fields = [
        "candidate",
        "screener",
        "call",
        "problems_to_solve",
        "community_involvement",
        "concerns_notes",
        "progressive_meaning",
        "community_knowledge",
        "relationships",
        "campaign_understanding",
        "values_alignment",
        "concerns",
        "next_step",
        "created_at",
    ]
    readonly_fields = fields
    audit_view = AuditAction.VIEW_SCREENING

    def audit_person(self, log: ScreeningLog) -> int:
        return log.candidate.user_id

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
