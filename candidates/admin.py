from django.contrib import admin

from rfs.admin import RegionFilter, RegionScopedAdmin

from .models import Candidate


@admin.register(Candidate)
class CandidateAdmin(RegionScopedAdmin):
    list_display = ["user", "state", "region", "created_at"]
    list_filter = [("region", RegionFilter), "state"]
    list_select_related = ["user", "region"]
    search_fields = ["user__name", "user__email"]
    readonly_fields = ["user", "created_at"]
    fields = ["user", "state", "region", "created_at"]
    show_full_result_count = False
