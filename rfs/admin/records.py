"""The outbox and the audit trail in the admin: read-only records."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..enums import EmailStatus
from ..models import AuditEvent, OutboundEmail, User
from .base import RegionScopedAdmin


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
