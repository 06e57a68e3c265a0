"""The application change page's read-only inlines: recommendation, research, votes, history."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import (
    ApplicationEvent,
    DirectorRecommendation,
    ResearchItem,
    Vote,
)


class _ReadOnlyInline(admin.TabularInline):
    """Part of the application: whoever may view the application sees it; nobody edits here."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("endorsements.view_application")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecommendationInline(_ReadOnlyInline):
    model = DirectorRecommendation
    fields = ["recommendation", "text", "director", "updated_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("director")


class ResearchInline(_ReadOnlyInline):
    model = ResearchItem
    fields = [
        "kind",
        "finding",
        "checked_by",
        "checked_at",
        "explanation_question",
        "explanation",
        "explained_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("checked_by")


class VoteInline(_ReadOnlyInline):
    model = Vote
    fields = ["member", "choice", "comment", "updated_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member")


class EventInline(_ReadOnlyInline):
    model = ApplicationEvent
    fields = ["at", "kind", "by", "note"]
    readonly_fields = fields
    verbose_name_plural = _("history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")
