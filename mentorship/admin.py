"""Mentorship in the admin: areas (staff), mentors (approved here), questions (read, and
turned into library resources), match requests and matches.

Directors approve the mentors of their region (a mentor with no home region is national
staff's) and look after their regions' requests and matches. Questions are read here;
their thread belongs to the candidate and the mentor, so it is read-only.
"""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rfs.admin import RegionFilter, RegionScopedAdmin
from rfs.selectors import sees_all_regions

from . import services
from .enums import MatchStatus, MentorStatus, QuestionStatus
from .models import ExpertiseArea, Match, MatchRequest, Mentor, Post, Question, QuestionNotification
from .selectors import claims_since, recent_claims


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(RegionScopedAdmin):
    region_path = None
    list_display = ["name", "slug", "active", "position"]
    list_filter = ["active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "keywords"]
    show_full_result_count = False


def _report(model_admin, request, message: str, failures: list[str] = ()) -> None:
    model_admin.message_user(request, message, messages.SUCCESS)
    for failure in failures:
        model_admin.message_user(request, failure, messages.WARNING)


@admin.register(Mentor)
class MentorAdmin(RegionScopedAdmin):
    region_path = "region"
    list_display = [
        "user",
        "status",
        "area_names",
        "weekly_capacity",
        "claims_this_week",
        "match_capacity",
        "region",
    ]
    list_filter = ["status", "areas", ("region", RegionFilter)]
    list_select_related = ["user", "region"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user", "alumni_of"]
    filter_horizontal = ["areas"]
    readonly_fields = ["status", "approved_by", "approved_at", "created_at"]
    actions = ["approve", "decline", "pause", "resume"]
    show_full_result_count = False

    def get_queryset(self, request):
        # Areas prefetched (one query for the page) and this week's claims counted in the
        # page's own query: no query per row.
        return (
            super()
            .get_queryset(request)
            .prefetch_related("areas")
            .annotate(week_claims=recent_claims(claims_since()))
        )

    def get_readonly_fields(self, request, obj=None):
        # Whose profile it is never changes; a new one is added by national staff only.
        return [*self.readonly_fields, "user"] if obj is not None else self.readonly_fields

    @admin.display(description=_("areas of expertise"))
    def area_names(self, mentor: Mentor) -> str:
        return ", ".join(area.name for area in mentor.areas.all())

    @admin.display(description=_("claimed in the last 7 days"), ordering="week_claims")
    def claims_this_week(self, mentor: Mentor) -> int:
        return mentor.week_claims

    @admin.action(description=_("Approve selected mentors"), permissions=["change"])
    def approve(self, request, queryset):
        waiting = list(queryset.filter(status__in=[MentorStatus.APPLIED, MentorStatus.DECLINED]))
        for mentor in waiting:
            services.mentor_approve(mentor=mentor, by=request.user)
        _report(
            self,
            request,
            ngettext("%(count)d mentor approved.", "%(count)d mentors approved.", len(waiting))
            % {"count": len(waiting)},
        )

    @admin.action(description=_("Decline selected applications"), permissions=["change"])
    def decline(self, request, queryset):
        chosen = list(queryset.exclude(status=MentorStatus.DECLINED))
        for mentor in chosen:
            services.mentor_decline(mentor=mentor, by=request.user)
        _report(
            self,
            request,
            ngettext("%(count)d mentor declined.", "%(count)d mentors declined.", len(chosen))
            % {"count": len(chosen)},
        )

    @admin.action(description=_("Pause selected mentors"), permissions=["change"])
    def pause(self, request, queryset):
        chosen = list(queryset.filter(status=MentorStatus.APPROVED))
        for mentor in chosen:
            services.mentor_set_paused(mentor=mentor, paused=True)
        _report(
            self,
            request,
            ngettext("%(count)d mentor paused.", "%(count)d mentors paused.", len(chosen))
            % {"count": len(chosen)},
        )

    @admin.action(description=_("Bring selected mentors back from a pause"), permissions=["change"])
    def resume(self, request, queryset):
        chosen = list(queryset.filter(status=MentorStatus.PAUSED))
        for mentor in chosen:
            services.mentor_set_paused(mentor=mentor, paused=False)
        _report(
            self,
            request,
            ngettext("%(count)d mentor is back.", "%(count)d mentors are back.", len(chosen))
            % {"count": len(chosen)},
        )


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    fields = ["kind", "author", "body", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class QuestionNotificationInline(admin.TabularInline):
    model = QuestionNotification
    extra = 0
    fields = ["mentor", "round", "notified_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("mentor__user")


@admin.register(Question)
class QuestionAdmin(RegionScopedAdmin):
    region_path = "region"
    list_display = [
        "title",
        "area",
        "status",
        "owner",
        "private",
        "created_at",
        "escalated_at",
        "rating",
    ]
    list_filter = ["status", "area", "private", ("region", RegionFilter)]
    list_select_related = ["area", "owner__user"]
    search_fields = ["title", "candidate__user__email", "candidate__user__name"]
    ordering = ["-created_at"]
    show_full_result_count = False
    inlines = [PostInline, QuestionNotificationInline]
    fields = [
        "candidate",
        "area",
        "title",
        "details",
        "private",
        "status",
        "region",
        "state",
        "owner",
        "claimed_at",
        "first_answered_at",
        "resolved_at",
        "escalated_at",
        "rating",
        "rating_comment",
        "library_resource",
        "created_at",
    ]
    # The thread and its states change through the question's page, which sends the emails.
    readonly_fields = fields
    actions = ["turn_into_resource"]

    def has_add_permission(self, request):
        return False

    def has_turn_into_resource_permission(self, request) -> bool:
        return sees_all_regions(request.user)

    @admin.display(description=_("library resource"))
    def library_resource(self, question: Question) -> str:
        if question.resource_id is None:
            return "—"
        url = reverse("admin:resources_resource_change", args=[question.resource_id])
        return format_html('<a href="{}">{}</a>', url, _("Open the resource"))

    @admin.action(description=_("Turn into a library resource"), permissions=["turn_into_resource"])
    def turn_into_resource(self, request, queryset):
        made, skipped = [], 0
        for question in queryset.order_by("pk"):
            if question.status != QuestionStatus.RESOLVED:
                skipped += 1
                continue
            try:
                resource = services.question_to_resource(question=question, by=request.user)
            except services.MentorshipError as error:
                self.message_user(request, f"{question}: {error}", messages.WARNING)
                continue
            made.append(resource)
        if made:
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                ((reverse("admin:resources_resource_change", args=[r.pk]), r.title) for r in made),
            )
            self.message_user(
                request,
                format_html("{} {}", _("In the library, unpublished for you to check:"), links),
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d question isn't resolved yet and was left alone.",
                    "%(count)d questions aren't resolved yet and were left alone.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@admin.register(MatchRequest)
class MatchRequestAdmin(RegionScopedAdmin):
    region_path = "candidate__region"
    list_display = ["candidate", "status", "area_names", "language", "created_at"]
    list_filter = ["status", ("candidate__region", RegionFilter)]
    list_select_related = ["candidate__user"]
    search_fields = ["candidate__user__email", "candidate__user__name"]
    show_full_result_count = False
    fields = ["candidate", "areas", "language", "note", "status", "created_at"]
    # Matches are confirmed on the request's page, which ranks mentors and sends the emails.
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("areas")

    @admin.display(description=_("help wanted with"))
    def area_names(self, match_request: MatchRequest) -> str:
        return ", ".join(area.name for area in match_request.areas.all())


@admin.register(Match)
class MatchAdmin(RegionScopedAdmin):
    region_path = "candidate__region"
    list_display = ["candidate", "mentor", "status", "started_at", "ended_at"]
    list_filter = ["status", ("candidate__region", RegionFilter)]
    list_select_related = ["candidate__user", "mentor__user"]
    search_fields = [
        "candidate__user__email",
        "candidate__user__name",
        "mentor__user__email",
        "mentor__user__name",
    ]
    show_full_result_count = False
    fields = [
        "candidate",
        "mentor",
        "request",
        "status",
        "confirmed_by",
        "started_at",
        "ended_at",
        "ended_by",
        "end_note",
    ]
    readonly_fields = fields
    actions = ["end"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("End selected matches"), permissions=["change"])
    def end(self, request, queryset):
        active = list(queryset.filter(status=MatchStatus.ACTIVE))
        failures = []
        for match in active:
            try:
                services.match_end(match=match, by=request.user)
            except services.MentorshipError as error:
                failures.append(f"{match}: {error}")
        done = len(active) - len(failures)
        _report(
            self,
            request,
            ngettext("%(count)d match ended.", "%(count)d matches ended.", done) % {"count": done},
            failures,
        )
