"""Regions and the states they hold."""

from collections.abc import Iterable

from django.db import transaction

from ..enums import State
from ..models import Region, RegionState


@transaction.atomic
def region_set_states(*, region: Region, states: Iterable[str]) -> None:
    """Make ``states`` exactly the states of ``region`` (each state has one region)."""
    states = {State(state) for state in states}
    region.states.exclude(state__in=states).delete()
    existing = set(region.states.values_list("state", flat=True))
    RegionState.objects.bulk_create(
        [RegionState(region=region, state=state) for state in states - existing]
    )
