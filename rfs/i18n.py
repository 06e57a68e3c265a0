"""Which language and time zone a person reads in: on their pages and in what we send them.

A person's language is ``User.language``: saved when they sign up (the language the
signup page was in) and whenever they use the switcher at the foot of every page. It
wins over the browser's language on their pages (``PersonLanguageMiddleware``) and in
everything sent to them, from a request or from the worker and beat, because emails are
rendered inside ``for_person(recipient)`` (``rfs.services.outbox`` and allauth's emails
in ``rfs.adapters``).
"""

import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.utils import timezone, translation


def supported_language(code: str | None) -> str:
    """``code`` if the platform speaks it, else ""."""
    code = (code or "").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else ""


def person_language(user) -> str:
    """The language to use for ``user``: theirs, or the platform's default."""
    return supported_language(getattr(user, "language", "")) or settings.LANGUAGE_CODE


def person_time_zone(user) -> zoneinfo.ZoneInfo:
    name = getattr(user, "time_zone", "") or settings.RFS_DEFAULT_USER_TIME_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.RFS_DEFAULT_USER_TIME_ZONE)


@contextmanager
def for_person(user) -> Iterator[None]:
    """Render in ``user``'s language and time zone (no change when there is no user)."""
    if user is None:
        yield
        return
    with translation.override(person_language(user)), timezone.override(person_time_zone(user)):
        yield
