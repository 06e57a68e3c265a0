"""Undeliverable addresses in the admin: national staff see them all and clear one once
the person confirms their address works (``rfs.services.suppression.suppression_clear``,
audited). Directors clear their own candidates' from the candidate's page instead.
Registered from ``rfs.apps``; rows are written only by the provider's webhooks."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .admin import RegionScopedAdmin
from .models import EmailSuppression
from .net import client_address
from .services.suppression import suppression_clear


class EmailSuppressionAdmin(RegionScopedAdmin):
    region_path = None  # addresses across every region: national staff only
    list_display = ["email", "reason", "provider", "created_at"]
    list_filter = ["reason", "provider"]
    search_fields = ["=email"]
    show_full_result_count = False
    fields = ["email", "reason", "provider", "detail", "created_at"]
    readonly_fields = fields
    actions = ["clear"]

    @admin.action(description=_("Email these addresses again (clear the block)"))
    def clear(self, request, queryset):
        cleared = sum(
            suppression_clear(
                email=row.email, acting_user=request.user, address=client_address(request)
            )
            for row in queryset
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d address will get email again.",
                "%(count)d addresses will get email again.",
                cleared,
            )
            % {"count": cleared},
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # clearing goes through the audited action
        return actions

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


if not admin.site.is_registered(EmailSuppression):
    admin.site.register(EmailSuppression, EmailSuppressionAdmin)
