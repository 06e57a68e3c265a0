"""Resources are managed by national staff in the admin (the full library comes later).

What was sent to whom is a read-only list: screeners send resources from their log form.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from rfs.admin import RegionScopedAdmin

from .enums import Topic
from .models import Resource, SentResource


class ResourceForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    url = forms.URLField(label=_("link"), max_length=500, assume_scheme="https", required=False)

    class Meta:
        model = Resource
        fields = ["title", "url", "file", "description", "topics", "audience", "published"]


@admin.register(Resource)
class ResourceAdmin(RegionScopedAdmin):
    region_path = None  # the library is national
    form = ResourceForm
    list_display = ["title", "topic_list", "audience", "published", "updated_at"]
    list_filter = ["published", "audience"]
    search_fields = ["title", "description"]
    show_full_result_count = False

    @admin.display(description=_("topics"))
    def topic_list(self, resource: Resource) -> str:
        labels = dict(Topic.choices)
        return ", ".join(str(labels.get(topic, topic)) for topic in resource.topics) or "—"


@admin.register(SentResource)
class SentResourceAdmin(RegionScopedAdmin):
    region_path = None
    list_display = ["resource", "candidate", "sent_at"]
    list_select_related = ["resource", "candidate__user"]
    search_fields = ["candidate__user__email", "resource__title"]
    show_full_result_count = False
    fields = ["resource", "candidate", "screening_log", "sent_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
