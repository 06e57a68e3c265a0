"""The library, trainings, perks and community are managed by national staff in the admin.

Every model here is national (``region_path = None``): directors and everyone else see
none of it (``rules.py`` grants these permissions to national staff only). Staff write
resources and lessons in Markdown and see the rendered preview after saving. What was
sent to whom, perk claims and the directory are read-only lists: candidates and
screeners write those from their own pages.
"""

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rfs.admin import RegionScopedAdmin
from rfs.enums import State

from .enums import Topic
from .markdown import render_markdown
from .models import (
    Channel,
    Course,
    DirectoryProfile,
    Lesson,
    PartnerTraining,
    Perk,
    PerkClaim,
    Resource,
    SentResource,
)

MARKDOWN_HELP = _(
    "Markdown: ## a heading, **bold**, *italic*, - a list item, 1. a numbered item, > a quote, "
    "[link text](https://example.org). Links may start with https://, http://, mailto: or / (a page of "
    "this site). Raw HTML and images are not shown: attach a file or link to it instead."
)

# Addresses the library's own pages use: a resource may not take them as its slug.
RESERVED_SLUGS = frozenset({"bookmarks"})


class ReadOnlyAdmin(RegionScopedAdmin):
    """Lists written elsewhere (by candidates, screeners and services): staff only read them."""

    region_path = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _topic_labels(topics: list[str]) -> str:
    labels = dict(Topic.choices)
    return ", ".join(str(labels.get(topic, topic)) for topic in topics or []) or "—"


# --- The library ------------------------------------------------------------------------------


class ResourceForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    url = forms.URLField(label=_("link"), max_length=500, assume_scheme="https", required=False)

    class Meta:
        model = Resource
        fields = ["title", "slug", "format", "url", "file", "description", "body", "topics", "audience", "published"]
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
            raise forms.ValidationError(_("This address is taken by a page of the library. Please pick another."))
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
        "title", "slug", "format", "url", "file", "description", "body", "preview", "topics", "audience", "published",
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


# --- Trainings --------------------------------------------------------------------------------


class CourseForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Course
        fields = ["title", "slug", "summary", "topics", "audience", "counts_as_readiness", "published", "position"]


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
    list_display = ["title", "audience", "lesson_count", "counts_as_readiness", "published", "position"]
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
        label=_("states"), choices=State.choices, widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Leave empty for a training open to candidates everywhere."),
    )
    url = forms.URLField(label=_("link"), max_length=500, assume_scheme="https", required=False)

    class Meta:
        model = PartnerTraining
        fields = [
            "title", "organiser", "organiser_name", "kind", "description", "starts_on", "ends_on", "place", "url",
            "states", "published",
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


# --- Perks and community ----------------------------------------------------------------------


@admin.register(Perk)
class PerkAdmin(RegionScopedAdmin):
    region_path = None
    list_display = ["vendor", "title", "category", "expires_on", "published", "claim_count"]
    list_filter = ["published", "category"]
    search_fields = ["vendor", "title"]
    show_full_result_count = False
    readonly_fields = ["recent_claims"]
    # On an offer's page, the latest claims and a link to all of them (a popular offer
    # has thousands: an inline would list every one).
    RECENT_CLAIMS = 20

    def get_queryset(self, request):
        # Claims per offer in the list's own query: no query per row.
        return super().get_queryset(request).annotate(claims_total=Count("claims"))

    @admin.display(description=_("claims"), ordering="claims_total")
    def claim_count(self, perk: Perk) -> int:
        return perk.claims_total

    @admin.display(description=_("claims"))
    def recent_claims(self, perk: Perk) -> str:
        """Who claimed the offer lately, newest first, and the way to every claim."""
        if perk.pk is None:
            return _("Nobody can claim an offer before it is saved.")
        total = getattr(perk, "claims_total", None)
        if total is None:
            total = perk.claims.count()
        if not total:
            return _("Nobody has claimed this offer yet.")
        latest = perk.claims.select_related("candidate__user").order_by("-claimed_at", "-pk")[: self.RECENT_CLAIMS]
        all_claims = reverse("admin:resources_perkclaim_changelist") + f"?perk__exact={perk.pk}"
        return format_html(
            "<ul class=\"mb-1\">{}</ul><a href=\"{}\">{}</a>",
            format_html_join("", "<li>{} · {}</li>", (
                (claim.candidate.user.name or claim.candidate.user.email, date_format(localtime(claim.claimed_at), "M j, Y"))
                for claim in latest
            )),
            all_claims,
            ngettext("See the claim", "See all %(count)s claims", total) % {"count": f"{total:,}"},
        )


@admin.register(PerkClaim)
class PerkClaimAdmin(ReadOnlyAdmin):
    list_display = ["perk", "candidate", "claimed_at"]
    list_select_related = ["perk", "candidate__user"]
    list_filter = ["perk__category"]
    search_fields = ["perk__vendor", "perk__title", "candidate__user__email"]
    show_full_result_count = False
    fields = ["perk", "candidate", "claimed_at"]
    readonly_fields = fields


@admin.register(Channel)
class ChannelAdmin(RegionScopedAdmin):
    region_path = None
    list_display = ["name", "kind", "state", "specialty", "identity", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name", "description"]
    show_full_result_count = False


@admin.register(DirectoryProfile)
class DirectoryProfileAdmin(ReadOnlyAdmin):
    """Candidates write their own entry; staff may read it (never more than candidates see)."""

    list_display = ["candidate", "listed", "office_sought", "updated_at"]
    list_select_related = ["candidate__user"]
    list_filter = ["listed"]
    search_fields = ["candidate__user__email", "office_sought"]
    show_full_result_count = False
    fields = ["candidate", "listed", "office_sought", "one_line", "updated_at"]
    readonly_fields = fields
