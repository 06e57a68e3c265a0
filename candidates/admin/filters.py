"""The candidate list's place filters, scoped to the reader: a director is offered only
their regions and those regions' states; nobody is offered Django's bare "-" entry.

Both read one query between them for a director (their regions' states with each
region, kept on the request); none beyond the region list for national staff.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from rfs.admin import RegionFilter
from rfs.enums import State
from rfs.models import RegionState
from rfs.selectors import sees_all_regions


def _director_places(request) -> list[RegionState]:
    places = getattr(request, "_candidate_filter_places", None)
    if places is None:
        places = list(
            RegionState.objects.filter(region__directors=request.user)
            .select_related("region")
            .order_by("region__name", "state")
        )
        request._candidate_filter_places = places
    return places


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        if sees_all_regions(request.user):
            return State.choices
        states = sorted({place.state for place in _director_places(request)})
        return [(state, State(state).label) for state in states]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(state=self.value())
        return queryset


class ScopedRegionFilter(RegionFilter):
    """The viewer's regions. Candidates without a region (a state no region holds yet)
    are national staff's to place: only they are offered "No region", by that name."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.empty_value_display = _("No region")

    @property
    def include_empty_choice(self):
        return self._sees_all and super().include_empty_choice

    def has_output(self):
        # A director of one region still sees which region the list is of.
        return bool(self.lookup_choices) or self.include_empty_choice

    def field_choices(self, field, request, model_admin):
        self._sees_all = sees_all_regions(request.user)
        if self._sees_all:
            return super().field_choices(field, request, model_admin)
        regions = {place.region_id: place.region for place in _director_places(request)}
        return [(pk, str(region)) for pk, region in regions.items()]
