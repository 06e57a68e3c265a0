"""What the mentorship services share: the domain error, links and recipients."""

from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse

from rfs.models import User

__all__ = ["MentorshipError"]


class MentorshipError(ValueError):
    """A refusal the person should read ("Another mentor just picked this one up")."""


def link(name: str, **kwargs) -> str:
    """An absolute link for an email."""
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def stamp(moment: datetime) -> str:
    """An email occurrence naming the moment of an event that may happen again."""
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%S.%fZ}"


def directors_of(region_id: int | None) -> list[User]:
    """The active directors of a region (none for a candidate without a region)."""
    if region_id is None:
        return []
    return list(User.objects.filter(directed_regions=region_id, is_active=True).order_by("pk"))
