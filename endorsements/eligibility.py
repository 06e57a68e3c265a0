"""Who may apply for our endorsement, checked before anyone fills in a form.

``eligibility_for`` checks every rule and returns each one that fails, with a message
that says kindly what is missing and what to do about it; ``partners_for`` then points a
candidate who does not qualify to the partner organisations that fit them.

The rules (PRODUCT.md, "Endorsement"; configured in ``rfs/settings.py``):
- an open cycle (outside one, the next cycle says when applications open);
- an active race (their current race, without a result) with filing started;
- an intro call attended;
- age on election day within ``RFS_ENDORSEMENT_MIN_AGE``..``RFS_ENDORSEMENT_MAX_AGE``
  (so the date of birth must be known);
- an office level in ``RFS_ENDORSEMENT_LEVELS`` (down-ballot);
- at most ``RFS_ENDORSEMENT_MAX_RUN`` runs, counting this one: the signup answer about
  earlier runs counts one, and each earlier race with a result counts one;
- an active candidate (not paused or withdrawn);
- not already applied or endorsed in this cycle (a declined candidate may apply again).
"""

from dataclasses import dataclass, field
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
    RaceResult,
    RunBefore,
    Stage,
)
from candidates.models import Candidate, Demographics, IntroCallRegistration, Race, StageChange
from resources.enums import PartnerFocus, PartnerScope
from resources.models import PartnerOrganization
from resources.partners import identity_focuses
from rfs.dates import format_day

from .enums import ApplicationStatus
from .models import Application, Cycle


class ReasonCode:
    """Why a candidate can't apply (yet): one code per rule."""

    NO_CYCLE = "no_cycle"
    NO_RACE = "no_race"
    FILING_NOT_STARTED = "filing_not_started"
    NO_INTRO_CALL = "no_intro_call"
    NO_BIRTH_DATE = "no_birth_date"
    TOO_YOUNG = "too_young"
    TOO_OLD = "too_old"
    OFFICE_LEVEL = "office_level"
    TOO_MANY_RUNS = "too_many_runs"
    NOT_ACTIVE = "not_active"
    ALREADY_APPLIED = "already_applied"
    ALREADY_ENDORSED = "already_endorsed"


# Reasons that say "not now" rather than "not us": no referral needed for these alone.
NOT_A_FIT_FOR_PARTNERS = frozenset({ReasonCode.ALREADY_APPLIED, ReasonCode.ALREADY_ENDORSED})

# A race in a runoff is the same run, still going: it doesn't count as an earlier run.
FINISHED_RESULTS = frozenset({RaceResult.WON, RaceResult.LOST, RaceResult.WITHDREW})

# Candidates under this age on election day are pointed to groups for young people too.
YOUNG_UNDER = 35


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: list[Reason] = field(default_factory=list)
    # The open cycle the candidate would apply in, or the next one to open.
    cycle: Cycle | None = None
    next_cycle: Cycle | None = None
    # Their current race (the latest without a result), if any.
    race: Race | None = None
    age_on_election_day: int | None = None
    runs: int = 1

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]


def _long_date(day: date) -> str:
    return format_day(day)


def age_on(day: date, born: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def cycles_around(today: date) -> tuple[Cycle | None, Cycle | None]:
    """(the open cycle, the next one to open) on ``today``, in one query.

    The first cycle that has not closed is open if it has opened, else it is the next.
    """
    first = Cycle.objects.filter(closes_on__gte=today).order_by("opens_on", "pk").first()
    if first is None:
        return None, None
    if first.opens_on <= today:
        return first, None
    return None, first


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


# --- Referrals ---------------------------------------------------------------------------


def _focuses_of(
    candidate: Candidate, demographics: Demographics | None, reasons: list[Reason], today: date
) -> set[str]:
    """The partner focuses that fit this candidate, from what they told us about themselves.

    Their own self-identified demographics are used only here, to show them their own
    referrals; nothing is stored or shown to anyone else.
    """
    focuses = {PartnerFocus.TRAINING, PartnerFocus.STATE_LOCAL}
    if any(reason.code == ReasonCode.OFFICE_LEVEL for reason in reasons):
        focuses.add(PartnerFocus.STATEWIDE)
    if candidate.date_of_birth and age_on(today, candidate.date_of_birth) < YOUNG_UNDER:
        focuses.add(PartnerFocus.YOUNG)
    return focuses | identity_focuses(demographics)


# Groups for who the candidate is come first, then statewide races, their state's own
# groups, and training for everyone.
_GENERAL_FOCUSES = (PartnerFocus.STATEWIDE, PartnerFocus.STATE_LOCAL, PartnerFocus.TRAINING)


def _rank(partner: PartnerOrganization, focuses: set[str]) -> tuple:
    matched = set(partner.focus) & focuses
    specific = matched - set(_GENERAL_FOCUSES)
    general = [index for index, focus in enumerate(_GENERAL_FOCUSES) if focus in matched]
    return (0 if specific else 1, min(general, default=len(_GENERAL_FOCUSES)), partner.name.lower())


def partners_for(
    candidate: Candidate, reasons: list[Reason], *, today: date | None = None
) -> list[PartnerOrganization]:
    """The partner organisations to refer a candidate who can't apply to, best fit first.

    Listed organisations that work where the candidate lives (national, or listing their
    state) and whose focus fits them. Nobody is referred away for "not yet" reasons alone
    (already applied or endorsed). Two queries: their demographics and the directory.
    """
    if not reasons or all(reason.code in NOT_A_FIT_FOR_PARTNERS for reason in reasons):
        return []
    today = today or timezone.localdate()
    demographics = Demographics.objects.filter(candidate_id=candidate.pk).first()
    focuses = _focuses_of(candidate, demographics, reasons, today)
    fitting = [
        partner
        for partner in PartnerOrganization.objects.filter(active=True)
        if _works_where(partner, candidate.state) and _fits(partner, focuses)
    ]
    return sorted(fitting, key=lambda partner: _rank(partner, focuses))


def _works_where(partner: PartnerOrganization, state: str) -> bool:
    """National groups work everywhere; others (and any listing states) in the states they list."""
    if partner.scope == PartnerScope.NATIONAL and not partner.states:
        return True
    return state in (partner.states or [])


def _fits(partner: PartnerOrganization, focuses: set[str]) -> bool:
    """A group for particular people (women, veterans...) fits only them, unless it also
    trains any candidate; every group must offer something that fits."""
    offered = set(partner.focus or [])
    for_people = offered - set(_GENERAL_FOCUSES)
    open_to_all = not for_people or PartnerFocus.TRAINING in offered
    return bool(offered & focuses) and (open_to_all or bool(for_people & focuses))
