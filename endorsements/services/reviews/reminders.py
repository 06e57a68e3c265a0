"""The daily review reminders: who is waiting on whom, and decisions coming due."""

import logging
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from rfs.dates import lazy_day
from rfs.enums import Role
from rfs.models import OutboundEmail, User
from rfs.services import email_queue_template, email_unique_key

from ...enums import (
    ApplicationEventKind,
    ApplicationStatus,
)
from ...models import (
    Application,
    Vote,
)
from .common import (
    DECISION_WARNING_DAYS,
    _event,
    _link,
    _people_with_role,
)

__all__ = [
    "review_reminders_send",
]

logger = logging.getLogger(__name__)


def _due(application: Application, days: int, today: date) -> bool:
    return timezone.localdate(application.submitted_at) + timedelta(days=days) <= today


def review_reminders_send(*, today: date | None = None) -> int:
    """Remind reviewers whose part is due, so every applicant hears in the promised time
    (runs daily; beat schedule in rfs/settings.py).

    For each application waiting for review:
    - "review_due_director" to the region's directors once the recommendation is due
      (``cycle.recommendation_days`` after submission) and none is written;
    - "review_due_committee" to each committee member who hasn't voted once votes are
      due (``cycle.vote_days``);
    - "decision_due_staff" to national staff once the decision is due within
      ``DECISION_WARNING_DAYS`` days (or overdue).
    Each is queued once per application, step and person (the email's occurrence key
    names the step), so a second run sends nothing new; an application reminded gets a
    "reminded" event naming the steps.

    Queries: the applications (with cycle, region, recommendation), the region directors,
    the committee and the staff, the votes, the reminders already queued; then the inserts.
    Returns how many reminders were queued.
    """
    today = today or timezone.localdate()
    applications = list(
        Application.objects.filter(status=ApplicationStatus.SUBMITTED, submitted_at__isnull=False)
        .select_related("cycle", "region", "candidate__user", "race", "recommendation")
        .prefetch_related("region__directors")
        .order_by("decision_due_on", "pk")
    )
    if not applications:
        return 0
    committee = _people_with_role(Role.COMMITTEE_MEMBER)
    staff = _people_with_role(Role.NATIONAL_STAFF)
    voted = set(
        Vote.objects.filter(application__in=[a.pk for a in applications]).values_list(
            "application_id", "member_id"
        )
    )

    # (template, occurrence/step, application, recipient)
    due: list[tuple[str, str, Application, User]] = []
    for application in applications:
        has_recommendation = getattr(application, "recommendation", None) is not None
        if not has_recommendation and _due(
            application, application.cycle.recommendation_days, today
        ):
            directors = (
                [d for d in application.region.directors.all() if d.is_active]
                if application.region
                else []
            )
            for director in directors or staff:
                due.append(("review_due_director", "recommendation", application, director))
        if _due(application, application.cycle.vote_days, today):
            for member in committee:
                if (application.pk, member.pk) not in voted:
                    due.append(("review_due_committee", "vote", application, member))
        if application.decision_due_on and application.decision_due_on <= today + timedelta(
            days=DECISION_WARNING_DAYS
        ):
            for person in staff:
                due.append(("decision_due_staff", "decision", application, person))
    if not due:
        return 0

    keys = {
        email_unique_key(purpose=template, to_email=to.email, about=application, occurrence=step): (
            template,
            step,
            application,
            to,
        )
        for template, step, application, to in due
    }
    already = set(
        OutboundEmail.objects.filter(unique_key__in=list(keys)).values_list("unique_key", flat=True)
    )
    queued = 0
    reminded: dict[int, tuple[Application, set[str]]] = {}
    with transaction.atomic():
        for key, (template, step, application, to) in keys.items():
            if key in already:
                continue
            email_queue_template(
                template=template,
                to=to,
                about=application,
                occurrence=step,
                context=_reminder_context(application, today),
            )
            queued += 1
            reminded.setdefault(application.pk, (application, set()))[1].add(step)
        for application, steps in reminded.values():
            _event(application, ApplicationEventKind.REMINDED, None, ", ".join(sorted(steps)))
    logger.info("Review reminders: %s queued", queued)
    return queued


def _reminder_context(application: Application, today: date) -> dict:
    race = application.race
    return {
        "candidate_name": application.candidate.user.get_full_name() or str(application.candidate),
        "office": race.office_name if race else "",
        "region_name": application.region.name if application.region else "",
        "submitted": lazy_day(timezone.localdate(application.submitted_at)),
        "decision_due": lazy_day(application.decision_due_on)
        if application.decision_due_on
        else "",
        "overdue": bool(application.decision_due_on and application.decision_due_on < today),
        "review_url": _link("endorsements:review", pk=application.pk),
        "queue_url": _link("endorsements:review_queue"),
    }
