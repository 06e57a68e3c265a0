"""Screeners and their weekly availability; staff and directors sending a candidate on
to a 1:1."""

import logging
import zoneinfo
from collections.abc import Iterable
from datetime import time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rfs.enums import Role
from rfs.models import Region, User
from rfs.services import email_queue_template, user_set_roles

from ...enums import ScreenerStatus
from ...models import Candidate, Screener, ScreenerAvailability
from .common import (
    _can_send_on,
    _link,
    _record_send_on,
    _stamp,
)

logger = logging.getLogger(__name__)

# --- Screeners and availability ---------------------------------------------------------


@transaction.atomic
def screener_apply(
    *,
    user: User,
    regions: Iterable[Region],
    languages: list[str],
    weekly_capacity: int,
    time_zone: str,
    meeting_url: str = "",
) -> Screener:
    """A volunteer offers to hold 1:1 calls.

    Side effects, in order:
    1. Gives the person the screener role, keeping their other roles, and makes the
       zone they gave their own (pages and emails show times in it).
    2. Creates their screener profile (status applied), or updates the details of an
       earlier application (an approved screener stays approved).
    3. Sets the regions they serve.
    """
    zoneinfo.ZoneInfo(time_zone)  # refuses an unknown zone before anything is written
    user_set_roles(user=user, roles={*user.role_names, Role.SCREENER}, acting_user=user)
    if user.time_zone != time_zone:
        # The zone they gave is theirs: their pages show times in it, as their emails do.
        user.time_zone = time_zone
        user.save(update_fields=["time_zone"])
    screener, _created = Screener.objects.update_or_create(
        user=user,
        defaults={
            "languages": list(languages),
            "weekly_capacity": weekly_capacity,
            "time_zone": time_zone,
            "meeting_url": meeting_url,
        },
    )
    screener.regions.set(list(regions))
    logger.info("User %s applied to screen", user.pk)
    return screener


@transaction.atomic
def screener_approve(*, screener: Screener, by: User) -> None:
    """Approve a screener. Approving twice does nothing the second time.

    Side effects: sets the status approved with who and when; queues "screening_approved".
    """
    locked = Screener.objects.select_for_update().select_related("user").get(pk=screener.pk)
    if locked.status == ScreenerStatus.APPROVED:
        return
    locked.status, locked.approved_by, locked.approved_at = (
        ScreenerStatus.APPROVED,
        by,
        timezone.now(),
    )
    locked.save(update_fields=["status", "approved_by", "approved_at"])
    screener.status, screener.approved_by, screener.approved_at = (
        locked.status,
        by,
        locked.approved_at,
    )
    email_queue_template(
        template="screening_approved",
        to=locked.user,
        about=locked,
        occurrence=_stamp(locked.approved_at),
        context={"screener": locked, "dashboard_url": _link("candidates:screener_home")},
    )
    logger.info("Screener %s approved by %s", locked.pk, by.pk)


def availability_add(
    *,
    screener: Screener,
    start_time: time,
    end_time: time,
    weekday: int | None = None,
    date=None,
) -> ScreenerAvailability:
    """Add a weekly window (``weekday``) or a one-off window (``date``), in the screener's
    own zone."""
    if end_time <= start_time:
        raise ValueError(_("The window has to end after it starts."))
    if (weekday is None) == (date is None):
        raise ValueError(_("Pick either a day of the week or a single date."))
    return ScreenerAvailability.objects.create(
        screener=screener, weekday=weekday, date=date, start_time=start_time, end_time=end_time
    )


def availability_remove(*, availability: ScreenerAvailability) -> None:
    """Remove a window. Calls already booked in it stay booked."""
    availability.delete()


def candidate_send_on_to_screening(*, candidate: Candidate, by: User) -> None:
    """Staff or a director of the candidate's region sends them on to a 1:1 call, with or
    without an intro call (the first time counts, and who did it is recorded on the
    candidate). Anyone else gets ``PermissionError``."""
    if not _can_send_on(by, candidate):
        raise PermissionError(_("Only national staff or the region's director can do that."))
    _record_send_on(candidate, by)
    logger.info("Candidate %s sent on to screening by %s", candidate.pk, by.pk)
