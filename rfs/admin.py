"""The admin is the directors' workplace: every model admin scopes rows to the user's regions."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import registry, services
from .audit import audit_record
from .enums import AuditAction, EmailStatus, Role, State
from .models import AuditEvent, OutboundEmail, Region, User
from .net import client_address
from .selectors import regions_visible_to, sees_all_regions

admin.site.site_header = _("Run for Something: workplace")
admin.site.site_title = _("Workplace")
admin.site.index_title = _("Your regions at a glance")


# Django's admin brings its own sign-in, sign-out and password pages. Its sign-in form
# would be a second way in, with neither allauth's rate limits nor the second factor, so
# each of these pages hands over to allauth's.
def _admin_login(request, extra_context=None):
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect("admin:index")
        # Signed in, but not to a role that opens the workplace. allauth's sign-in page
        # would send them straight back here, so say no instead.
        raise PermissionDenied
    next_url = request.GET.get("next") or reverse("admin:index")
    # allauth checks that ``next`` stays on this site before following it.
    return redirect_to_login(next_url, login_url=reverse("account_login"))


def _admin_logout(request, extra_context=None):
    # 307 keeps the admin's POST (with its CSRF token), so allauth signs the person out
    # at once, as the admin's button promised; a GET shows allauth's "sign out?" page.
    response = HttpResponseRedirect(reverse("account_logout"))
    response.status_code = 307
    return response


def _admin_password_change(request, extra_context=None):
    return redirect("account_change_password")


admin.site.login = _admin_login
admin.site.logout = _admin_logout
admin.site.password_change = _admin_password_change
admin.site.password_change_done = _admin_password_change


class RegionScopedAdmin(admin.ModelAdmin):
    """Base for every model admin: rows outside the user's regions do not exist.

    ``region_path`` is the lookup from the model to its ``Region`` ("region",
    "candidate__region", ...); an empty path means the model is the region itself, and
    ``None`` means the rows belong to no region, so only national staff see them.
    National staff see every row. Objects outside the scope answer 404.
    """

    region_path: str | None = "region"
    # A change page that shows a candidate's personal data writes a row of the audit trail
    # per request: the action, and ``audit_person(obj)`` whose data it is.
    audit_view: AuditAction | None = None
    # Facet counts run one COUNT per filter option: too costly on a million rows.
    show_facets = admin.ShowFacets.NEVER

    def get_queryset(self, request) -> QuerySet:
        queryset = super().get_queryset(request)
        if sees_all_regions(request.user):
            return queryset
        if self.region_path is None:
            return queryset.none()
        regions = regions_visible_to(request.user).values("pk")
        lookup = f"{self.region_path}__in" if self.region_path else "pk__in"
        return queryset.filter(**{lookup: regions})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"  # a link typed without a scheme means https
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """A region picker offers only the user's regions; only national staff may leave
        an optional region empty (a national row a director could then not see)."""
        if db_field.related_model is Region:
            kwargs["queryset"] = regions_visible_to(request.user)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if (
            db_field.related_model is Region
            and field is not None
            and not sees_all_regions(request.user)
        ):
            field.required = True
            field.empty_label = None
        return field

    def audit_person(self, obj) -> int | None:
        return None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if self.audit_view is not None and obj is not None:
            audit_record(
                action=self.audit_view,
                acting_user=request.user,
                person=self.audit_person(obj),
                about=obj,
                address=client_address(request),
            )
        return super().render_change_form(
            request, context, add=add, change=change, form_url=form_url, obj=obj
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # The same answer for "missing" and "outside your regions".
            raise Http404
        return obj


class RegionFilter(admin.RelatedFieldListFilter):
    """The region filter in a list offers only the regions the user may see."""

    def field_choices(self, field, request, model_admin):
        return [(region.pk, str(region)) for region in regions_visible_to(request.user)]


class RegionForm(forms.ModelForm):
    member_states = forms.MultipleChoiceField(
        label=_("States"),
        choices=State.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Region
        fields = ["name", "directors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["member_states"] = list(
                self.instance.states.values_list("state", flat=True)
            )

    def clean_member_states(self):
        states = self.cleaned_data["member_states"]
        taken = (
            Region.objects.exclude(pk=self.instance.pk)
            .filter(states__state__in=states)
            .values_list("name", "states__state")
        )
        if taken:
            raise forms.ValidationError(
                _("Each state belongs to one region. Already taken: %(taken)s."),
                params={"taken": ", ".join(f"{state} ({name})" for name, state in taken)},
            )
        return states


@admin.register(Region)
class RegionAdmin(RegionScopedAdmin):
    region_path = ""
    form = RegionForm
    list_display = ["name", "member_states", "director_list"]
    search_fields = ["name"]
    filter_horizontal = ["directors"]
    fields = ["name", "member_states", "directors"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("states", "directors")

    @admin.display(description=_("States"))
    def member_states(self, region: Region) -> str:
        return ", ".join(sorted(s.state for s in region.states.all()))

    @admin.display(description=_("Directors"))
    def director_list(self, region: Region) -> str:
        return ", ".join(str(d) for d in region.directors.all()) or "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.region_set_states(region=form.instance, states=form.cleaned_data["member_states"])


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


@admin.register(OutboundEmail)
class OutboundEmailAdmin(RegionScopedAdmin):
    region_path = None  # message bodies are personal data: national staff only
    list_display = ["subject", "to_email", "purpose", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "purpose", "transactional"]
    # Not the bodies: a code waiting to be sent must not be findable (the subjects and
    # unique keys of emails with a code hold none).
    search_fields = ["to_email", "subject", "purpose", "unique_key"]
    show_full_result_count = False
    actions = ["send_again"]
    fields = [
        "purpose",
        "to_email",
        "recipient",
        "subject",
        "text",
        "html",
        "headers",
        "ics",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "unique_key",
        "redact_after_send",
    ]
    readonly_fields = fields
    raw_id_fields = ["recipient"]

    # An email with a sign-in code or a one-click link shows staff only that it was sent:
    # before it goes out the code is still in the row (for retries), but not on this page.
    @admin.display(description=_("text"))
    def text(self, email: OutboundEmail) -> str:
        return OutboundEmail.REDACTED_BODY if email.redact_after_send else email.body_text

    @admin.display(description=_("HTML"))
    def html(self, email: OutboundEmail) -> str:
        return "" if email.redact_after_send else email.body_html

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recipient")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Try failed emails again now"), permissions=["view"])
    def send_again(self, request, queryset):
        count = queryset.filter(status=EmailStatus.FAILED).update(
            status=EmailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now()
        )
        self.message_user(
            request, _("%(count)d emails queued again.") % {"count": count}, messages.SUCCESS
        )


@admin.register(AuditEvent)
class AuditEventAdmin(RegionScopedAdmin):
    """The audit trail, read-only, for national staff. "Whose" and "who" link to the
    trail of that person (what was seen or done about them) and of that actor (what they
    saw or did); the search takes an exact email address of either."""

    region_path = None  # who saw whom across every region: national staff only
    list_display = ["at", "action", "actor_link", "person_link", "record", "address"]
    # No date hierarchy: its MIN/MAX and DISTINCT-by-day queries read the whole table.
    list_filter = ["action", "at"]
    list_select_related = ["actor", "person"]
    search_fields = ["=person__email", "=actor__email"]
    show_full_result_count = False
    fields = ["at", "action", "actor", "person", "record_type", "object_id", "address"]
    readonly_fields = fields

    def lookup_allowed(self, lookup, value, request=None):
        # The per-person and per-actor links filter on these two ids.
        return lookup in {"person__id__exact", "actor__id__exact"} or super().lookup_allowed(
            lookup, value, request
        )

    def _trail_link(self, user: User | None, lookup: str):
        if user is None:
            return "—"  # erased, or never signed in
        url = reverse("admin:rfs_auditevent_changelist") + f"?{lookup}={user.pk}"
        return format_html('<a href="{}">{}</a>', url, user.email)

    @admin.display(description=_("who"), ordering="actor__email")
    def actor_link(self, event: AuditEvent):
        return self._trail_link(event.actor, "actor__id__exact")

    @admin.display(description=_("whose"), ordering="person__email")
    def person_link(self, event: AuditEvent):
        return self._trail_link(event.person, "person__id__exact")

    @admin.display(description=_("record"))
    def record(self, event: AuditEvent) -> str:
        return f"{event.record_type} {event.object_id}".strip() or "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
