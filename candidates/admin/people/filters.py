"""The candidates list's filters (office level, signup month, source) and its stage-history
inline."""

from datetime import datetime, timedelta

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from rfs import registry

from ...enums import (
    HeardFrom,
    OfficeLevel,
)
from ...models import OfficeInterest, StageChange


class OfficeLevelFilter(admin.SimpleListFilter):
    """Candidates curious about an office of this level.

    An EXISTS subquery rather than a join: a candidate with two county offices of
    interest is listed once, and the list needs no DISTINCT.
    """

    title = _("office level of interest")
    parameter_name = "interest_level"

    def lookups(self, request, model_admin):
        return OfficeLevel.choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if self.value() not in OfficeLevel.values:
            raise IncorrectLookupParameters(self.value())
        return queryset.filter(
            Exists(OfficeInterest.objects.filter(candidate=OuterRef("pk"), level=self.value()))
        )


class SignupMonthFilter(admin.SimpleListFilter):
    """The last 12 months, as ranges on ``created_at`` (indexed) in the viewer's zone."""

    title = _("signed up in")
    parameter_name = "signed_up"
    months = 12

    def lookups(self, request, model_admin):
        month = timezone.localdate().replace(day=1)
        choices = []
        for _i in range(self.months):
            choices.append((f"{month:%Y-%m}", date_format(month, "YEAR_MONTH_FORMAT")))
            month = (month - timedelta(days=1)).replace(day=1)
        return choices

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            start = datetime.strptime(self.value(), "%Y-%m")
        except ValueError as error:
            raise IncorrectLookupParameters(error) from error
        end = (start + timedelta(days=32)).replace(day=1)
        return queryset.filter(
            created_at__gte=timezone.make_aware(start), created_at__lt=timezone.make_aware(end)
        )


class SourceFilter(admin.SimpleListFilter):
    """Where they came from, as the dashboard counts it: the campaign (utm_source), or for
    people who came without one, what they told us at signup (``heard_from``).

    The options come from the dashboard's summary cells (``rfs.registry.candidate_sources``, one
    small query on the user's regions) rather than a DISTINCT over every candidate of the
    region on each view, so a new source is offered once beat has refreshed the cells. A
    source that is not offered (new, or past the first ``limit``) can still be filtered on
    by its URL parameter.
    """

    title = _("source")
    parameter_name = "source"
    limit = 50

    def lookups(self, request, model_admin):
        provider = registry.candidate_sources.provider
        sources = provider(request.user, limit=self.limit) if provider else []
        told_us = dict(HeardFrom.choices)
        return [(source, told_us.get(source, source)) for source in sources]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        match = Q(utm_source=self.value())
        if self.value() in HeardFrom.values:
            match |= Q(utm_source="", heard_from=self.value())
        return queryset.filter(match)


class StageChangeInline(admin.TabularInline):
    """The stage history, oldest first. Read-only: moves are made with the action."""

    model = StageChange
    fields = ["at", "kind", "from_stage", "to_stage", "activity", "by", "note"]
    readonly_fields = fields
    ordering = ["at", "pk"]
    extra = 0
    can_delete = False
    verbose_name = _("step")
    verbose_name_plural = _("stage history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")

    # The history is part of the candidate: whoever may view the candidate sees it.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("candidates.view_candidate")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
