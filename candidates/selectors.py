"""Reads of candidates, always scoped to what the reader may see."""

from django.db.models import QuerySet

from rfs.enums import Role
from rfs.models import User
from rfs.selectors import sees_all_regions

from .models import Candidate


def candidates_visible_to(user: User) -> QuerySet[Candidate]:
    """Staff see every candidate, a director their regions' candidates, others only their own."""
    if not user.is_authenticated or not user.is_active:
        return Candidate.objects.none()
    if sees_all_regions(user):
        return Candidate.objects.all()
    if user.has_role(Role.REGIONAL_DIRECTOR):
        return Candidate.objects.filter(region__directors=user)
    return Candidate.objects.filter(user=user)
