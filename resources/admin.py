"""The library, trainings, perks and community are managed by national staff in the admin.

Every model here is national (``region_path = None``): directors and everyone else see
none of it (``rules.py`` grants these permissions to national staff only), except the
partner organisations: directors see them all and add and change their own states'. Staff write
resources and lessons in Markdown and see the rendered preview after saving. What was
sent to whom, perk claims and the directory are read-only lists: candidates and
screeners write those from their own pages.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rfs.admin import RegionScopedAdmin
from rfs.enums import State
from rfs.models import RegionState
from rfs.selectors import regions_visible_to, sees_all_regions

from .enums import PartnerFocus, PartnerScope, Topic
from .markdown import render_markdown
from .models import (
    Channel,
    Course,
    DirectoryProfile,
    Lesson,
    PartnerOrganization,
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


# --- Trainings --------------------------------------------------------------------------------


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
        latest = perk.claims.select_related("candidate__user").order_by("-claimed_at", "-pk")[
            : self.RECENT_CLAIMS
        ]
        all_claims = reverse("admin:resources_perkclaim_changelist") + f"?perk__exact={perk.pk}"
        return format_html(
            '<ul class="mb-1">{}</ul><a href="{}">{}</a>',
            format_html_join(
                "",
                "<li>{} · {}</li>",
                (
                    (
                        claim.candidate.user.name or claim.candidate.user.email,
                        date_format(localtime(claim.claimed_at), "M j, Y"),
                    )
                    for claim in latest
                ),
            ),
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


# --- Partner organisations ---------------------------------------------------------------


def _director_states(user) -> list[str]:
    return sorted(
        RegionState.objects.filter(region__in=regions_visible_to(user)).values_list(
            "state", flat=True
        )
    )


class PartnerForm(forms.ModelForm):
    # Set per request by the admin: None for national staff, else the states a director may pick.
    allowed_states: list[str] | None = None

    url = forms.URLField(label=_("website"), max_length=500, assume_scheme="https")
    focus = forms.MultipleChoiceField(
        label=_("focus"),
        choices=PartnerFocus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    states = forms.MultipleChoiceField(
        label=_("states"),
        choices=State.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Leave empty for a national organisation: it works everywhere."),
    )

    class Meta:
        model = PartnerOrganization
        fields = [
            "name",
            "slug",
            "url",
            "scope",
            "states",
            "focus",
            "focus_text",
            "description",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A page the director may only view (a national group) has no fields to narrow.
        if self.allowed_states is not None and "scope" in self.fields:
            # Directors add their own states' groups; national groups are national staff's.
            self.fields["scope"].choices = [
                (value, label)
                for value, label in PartnerScope.choices
                if value != PartnerScope.NATIONAL
            ]
            self.fields["states"].choices = [
                (value, label) for value, label in State.choices if value in self.allowed_states
            ]
            self.fields["states"].required = True

    def clean(self):
        cleaned = super().clean()
        scope, states = cleaned.get("scope"), cleaned.get("states") or []
        if scope == PartnerScope.NATIONAL and states:
            self.add_error(
                "states", _("A national organisation works in every state: leave the states empty.")
            )
        if scope in (PartnerScope.STATE, PartnerScope.LOCAL) and not states:
            self.add_error("states", _("Pick the states where they work."))
        return cleaned


class PartnerFocusFilter(admin.SimpleListFilter):
    title = _("focus")
    parameter_name = "focus"

    def lookups(self, request, model_admin):
        return PartnerFocus.choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.value() not in PartnerFocus.values:
            raise IncorrectLookupParameters(self.value())
        # The JSON list as text: '"women"' matches the value, never "black_women".
        return queryset.filter(focus__icontains=f'"{self.value()}"')


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(RegionScopedAdmin):
    region_path = None
    form = PartnerForm
    list_display = ["name", "scope", "state_list", "focus_list", "active"]
    list_filter = ["scope", PartnerFocusFilter, "active"]
    search_fields = ["name", "focus_text"]
    prepopulated_fields = {"slug": ["name"]}
    show_full_result_count = False

    def get_queryset(self, request):
        # The directory is public: directors see every organisation (and change only their own states').
        if request.user.has_perm("resources.view_partnerorganization"):
            return admin.ModelAdmin.get_queryset(self, request)
        return PartnerOrganization.objects.none()

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        allowed = None if sees_all_regions(request.user) else _director_states(request.user)
        return type(form.__name__, (form,), {"allowed_states": allowed})

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or sees_all_regions(request.user):
            return True
        allowed = set(_director_states(request.user))
        return (
            obj.scope != PartnerScope.NATIONAL and bool(obj.states) and set(obj.states) <= allowed
        )

    @admin.display(description=_("states"))
    def state_list(self, partner: PartnerOrganization) -> str:
        return ", ".join(partner.states or []) or _("All")

    @admin.display(description=_("focus"))
    def focus_list(self, partner: PartnerOrganization) -> str:
        labels = dict(PartnerFocus.choices)
        return ", ".join(str(labels.get(focus, focus)) for focus in partner.focus or []) or "—"
