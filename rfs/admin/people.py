"""People in the admin: inviting staff and giving them roles."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import registry, services
from ..enums import Role
from ..models import Region, User
from ..net import client_address
from .base import RegionScopedAdmin


class InviteForm(forms.ModelForm):
    """Adding a person in the admin invites them by email."""

    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions they direct"),
        queryset=Region.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for regional directors."),
    )

    class Meta:
        model = User
        fields = ["email", "name"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("regions") and Role.REGIONAL_DIRECTOR not in cleaned.get("roles", []):
            self.add_error("regions", _("Only regional directors direct regions."))
        return cleaned


class PersonForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = User
        fields = ["name", "time_zone", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["roles"] = sorted(self.instance.role_names)


@admin.register(User)
class UserAdmin(RegionScopedAdmin):
    region_path = None
    list_display = ["email", "name", "role_list", "is_active", "date_joined", "last_login"]
    list_filter = ["groups", "is_active", "is_staff"]
    search_fields = ["email", "name"]
    ordering = ["email"]
    readonly_fields = ["date_joined", "last_login", "is_staff"]
    actions = ["deactivate"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = PersonForm if obj else InviteForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["email", "name", "roles", "regions"]
        return [
            "name",
            "email",
            "time_zone",
            "roles",
            "is_active",
            "is_staff",
            "date_joined",
            "last_login",
        ]

    def get_readonly_fields(self, request, obj=None):
        # The address is also allauth's login address: people change it themselves.
        return [*self.readonly_fields, "email"] if obj else []

    @admin.display(description=_("Roles"))
    def role_list(self, user: User) -> str:
        labels = dict(Role.choices)
        return ", ".join(str(labels.get(g.name, g.name)) for g in user.groups.all()) or "—"

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            if "name" in form.changed_data:
                # Apps that copy the name elsewhere (the candidate's search text) hear of it.
                for renamed in registry.person_renamed:
                    renamed(user=obj)
        else:
            invited = services.user_invite(
                email=form.cleaned_data["email"],
                name=form.cleaned_data["name"],
                roles=form.cleaned_data["roles"],
                regions=form.cleaned_data["regions"],
                invited_by=request.user,
            )
            # The admin goes on to save related objects and redirect for this instance.
            obj.pk = invited.pk
            obj._state.adding = False
            obj._state.db = invited._state.db

    def save_related(self, request, form, formsets, change):
        if change:
            services.user_set_roles(
                user=form.instance,
                roles=form.cleaned_data["roles"],
                acting_user=request.user,
                address=client_address(request),
            )

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request, _("Invitation sent to %(email)s.") % {"email": obj.email}, messages.SUCCESS
        )
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=_("Deactivate selected people"), permissions=["change"])
    def deactivate(self, request, queryset):
        people = list(queryset.exclude(pk=request.user.pk))
        for person in people:
            services.user_deactivate(user=person, acting_user=request.user)
        self.message_user(
            request,
            ngettext("%(count)d person deactivated.", "%(count)d people deactivated.", len(people))
            % {"count": len(people)},
            messages.SUCCESS,
        )
