"""Where a candidate stands with our endorsement: what My journey shows from this app
(through rfs.registry: My journey's section and its next step once running), and what the
endorsement home (``endorsements:eligibility``) is built on.

Candidates see their own application's status and the questions put to them; never
the review's votes, recommendations or research findings.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.enums import STAGE_RANK, Stage
from candidates.journey import NextStep
from candidates.models import Candidate
from rfs.dates import format_day

from .eligibility import Eligibility, check_rules, cycles_around
from .enums import ApplicationStatus
from .models import Application, Cycle, ResearchItem


class State:
    """The one thing the candidate's endorsement page is about right now."""

    DRAFT = "draft"  # an application in progress, in the open cycle
    SUBMITTED = "submitted"  # waiting for our decision
    ENDORSED = "endorsed"
    DECLINED = "declined"  # not this time, in the open cycle: may apply again
    ELIGIBLE = "eligible"  # may start an application now
    NOT_ELIGIBLE = "not_eligible"  # the reasons say why (closed cycle included)


@dataclass
class EndorsementStatus:
    state: str
    cycle: Cycle | None = None  # the open cycle
    next_cycle: Cycle | None = None
    # The application the page is about (their latest), or None.
    application: Application | None = None
    # Checked only when they might start an application.
    eligibility: Eligibility | None = None
    # Questions put to them about their submitted application (never the findings).
    explanations: list[ResearchItem] = field(default_factory=list)

    @property
    def pending_explanations(self) -> list[ResearchItem]:
        return [item for item in self.explanations if item.explained_at is None]

    @property
    def decline_reason(self) -> str:
        """Why an earlier application was declined, for the one page that shows it."""
        application = self.application
        if application is None:
            return ""
        if application.status == ApplicationStatus.DECLINED:
            return application.decision_reason
        if application.previous_id and application.previous.status == ApplicationStatus.DECLINED:
            return application.previous.decision_reason
        return ""


def _is_open(cycle: Cycle, today: date) -> bool:
    return cycle.opens_on <= today <= cycle.closes_on


def endorsement_status(
    candidate: Candidate,
    *,
    today: date | None = None,
    cycles: tuple[Cycle | None, Cycle | None] | None = None,
) -> EndorsementStatus:
    """The candidate's endorsement status, in a fixed number of queries.

    The open (or next) cycle (unless given as ``cycles``, from ``cycles_around``) and
    their latest application with its cycle, race and earlier application: two queries.
    Then either the questions put to them (one query, for a submitted application) or
    the eligibility rules (two queries, when they might start an application).
    """
    today = today or timezone.localdate()
    cycle, next_cycle = cycles if cycles is not None else cycles_around(today)
    application = (
        Application.objects.filter(candidate=candidate)
        .select_related("cycle", "race", "previous")
        .order_by("-created_at", "-pk")
        .first()
    )
    status = EndorsementStatus(
        state=State.NOT_ELIGIBLE, cycle=cycle, next_cycle=next_cycle, application=application
    )
    if application is not None:
        same_cycle = cycle is not None and application.cycle_id == cycle.pk
        if application.status == ApplicationStatus.DRAFT and _is_open(application.cycle, today):
            status.state = State.DRAFT
            return status
        if application.status == ApplicationStatus.SUBMITTED:
            status.state = State.SUBMITTED
            status.explanations = list(
                ResearchItem.objects.filter(
                    application=application, explanation_requested_at__isnull=False
                )
                .only(
                    "pk",
                    "application_id",
                    "kind",
                    "explanation_question",
                    "explanation_requested_at",
                    "explanation",
                    "explained_at",
                )
                .order_by("explanation_requested_at", "pk")
            )
            return status
        race_still_on = application.race is not None and not application.race.result
        if application.status == ApplicationStatus.APPROVED and (
            same_cycle or cycle is None or race_still_on
        ):
            status.state = State.ENDORSED
            return status
        if application.status == ApplicationStatus.DECLINED and same_cycle:
            status.state = State.DECLINED
            # "Apply again" shows only if they still may.
            status.eligibility = check_rules(
                candidate, cycle=cycle, next_cycle=next_cycle, today=today
            )
            return status
    status.eligibility = check_rules(candidate, cycle=cycle, next_cycle=next_cycle, today=today)
    status.state = State.ELIGIBLE if status.eligibility.eligible else State.NOT_ELIGIBLE
    return status


def endorsement_status_for_journey(candidate: Candidate) -> EndorsementStatus:
    """The status ``journey_context`` already read for this candidate, or a fresh one."""
    return getattr(candidate, "_endorsement_status", None) or endorsement_status(candidate)


# The cycles are the same for everyone, so My journey reads them from the cache: a cycle
# staff add or change in the admin shows up there within this minute. The endorsement
# pages themselves always read them afresh.
CYCLES_CACHE_SECONDS = 60


def _cycles_around_cached(today: date) -> tuple[Cycle | None, Cycle | None]:
    return cache.get_or_set(
        f"endorsements:cycles-around:v1:{today.isoformat()}",
        lambda: cycles_around(today),
        CYCLES_CACHE_SECONDS,
    )


def journey_context(candidate: Candidate) -> dict:
    """Template context for `templates/endorsements/_journey.html`, in a fixed number of queries.

    Nothing is read before the candidate is running: no queries on the early stages. The
    cycles come from the cache (``CYCLES_CACHE_SECONDS``; one query when it is cold).
    The status is kept on the candidate object, so the next step on the same page
    (``candidates.journey.next_step``) reads it without asking again.
    """
    if STAGE_RANK[candidate.stage] < STAGE_RANK[Stage.RUNNING]:
        return {"endorsement": None}
    today = timezone.localdate()
    status = endorsement_status(candidate, today=today, cycles=_cycles_around_cached(today))
    candidate._endorsement_status = status
    return {"endorsement": status}


def journey_next_step(candidate: Candidate) -> NextStep:
    """My journey's next step for a candidate past the 1:1 (``registry.journey_next_steps``):
    where they stand with our endorsement. On My journey, ``journey_context`` has already
    read the status for its own card, so this asks nothing more."""
    status = endorsement_status_for_journey(candidate)
    home = reverse("endorsements:eligibility")
    application = status.application
    if status.state == State.ENDORSED:
        return NextStep(
            title=_("You're endorsed!"),
            text=_(
                "Congratulations. Our team, your mentors and our partners are with you all the way "
                "to election day."
            ),
            url=home,
            action=_("See your endorsement"),
        )
    if status.state == State.SUBMITTED:
        if status.pending_explanations:
            return NextStep(
                title=_("We have a question for you"),
                text=_(
                    "Our review team would like to hear from you about your application before "
                    "the committee votes."
                ),
                url=reverse("endorsements:explain", args=[status.pending_explanations[0].pk]),
                action=_("Answer our question"),
            )
        return NextStep(
            title=_("We're reviewing your application"),
            text=_("Thank you for applying. You'll hear our decision by email by %(date)s.")
            % {"date": format_day(application.decision_due_on)},
            url=home,
            action=_("See what happens next"),
        )
    if status.state == State.DRAFT:
        return NextStep(
            title=_("Finish your application"),
            text=_(
                "Your answers are saved. Pick up where you left off; applications close on %(date)s."
            )
            % {"date": format_day(status.cycle.closes_on)},
            url=reverse("endorsements:apply_step", args=[application.step]),
            action=_("Finish your application"),
        )
    if status.state in (State.ELIGIBLE, State.DECLINED) and status.eligibility.eligible:
        return NextStep(
            title=_("Apply for our endorsement")
            if status.state == State.ELIGIBLE
            else _("You can apply again"),
            text=_(
                "Applications are open until %(date)s. It takes about half an hour, and it saves as you go."
            )
            % {"date": format_day(status.cycle.closes_on)},
            url=home,
            action=_("Apply for our endorsement")
            if status.state == State.ELIGIBLE
            else _("Apply again"),
        )
    if status.cycle is not None:
        return NextStep(
            title=_("See what's needed for our endorsement"),
            text=_(
                "Applications are open. We'll show you what to do before you can apply, and groups "
                "that could help."
            ),
            url=home,
            action=_("See what's needed"),
        )
    opens = (
        _("The next round of endorsement applications opens on %(date)s; we'll let you know.")
        % {"date": format_day(status.next_cycle.opens_on)}
        if status.next_cycle
        else _("Endorsement applications open in rounds; we'll let you know.")
    )
    return NextStep(
        title=_("Keep your race up to date"),
        text=_("Update your filing status as you go. %(opens)s") % {"opens": opens},
        url=reverse("candidates:race_declare"),
        action=_("Update my race"),
    )
