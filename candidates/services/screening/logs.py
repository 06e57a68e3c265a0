"""The screener's log of a 1:1, which moves the candidate to ``screened``, and the
reminders before a call and after one left unlogged."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from rfs import registry
from rfs.models import OutboundEmail, User
from rfs.selectors import sees_all_regions
from rfs.services import email_unique_key

from ...enums import ScreeningCallStatus, Stage
from ...models import ScreeningCall, ScreeningLog
from ..guards import require_started
from ..people import candidate_move
from .common import (
    LOG_DUE_AFTER,
    LOG_DUE_LOOKBACK,
    SCREENING_REMINDER_BEFORE,
    _absolute,
    _email,
    _stamp,
)

logger = logging.getLogger(__name__)

# --- The log ----------------------------------------------------------------------------


@transaction.atomic
def screening_log_create(
    *,
    call: ScreeningCall,
    by: User,
    problems_to_solve: str,
    community_involvement: str,
    concerns_notes: str,
    progressive_meaning: str,
    community_knowledge: int,
    relationships: int,
    campaign_understanding: int,
    values_alignment: int,
    concerns: list[str],
    next_step: str,
    resources: Iterable = (),
    override_reason: str = "",
) -> ScreeningLog:
    """Record what the screener learned. Submitting twice returns the first log.

    Side effects, in order:
    1. Only the call's screener (or national staff) may log it: ``PermissionError``.
    2. Locks the call; an existing log is returned unchanged (a double submit or retry).
       Refuses a cancelled call, and one that hasn't started (``TooEarly``, unless
       national staff give a written reason, kept in the stage change note).
    3. Creates the log and sets the call logged.
    4. Moves the candidate to ``screened`` through ``candidate_move`` (an event for
       someone already further along).
    5. Hands the picked resources (rows or ids) to ``registry.screening_follow_ups``
       (the resources app), which records them as sent, once per candidate and resource.
    6. Queues one "screening_resources" email to the candidate, tied to the log, listing
       the resources (or a shorter thank-you when none were picked).
    """
    locked = (
        ScreeningCall.objects.select_for_update()
        .select_related("screener__user", "candidate__user")
        .get(pk=call.pk)
    )
    if locked.screener.user_id != by.pk and not sees_all_regions(by):
        raise PermissionError(_("Only the screener of this call can log it."))
    existing = ScreeningLog.objects.filter(call=locked).first()
    if existing is not None:
        return existing
    if locked.status == ScreeningCallStatus.CANCELLED:
        raise ValueError(_("A cancelled call can't be logged."))
    early = require_started(
        starts_at=locked.starts_at, by=by, override_reason=override_reason, what="1:1 logged"
    )
    log = ScreeningLog.objects.create(
        call=locked,
        candidate=locked.candidate,
        screener=locked.screener,
        problems_to_solve=problems_to_solve,
        community_involvement=community_involvement,
        concerns_notes=concerns_notes,
        progressive_meaning=progressive_meaning,
        community_knowledge=community_knowledge,
        relationships=relationships,
        campaign_understanding=campaign_understanding,
        values_alignment=values_alignment,
        concerns=list(concerns),
        next_step=next_step,
    )
    locked.status = call.status = ScreeningCallStatus.LOGGED
    locked.save(update_fields=["status", "updated_at"])
    note = _("1:1 screening")
    if early:
        note = f"{note} ({_('logged before its time')}: {early})"
    candidate_move(candidate=locked.candidate, to_stage=Stage.SCREENED, by=by, note=note)

    follow_ups = registry.screening_follow_ups.provider
    sent = follow_ups.send(log=log, chosen=resources) if follow_ups is not None else []
    links = [{**item, "url": _absolute(item["url"])} for item in sent]
    _email(
        "screening_resources",
        locked,
        to_screener=False,
        about=log,
        extra={"resources": links, "log": log},
    )
    logger.info("Screening call %s logged by %s (%d resources)", locked.pk, by.pk, len(links))
    return log


# --- Reminders --------------------------------------------------------------------------


@transaction.atomic
def screening_reminders_queue(*, now: datetime | None = None) -> int:
    """Queue the screening reminders that are due (runs every few minutes).

    "screening_reminder" to both sides in the 24 hours before a booked call, and
    "screening_log_due" to the screener a day after a booked call ended unlogged. Each is
    unique per call and start, so a second run never doubles one and a moved call gets a
    fresh reminder.

    Queries: one for the calls, one for the reminders already queued, then the inserts.
    Returns how many reminders were queued.
    """
    now = now or timezone.now()
    calls = (
        ScreeningCall.objects.filter(status=ScreeningCallStatus.BOOKED)
        .filter(
            Q(starts_at__gt=now, starts_at__lte=now + SCREENING_REMINDER_BEFORE)
            | Q(starts_at__lte=now - LOG_DUE_AFTER, starts_at__gte=now - LOG_DUE_LOOKBACK)
        )
        .select_related("screener__user", "candidate__user")
        .order_by("starts_at", "pk")
    )
    due = []
    for call in calls:
        occurrence = _stamp(call.starts_at)
        if call.starts_at > now:
            due.append(("screening_reminder", call, False, occurrence))
            due.append(("screening_reminder", call, True, occurrence))
        elif call.starts_at + timedelta(minutes=call.duration_minutes) + LOG_DUE_AFTER <= now:
            due.append(("screening_log_due", call, True, occurrence))
    if not due:
        return 0
    keys = {}
    for template, call, to_screener, occurrence in due:
        to = call.screener.user if to_screener else call.candidate.user
        key = email_unique_key(
            purpose=template, to_email=to.email, about=call, occurrence=occurrence
        )
        keys[key] = (template, call, to_screener, occurrence)
    already = set(
        OutboundEmail.objects.filter(unique_key__in=keys).values_list("unique_key", flat=True)
    )
    queued = 0
    for key, (template, call, to_screener, occurrence) in keys.items():
        if key in already:
            continue
        _email(template, call, to_screener=to_screener, occurrence=occurrence)
        queued += 1
    return queued
