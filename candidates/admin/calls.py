"""Intro calls in the admin: schedules, sessions and registrations, scoped to the user's regions.

The day-to-day work (adding a session, the roster, marking a call as held) lives on the
host pages (``candidates:host_calls``). Here directors look after their weekly schedules
and look things up. Changes to a session go through ``services.intro_call_update`` so
the people registered hear about a new time or link; registrations are read-only.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from rfs.admin import RegionFilter, RegionScopedAdmin

from .. import services
from ..models import IntroCall, IntroCallRegistration, IntroCallSchedule


@admin.register(IntroCallSchedule)
class IntroCallScheduleAdmin(RegionScopedAdmin):
    region_path = "region"
    list_display = ["__str__", "host", "capacity", "active"]
    list_filter = ["active", ("region", RegionFilter)]
    list_select_related = ["region", "host"]
    raw_id_fields = ["host"]
    show_full_result_count = False


class IntroCallAdminForm(forms.ModelForm):
    meeting_url = forms.URLField(
        label=_("video meeting link"), max_length=500, assume_scheme="https"
    )

    class Meta:
        model = IntroCall
        fields = ["region", "host", "starts_at", "duration_minutes", "meeting_url", "capacity"]


@admin.register(IntroCall)
class IntroCallAdmin(RegionScopedAdmin):
    region_path = "region"
    form = IntroCallAdminForm
    list_display = ["starts_at", "region", "host", "status", "capacity"]
    list_filter = ["status", ("region", RegionFilter)]
    list_select_related = ["region", "host"]
    ordering = ["-starts_at"]
    raw_id_fields = ["host"]
    readonly_fields = ["status", "schedule"]
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        # The host pages' rule for one session (its host, its region's directors, staff),
        # besides the admin's region scope: a national session is never a director's to change.
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or request.user.has_perm("candidates.run_intro_call", obj))

    def save_model(self, request, obj, form, change):
        data = {field: form.cleaned_data[field] for field in IntroCallAdminForm.Meta.fields}
        if change:
            # Reload the stored row: the service compares old and new to decide who to email.
            stored = IntroCall.objects.get(pk=obj.pk)
            changed = {field: data[field] for field in form.changed_data if field in data}
            if changed:
                services.intro_call_update(call=stored, by=request.user, **changed)
        else:
            created = services.intro_call_create(by=request.user, **data)
            obj.pk = created.pk
            obj._state.adding = False
            obj._state.db = created._state.db


@admin.register(IntroCallRegistration)
class IntroCallRegistrationAdmin(RegionScopedAdmin):
    region_path = "call__region"
    list_display = ["candidate", "call", "status", "joined_at", "attended"]
    list_filter = ["status", ("call__region", RegionFilter)]
    list_select_related = ["candidate__user", "call__region"]
    search_fields = ["candidate__user__email", "candidate__user__name"]
    show_full_result_count = False
    fields = ["call", "candidate", "status", "created_at", "confirmed_at", "joined_at", "attended"]
    # Places change through the candidate's pages and the roster, which send the emails.
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
