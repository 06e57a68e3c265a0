"""The eligibility rules: the facts read for a candidate, and every rule checked against them."""

from datetime import date

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.elections import general_election_day
from candidates.enums import (
    Activity,
    FilingStatus,
    OfficeLevel,
    RunBefore,
    Stage,
)
from candidates.models import Candidate, IntroCallRegistration, StageChange

from ..enums import ApplicationStatus
from ..models import Application, Cycle
from .reasons import (
    FINISHED_RESULTS,
    Eligibility,
    Reason,
    ReasonCode,
    _long_date,
    age_on,
    cycles_around,
)


def eligibility_for(
    candidate: Candidate, *, cycle: Cycle | None = None, today: date | None = None
) -> Eligibility:
    """Every rule a candidate fails, each with its message, in at most three queries.

    Without ``cycle``, the open cycle is looked up (one query); with it, that cycle must
    be open today. Then their races (one query), and their history, intro calls and
    applications in the cycle (one query).
    """
    today = today or timezone.localdate()
    next_cycle = None
    if cycle is None:
        cycle, next_cycle = cycles_around(today)
    elif not cycle.opens_on <= today <= cycle.closes_on:
        cycle, next_cycle = None, (cycle if cycle.opens_on > today else None)
    return check_rules(candidate, cycle=cycle, next_cycle=next_cycle, today=today)


def check_rules(
    candidate: Candidate, *, cycle: Cycle | None, next_cycle: Cycle | None, today: date
) -> Eligibility:
    """``eligibility_for`` once the open cycle (or the next one) is known: two queries, or
    one when the candidate's races were already read (My journey, ``journey_for``)."""
    races = list(candidate.races.all())  # newest first (Race.Meta.ordering)
    race = next((race for race in races if not race.result), None)
    earlier_runs = sum(1 for race in races if race.result in FINISHED_RESULTS)
    facts = _facts(candidate, cycle)

    reasons: list[Reason] = []
    if cycle is None:
        if next_cycle is not None:
            reasons.append(
                Reason(
                    ReasonCode.NO_CYCLE,
                    _(
                        "Endorsement applications are closed right now. The next round opens on %(date)s, "
                        "and we'll email you when it does."
                    )
                    % {"date": _long_date(next_cycle.opens_on)},
                )
            )
        else:
            reasons.append(
                Reason(
                    ReasonCode.NO_CYCLE,
                    _(
                        "Endorsement applications are closed right now. We'll email you as soon as the next round opens."
                    ),
                )
            )

    if race is None:
        reasons.append(
            Reason(
                ReasonCode.NO_RACE,
                _(
                    "Tell us about your race first: add the office you're running for on My journey."
                ),
            )
        )
    elif race.filing_status == FilingStatus.EXPLORING:
        reasons.append(
            Reason(
                ReasonCode.FILING_NOT_STARTED,
                _(
                    "We endorse candidates once filing has started. When you start collecting signatures or file "
                    "your paperwork, update your race on My journey and come back."
                ),
            )
        )

    if not (facts["attended_intro"] or facts["attended_registration"]):
        reasons.append(
            Reason(
                ReasonCode.NO_INTRO_CALL,
                _(
                    "Join one of our weekly intro calls first. It's a friendly hour with other first-time "
                    "candidates, and you can pick a time that suits you."
                ),
            )
        )

    age = None
    election_day = (
        race.election_date
        if race
        else (general_election_day(cycle.election_year) if cycle else None)
    )
    born = facts["date_of_birth"]
    min_age, max_age = settings.RFS_ENDORSEMENT_MIN_AGE, settings.RFS_ENDORSEMENT_MAX_AGE
    if born is None:
        reasons.append(
            Reason(
                ReasonCode.NO_BIRTH_DATE,
                _(
                    "We don't have your date of birth yet, and we need it to check our age range. "
                    "You can add it on your profile."
                ),
            )
        )
    elif election_day is not None:
        age = age_on(election_day, born)
        if age < min_age:
            reasons.append(
                Reason(
                    ReasonCode.TOO_YOUNG,
                    _(
                        "Our endorsement is for candidates who are at least %(min)s on election day (%(day)s). "
                        "We'd love to help you get ready: our trainings and mentors are open to you now."
                    )
                    % {"min": min_age, "day": _long_date(election_day)},
                )
            )
        elif age > max_age:
            reasons.append(
                Reason(
                    ReasonCode.TOO_OLD,
                    _(
                        "Our endorsement is for candidates who are %(max)s or younger on election day (%(day)s). "
                        "The organisations below support candidates of every age, and our trainings are still yours."
                    )
                    % {"max": max_age, "day": _long_date(election_day)},
                )
            )

    if race is not None and race.level not in settings.RFS_ENDORSEMENT_LEVELS:
        levels = ", ".join(
            str(OfficeLevel(level).label).lower()
            for level in settings.RFS_ENDORSEMENT_LEVELS
            if level in OfficeLevel.values
        )
        reasons.append(
            Reason(
                ReasonCode.OFFICE_LEVEL,
                _(
                    "We endorse down-ballot races (%(levels)s). For a %(level)s race, the organisations below are a "
                    "better fit, and our trainings are still yours."
                )
                % {
                    "levels": levels,
                    "level": str(OfficeLevel(race.level).label).lower()
                    if race.level in OfficeLevel.values
                    else race.level,
                },
            )
        )

    runs = (
        1
        + (1 if facts["run_before"] in (RunBefore.RAN_BEFORE, RunBefore.HOLD_OFFICE) else 0)
        + earlier_runs
    )
    if runs > settings.RFS_ENDORSEMENT_MAX_RUN:
        reasons.append(
            Reason(
                ReasonCode.TOO_MANY_RUNS,
                _(
                    "Our endorsement is for candidates on their first or second run, and this would be run number "
                    "%(runs)s for you. The organisations below support experienced candidates too."
                )
                % {"runs": runs},
            )
        )

    if facts["activity"] == Activity.PAUSED:
        reasons.append(
            Reason(
                ReasonCode.NOT_ACTIVE,
                _(
                    "Your journey is paused. Pick up where you left off on My journey, then come back to apply."
                ),
            )
        )
    elif facts["activity"] == Activity.WITHDRAWN:
        reasons.append(
            Reason(
                ReasonCode.NOT_ACTIVE,
                _(
                    "You've stepped back for now. When you're ready, tell us you're back on My journey and apply."
                ),
            )
        )

    if facts["application_status"] == ApplicationStatus.APPROVED:
        reasons.append(
            Reason(
                ReasonCode.ALREADY_ENDORSED,
                _("You're already endorsed in this round. Congratulations!"),
            )
        )
    elif facts["application_status"] == ApplicationStatus.SUBMITTED:
        reasons.append(
            Reason(
                ReasonCode.ALREADY_APPLIED,
                _(
                    "You've already applied in this round. We'll email you as soon as we've decided."
                ),
            )
        )

    return Eligibility(
        eligible=not reasons,
        reasons=reasons,
        cycle=cycle,
        next_cycle=next_cycle,
        race=race,
        age_on_election_day=age,
        runs=runs,
    )


def _facts(candidate: Candidate, cycle: Cycle | None) -> dict:
    """The candidate's fresh details, intro-call attendance and application in the cycle: one query.

    Attending an intro call shows in their history (a move to, or an event at,
    ``intro_attended``) or on a registration marked attended.
    """
    in_cycle = (
        Application.objects.filter(
            candidate=OuterRef("pk"),
            cycle=cycle,
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED],
        )
        .order_by("-created_at")
        .values("status")[:1]
    )
    return (
        Candidate.objects.filter(pk=candidate.pk)
        .annotate(
            attended_intro=Exists(
                StageChange.objects.filter(candidate=OuterRef("pk"), to_stage=Stage.INTRO_ATTENDED)
            ),
            attended_registration=Exists(
                IntroCallRegistration.objects.filter(candidate=OuterRef("pk"), attended=True)
            ),
            application_status=Subquery(in_cycle)
            if cycle is not None
            else Value(None, output_field=CharField()),
        )
        .values(
            "activity",
            "date_of_birth",
            "run_before",
            "attended_intro",
            "attended_registration",
            "application_status",
        )
        .get()
    )
