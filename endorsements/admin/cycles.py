"""Endorsement cycles in the admin."""

from django.contrib import admin

from rfs.admin import RegionScopedAdmin

from ..models import (
    Cycle,
)


@admin.register(Cycle)
class CycleAdmin(RegionScopedAdmin):
    region_path = None
    list_display = [
        "name",
        "opens_on",
        "closes_on",
        "election_year",
        "recommendation_days",
        "vote_days",
        "decision_days",
        "quorum",
    ]
    ordering = ["-opens_on"]
    search_fields = ["name"]
    show_full_result_count = False
