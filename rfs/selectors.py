"""Reads that every app shares: which regions a person may act on."""

from django.db.models import QuerySet

from .enums import Role, State
from .models import Region, User
from .rules import is_national_staff


def sees_all_regions(user: User) -> bool:
    """National staff and superusers see every region (the rule ``is_national_staff``)."""
    return is_national_staff.test(user)


def regions_visible_to(user: User) -> QuerySet[Region]:
    """National staff see every region; a director sees the regions they direct."""
    if not user.is_authenticated:
        return Region.objects.none()
    if sees_all_regions(user):
        return Region.objects.all()
    if user.has_role(Role.REGIONAL_DIRECTOR):
        return Region.objects.filter(directors=user)
    return Region.objects.none()


def region_for_state(state: str) -> Region | None:
    """The region a state belongs to (every candidate belongs to their state's region)."""
    return Region.objects.filter(states__state=State(state)).first()


def users_visible_to(user: User) -> QuerySet[User]:
    """Only national staff manage people; everyone else sees nobody here."""
    if sees_all_regions(user):
        return User.objects.all()
    return User.objects.none()
