"""Guards shared by the call services: things that may happen only once a call has begun.

Holding an intro call, taking its attendance and logging a 1:1 send emails and move
candidates on, so a mis-tap days early must not do them. National staff may still act
early (a call held off the platform, say), with a written reason that is logged and
kept with the change.
"""

import logging
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from rfs.dates import format_day
from rfs.models import User
from rfs.selectors import sees_all_regions

logger = logging.getLogger(__name__)

__all__ = ["TooEarly", "require_started"]


class TooEarly(ValueError):
    """The call hasn't started yet, and no national staff override was given."""


def require_started(
    *, starts_at: datetime | None, by: User | None, override_reason: str = "", what: str
) -> str:
    """Refuse ``what`` before ``starts_at`` unless national staff give a written reason.

    Returns the override reason when one was used (so the caller can record it with the
    change), or "" when the call has started. A call with no time on the platform (a 1:1
    assigned by load, whose time the two agree by email) can't be checked, so it passes.
    """
    if starts_at is None or timezone.now() >= starts_at:
        return ""
    reason = (override_reason or "").strip()
    if reason and by is not None and sees_all_regions(by):
        logger.warning("%s before the call's start by %s: %s", what, by.pk, reason)
        return reason
    local = timezone.localtime(starts_at)
    raise TooEarly(
        _("This call hasn't started yet. You can do this from %(when)s.")
        % {"when": format_day(local, "day_time")}
    )
