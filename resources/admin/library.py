"""The library in the admin: resources and what was sent to whom."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from rfs.admin import RegionScopedAdmin

from ..enums import Topic
from ..markdown import render_markdown
from ..models import (
    Resource,
    SentResource,
)
from .common import MARKDOWN_HELP, RESERVED_SLUGS, ReadOnlyAdmin, _topic_labels


class ResourceForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("topics"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    url = forms.URLField(label=_("link"), max_length=500, assume_scheme="https", required=False)

    class Meta:
        model = Resource
        fields = [
            "title",
            "slug",
            "format",
            "url",
            "file",
            "description",
            "body",
            "topics",
            "audience",
            "published",
        ]
        help_texts = {
            "body": MARKDOWN_HELP,
            "slug": _("The end of the resource's address in the library, made from the title."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every resource the library shows has its own page.
        self.fields["slug"].required = True

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _("This address is taken by a page of the library. Please pick another.")
            )
        return slug


@admin.register(Resource)
class ResourceAdmin(RegionScopedAdmin):
    region_path = None  # the library is national
    form = ResourceForm
    list_display = ["title", "format", "topic_list", "audience", "published", "updated_at"]
    list_filter = ["published", "audience", "format"]
    search_fields = ["title", "description"]
    show_full_result_count = False
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview"]
    fields = [
        "title",
        "slug",
        "format",
        "url",
        "file",
        "description",
        "body",
        "preview",
        "topics",
        "audience",
        "published",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("body")

    @admin.display(description=_("topics"))
    def topic_list(self, resource: Resource) -> str:
        return _topic_labels(resource.topics)

    @admin.display(description=_("preview"))
    def preview(self, resource: Resource) -> str:
        """The body as the library shows it (after saving), sanitised the same way."""
        return render_markdown(resource.body) if resource.body else "—"


@admin.register(SentResource)
class SentResourceAdmin(ReadOnlyAdmin):
    list_display = ["resource", "candidate", "sent_at"]
    list_select_related = ["resource", "candidate__user"]
    search_fields = ["candidate__user__email", "resource__title"]
    show_full_result_count = False
    fields = ["resource", "candidate", "screening_log", "sent_at"]
    readonly_fields = fields
