"""Trainings in the admin: courses with their lessons, and partner trainings."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from rfs.admin import RegionScopedAdmin
from rfs.enums import State

from ..enums import Topic
from ..models import (
    Course,
    Lesson,
    PartnerTraining,
)
from .common import MARKDOWN_HELP


class CourseForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("topics"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "slug",
            "summary",
            "topics",
            "audience",
            "counts_as_readiness",
            "published",
            "position",
        ]


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0
    fields = ["title", "position", "minutes", "video_url", "body"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs["help_text"] = MARKDOWN_HELP
        if db_field.name == "video_url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Course)
class CourseAdmin(RegionScopedAdmin):
    region_path = None
    form = CourseForm
    list_display = [
        "title",
        "audience",
        "lesson_count",
        "counts_as_readiness",
        "published",
        "position",
    ]
    list_filter = ["published", "audience"]
    search_fields = ["title"]
    show_full_result_count = False
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LessonInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(lessons_total=Count("lessons"))

    @admin.display(description=_("lessons"), ordering="lessons_total")
    def lesson_count(self, course: Course) -> int:
        return course.lessons_total


class PartnerTrainingForm(forms.ModelForm):
    states = forms.MultipleChoiceField(
        label=_("states"),
        choices=State.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave empty for a training open to candidates everywhere."),
    )
    url = forms.URLField(label=_("link"), max_length=500, assume_scheme="https", required=False)

    class Meta:
        model = PartnerTraining
        fields = [
            "title",
            "organiser",
            "organiser_name",
            "kind",
            "description",
            "starts_on",
            "ends_on",
            "place",
            "url",
            "states",
            "published",
        ]


@admin.register(PartnerTraining)
class PartnerTrainingAdmin(RegionScopedAdmin):
    region_path = None
    form = PartnerTrainingForm
    list_display = ["title", "organiser_display", "kind", "starts_on", "ends_on", "published"]
    list_filter = ["published", "kind"]
    list_select_related = ["organiser"]
    search_fields = ["title", "organiser_name", "organiser__name"]
    show_full_result_count = False
    date_hierarchy = "starts_on"

    @admin.display(description=_("organiser"))
    def organiser_display(self, training: PartnerTraining) -> str:
        return training.organiser.name if training.organiser else training.organiser_name or "—"
