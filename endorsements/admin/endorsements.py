"""Endorsements in the admin: the list, listing on the public page, and the election results
(``results``)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rfs.admin import RegionScopedAdmin

from ..models import (
    Endorsement,
)
from ..services.results import endorsement_set_listed
from .results import RESULT_ACTIONS


@admin.register(Endorsement)
class EndorsementAdmin(RegionScopedAdmin):
    region_path = None
    list_display = [
        "display_name",
        "office_name",
        "state",
        "election_date",
        "listed",
        "endorsed_at",
    ]
    list_filter = ["listed", "office_level", "state"]
    search_fields = ["display_name", "office_name", "jurisdiction_name"]
    ordering = ["-endorsed_at"]
    show_full_result_count = False
    # Listing, and the election results (``admin.results``: the candidate's own page's service).
    actions = ["list_selected", "unlist_selected", *RESULT_ACTIONS]
    fields = [
        "public_link",
        "display_name",
        "office_name",
        "office_level",
        "district",
        "jurisdiction_name",
        "state",
        "election_date",
        "listed",
        "website",
        "donation_url",
        "bio",
        "photo",
        "endorsed_at",
        "application",
    ]
    readonly_fields = fields

    def get_actions(self, request):
        actions = super().get_actions(request)
        # An endorsement is made by a decision and leaves with the candidate; never deleted here.
        actions.pop("delete_selected", None)
        return actions

    # Made by decisions; changed only through the actions (the candidate may change their
    # listing too): the list's actions need the change permission, each page is read-only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("public page"))
    def public_link(self, endorsement: Endorsement) -> str:
        if not endorsement.listed:
            return _("Not listed")
        return format_html(
            '<a href="{}">{}</a>',
            reverse("endorsements:public_detail", kwargs={"slug": endorsement.slug}),
            _("Open the public page"),
        )

    def _set_listed(self, request, queryset, *, listed: bool) -> None:
        changed = 0
        for endorsement in queryset:
            if endorsement.listed != listed:
                endorsement_set_listed(endorsement=endorsement, listed=listed, by=request.user)
                changed += 1
        self.message_user(
            request,
            (
                ngettext("%(count)d endorsement listed.", "%(count)d endorsements listed.", changed)
                if listed
                else ngettext(
                    "%(count)d endorsement unlisted.", "%(count)d endorsements unlisted.", changed
                )
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("List on the public page"), permissions=["change"])
    def list_selected(self, request, queryset):
        self._set_listed(request, queryset, listed=True)

    @admin.action(description=_("Remove from the public page"), permissions=["change"])
    def unlist_selected(self, request, queryset):
        self._set_listed(request, queryset, listed=False)
