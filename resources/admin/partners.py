"""Partner organisations in the admin: national staff, or directors for their states."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _

from rfs.admin import RegionScopedAdmin
from rfs.enums import State
from rfs.models import RegionState
from rfs.selectors import regions_visible_to, sees_all_regions

from ..enums import PartnerFocus, PartnerScope
from ..models import (
    PartnerOrganization,
)


def _director_states(user) -> list[str]:
    return sorted(
        RegionState.objects.filter(region__in=regions_visible_to(user)).values_list(
            "state", flat=True
        )
    )


class PartnerForm(forms.ModelForm):
    # Set per request by the admin: None for national staff, else the states a director may pick.
    allowed_states: list[str] | None = None

    url = forms.URLField(label=_("website"), max_length=500, assume_scheme="https")
    focus = forms.MultipleChoiceField(
        label=_("focus"),
        choices=PartnerFocus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    states = forms.MultipleChoiceField(
        label=_("states"),
        choices=State.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Leave empty for a national organisation: it works everywhere."),
    )

    class Meta:
        model = PartnerOrganization
        fields = [
            "name",
            "slug",
            "url",
            "scope",
            "states",
            "focus",
            "focus_text",
            "description",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A page the director may only view (a national group) has no fields to narrow.
        if self.allowed_states is not None and "scope" in self.fields:
            # Directors add their own states' groups; national groups are national staff's.
            self.fields["scope"].choices = [
                (value, label)
                for value, label in PartnerScope.choices
                if value != PartnerScope.NATIONAL
            ]
            self.fields["states"].choices = [
                (value, label) for value, label in State.choices if value in self.allowed_states
            ]
            self.fields["states"].required = True

    def clean(self):
        cleaned = super().clean()
        scope, states = cleaned.get("scope"), cleaned.get("states") or []
        if scope == PartnerScope.NATIONAL and states:
            self.add_error(
                "states", _("A national organisation works in every state: leave the states empty.")
            )
        if scope in (PartnerScope.STATE, PartnerScope.LOCAL) and not states:
            self.add_error("states", _("Pick the states where they work."))
        return cleaned


class PartnerFocusFilter(admin.SimpleListFilter):
    title = _("focus")
    parameter_name = "focus"

    def lookups(self, request, model_admin):
        return PartnerFocus.choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.value() not in PartnerFocus.values:
            raise IncorrectLookupParameters(self.value())
        # The JSON list as text: '"women"' matches the value, never "black_women".
        return queryset.filter(focus__icontains=f'"{self.value()}"')


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(RegionScopedAdmin):
    region_path = None
    form = PartnerForm
    list_display = ["name", "scope", "state_list", "focus_list", "active"]
    list_filter = ["scope", PartnerFocusFilter, "active"]
    search_fields = ["name", "focus_text"]
    prepopulated_fields = {"slug": ["name"]}
    show_full_result_count = False

    def get_queryset(self, request):
        # The directory is public: directors see every organisation (and change only their own states').
        if request.user.has_perm("resources.view_partnerorganization"):
            return admin.ModelAdmin.get_queryset(self, request)
        return PartnerOrganization.objects.none()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        allowed = None if sees_all_regions(request.user) else _director_states(request.user)
        return type(form.__name__, (form,), {"allowed_states": allowed})

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or sees_all_regions(request.user):
            return True
        allowed = set(_director_states(request.user))
        return (
            obj.scope != PartnerScope.NATIONAL and bool(obj.states) and set(obj.states) <= allowed
        )

    @admin.display(description=_("states"))
    def state_list(self, partner: PartnerOrganization) -> str:
        return ", ".join(partner.states or []) or _("All")

    @admin.display(description=_("focus"))
    def focus_list(self, partner: PartnerOrganization) -> str:
        labels = dict(PartnerFocus.choices)
        return ", ".join(str(labels.get(focus, focus)) for focus in partner.focus or []) or "—"
