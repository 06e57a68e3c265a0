"""What a screener may send a candidate after their 1:1: the library, offered to
candidates' screening log through ``rfs.registry.screening_follow_ups`` (candidates sits
below resources and never imports it)."""

from collections.abc import Iterable

from django.db.models import QuerySet

from .models import Resource
from .selectors import resources_sendable_to, resources_suggested
from .services import resources_send_after_screening


class ScreeningResources:
    """``rfs.registry.ScreeningFollowUps`` for the resources library."""

    def pickable(self, recipient) -> QuerySet[Resource]:
        # Only what this candidate can open (audience rules, and somewhere to open it).
        return resources_sendable_to(recipient).order_by("title")

    def suggested(self, *, concerns: Iterable[str], next_step: str, for_user) -> list[Resource]:
        return resources_suggested(concerns=concerns, next_step=next_step, for_user=for_user)

    def send(self, *, log, chosen: Iterable[Resource | int]) -> list[dict[str, str]]:
        return [
            {"title": r.title, "url": r.get_absolute_url(), "description": r.description}
            for r in resources_send_after_screening(log=log, chosen=chosen)
        ]
