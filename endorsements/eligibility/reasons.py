"""What an eligibility check answers: the reasons (codes and warm messages), and the dates it
turns on."""

from dataclasses import dataclass, field
from datetime import date

from candidates.enums import (
    RaceResult,
)
from candidates.models import Race
from rfs.dates import format_day

from ..models import Cycle


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
