"""Shared by the review services: the error they raise, locking an application, recording its
events, and who hears about it."""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from rfs.enums import Role
from rfs.models import User

from ...enums import (
    ApplicationStatus,
)
from ...models import (
    Application,
    ApplicationEvent,
)

__all__ = [
    "DECISION_WARNING_DAYS",
    "ReviewError",
]


# National staff hear about a decision this many days before it is due (and every day after).
DECISION_WARNING_DAYS = 3


# Bulk decisions in one request (each locks and writes its rows).
BULK_LIMIT = 200


class ReviewError(ValueError):
    """The review can't do that now; the message says why, in words for the person acting."""


def _stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y%m%dT%H%M%S.%fZ}"


def _link(name: str, **kwargs) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _event(
    application: Application, kind: str, by: User | None, note: str = ""
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(application=application, kind=kind, by=by, note=note)


def _lock(application: Application) -> Application:
    """The application's row only, with what the review reads, re-read under the lock."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("cycle", "race", "region", "candidate__user")
        .get(pk=application.pk)
    )


def _require_waiting(application: Application) -> None:
    if application.status == ApplicationStatus.SUBMITTED:
        return
    if application.status in (ApplicationStatus.APPROVED, ApplicationStatus.DECLINED):
        raise ReviewError(_("This application has been decided, so its review is closed."))
    raise ReviewError(_("This application isn't waiting for review."))


def _people_with_role(role: Role) -> list[User]:
    return list(User.objects.filter(groups__name=role, is_active=True).order_by("pk").distinct())


def _directors_of(application: Application) -> list[User]:
    """The region's directors; national staff when the region has none (nobody is missed)."""
    directors = []
    if application.region_id is not None:
        directors = list(application.region.directors.filter(is_active=True).order_by("pk"))
    return directors or _people_with_role(Role.NATIONAL_STAFF)


def _copy_from_fresh(target: Application, fresh: Application, fields: Iterable[str]) -> None:
    for name in fields:
        setattr(target, name, getattr(fresh, name))
