"""Demo history for the candidates app, called by `seed_demo`: 18 months of people moving
through the pipeline, so the dashboard has times between steps, a trend and a stuck list.

Past rows are written in bulk rather than through the services: the services rightly
refuse to record an intro call attended before it started, or a screening before it was
booked. Each candidate's journey is simulated from their signup date: at each step some
go on after a realistic gap and the rest stop there (drop-off), and nobody takes a step
that would fall after now. The same candidate number always gets the same journey.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import zipcodes

from .bulk import stage_change_row
from .elections import next_general_election
from .enums import (
    FilingStatus,
    Gender,
    Generation,
    OfficeLevel,
    RaceEthnicity,
    RaceResult,
    Stage,
    YesNo,
)
from .models import Candidate, Demographics, Race, StageChange

MONTHS = 18

# Of those who reached a step, the share who take the next one (given the time to).
GO_ON = {
    Stage.INTRO_ATTENDED: 0.6,
    Stage.SCREENED: 0.6,
    Stage.RUNNING: 0.5,
    Stage.APPLIED: 0.55,
    Stage.ENDORSED: 0.75,  # of those who applied; the rest are not endorsed
    Stage.WON: 0.55,  # of endorsed candidates whose election has passed; the rest lost
}
# Days between steps: (shortest, longest, most common).
GAP_DAYS = {
    Stage.INTRO_ATTENDED: (2, 35, 8),
    Stage.SCREENED: (5, 60, 14),
    Stage.RUNNING: (14, 180, 45),
    Stage.APPLIED: (7, 60, 20),
    Stage.ENDORSED: (14, 45, 25),
}
LEVELS = {
    OfficeLevel.MUNICIPAL: (35, "City Council"),
    OfficeLevel.SCHOOL_BOARD: (25, "School Board"),
    OfficeLevel.COUNTY: (20, "County Commission"),
    OfficeLevel.STATE_LEGISLATURE: (12, "State House"),
    OfficeLevel.JUDICIAL: (4, "District Court Judge"),
    OfficeLevel.SPECIAL_DISTRICT: (4, "Water District Board"),
}
# About two in three answer some of the optional questions at signup.
ANSWERED_DEMOGRAPHICS = 0.65


@dataclass
class Journey:
    """What happened to one candidate: stage changes (from, to, at), and their race."""

    joined: datetime
    steps: list[tuple[str, str, datetime]] = field(default_factory=list)
    level: str = ""
    election_day: date | None = None
    result: str = ""
    applied_at: datetime | None = None
    decided_at: datetime | None = None

    @property
    def stage(self) -> str:
        return self.steps[-1][1]

    @property
    def stage_changed_at(self) -> datetime:
        return self.steps[-1][2]


@cache
def zip_places(state: str) -> list[dict]:
    """Every ordinary ZIP code of a state, from the zipcodes package (as signup reads them)."""
    return [
        z
        for z in zipcodes.filter_by(state=state)
        if z["zip_code_type"] == "STANDARD" and z["timezone"]
    ]


def zip_place(zip_code: str) -> dict:
    return zipcodes.matching(zip_code)[0]


def signup_month_start(now: datetime, months_ago: int) -> datetime:
    year, month = divmod(now.year * 12 + now.month - 1 - months_ago, 12)
    return datetime(year, month + 1, 1, tzinfo=UTC)


def signup_time(rng: random.Random, now: datetime, number: int) -> datetime:
    """A signup in the last 18 months, more of them lately (the organisation is growing).
    The first 18 candidates take one month each, so every month of the trend has signups."""
    # Twice as many signups this month as 18 months ago (weights 36 down to 19).
    weights = [2 * MONTHS - months for months in range(MONTHS)]
    months_ago = number - 1 if number <= MONTHS else rng.choices(range(MONTHS), weights=weights)[0]
    start = signup_month_start(now, months_ago)
    end = min(signup_month_start(now, months_ago - 1), now) if months_ago else now
    return start + (end - start) * rng.random()


def result_time(election_day: date) -> datetime:
    """Results are in by the morning after election day."""
    return datetime.combine(election_day + timedelta(days=1), time(9, 0), tzinfo=UTC)


def simulate(rng: random.Random, joined: datetime, now: datetime) -> Journey:
    """One candidate's way through the pipeline from ``joined``, stopping at now."""
    journey = Journey(joined=joined, steps=[(Stage.SIGNED_UP, Stage.SIGNED_UP, joined)])

    def step(to: str, at: datetime | None = None) -> bool:
        if at is None:
            low, high, mode = GAP_DAYS[to if to != Stage.NOT_ENDORSED else Stage.ENDORSED]
            at = journey.stage_changed_at + timedelta(
                days=rng.triangular(low, high, mode), hours=rng.randrange(1, 10)
            )
        if at >= now:
            return False
        journey.steps.append((journey.stage, to, at))
        return True

    for stage in (Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING):
        if not (rng.random() < GO_ON[stage] and step(stage)):
            return journey
    declare_race(rng, journey, now)
    if not (rng.random() < GO_ON[Stage.APPLIED] and step(Stage.APPLIED)):
        return journey
    journey.applied_at = journey.stage_changed_at
    endorsed = rng.random() < GO_ON[Stage.ENDORSED]
    if not step(Stage.ENDORSED if endorsed else Stage.NOT_ENDORSED):
        return journey
    journey.decided_at = journey.stage_changed_at
    if endorsed:
        # Endorsed candidates run in the next general election; once it has passed, the
        # result is in. (Only endorsed candidates win here, so the public alumni page
        # lists everyone the impact page counts as elected.)
        journey.election_day = next_general_election(
            today=journey.decided_at.date() + timedelta(days=14)
        )
        won = rng.random() < GO_ON[Stage.WON]
        if step(Stage.WON if won else Stage.LOST, at=result_time(journey.election_day)):
            journey.result = RaceResult.WON if won else RaceResult.LOST
    return journey


def declare_race(rng: random.Random, journey: Journey, now: datetime) -> None:
    """A race in an upcoming general election (moved to an earlier one if endorsed)."""
    levels = list(LEVELS)
    journey.level = rng.choices(levels, weights=[LEVELS[level][0] for level in levels])[0]
    journey.election_day = next_general_election(today=max(journey.stage_changed_at, now).date())


def planned(stage: str, *, joined: datetime, now: datetime) -> Journey:
    """A demo login's journey to ``stage``: typical gaps, and the race (if any) upcoming."""
    journey = Journey(
        joined=joined,
        steps=[(Stage.SIGNED_UP, Stage.SIGNED_UP, joined)],
        level=OfficeLevel.MUNICIPAL,
    )
    path = {
        Stage.SIGNED_UP: [],
        Stage.INTRO_ATTENDED: [Stage.INTRO_ATTENDED],
        Stage.SCREENED: [Stage.INTRO_ATTENDED, Stage.SCREENED],
        Stage.RUNNING: [Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING],
        Stage.APPLIED: [Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING],
        Stage.ENDORSED: [
            Stage.INTRO_ATTENDED,
            Stage.SCREENED,
            Stage.RUNNING,
            Stage.APPLIED,
            Stage.ENDORSED,
        ],
        Stage.WON: [
            Stage.INTRO_ATTENDED,
            Stage.SCREENED,
            Stage.RUNNING,
            Stage.APPLIED,
            Stage.ENDORSED,
            Stage.WON,
        ],
    }[stage]
    for to in path:
        if to == Stage.WON:
            at = result_time(journey.election_day)
            journey.result = RaceResult.WON
        else:
            at = journey.stage_changed_at + timedelta(days=GAP_DAYS[to][2])
        journey.steps.append((journey.stage, to, at))
        if to == Stage.RUNNING:
            journey.election_day = next_general_election(today=max(at, now).date())
        if to == Stage.APPLIED:
            journey.applied_at = at
        if to == Stage.ENDORSED:
            journey.decided_at = at
            if stage == Stage.WON:
                journey.election_day = next_general_election(today=at.date() + timedelta(days=14))
    return journey


def demographics(rng: random.Random) -> dict | None:
    """Self-identified answers for about two in three; each question may be skipped."""
    if rng.random() >= ANSWERED_DEMOGRAPHICS:
        return None

    def pick(weighted: dict[str, int]) -> str:
        return rng.choices(list(weighted), weights=list(weighted.values()))[0]

    races = {
        RaceEthnicity.WHITE: 45,
        RaceEthnicity.BLACK: 20,
        RaceEthnicity.LATINO: 20,
        RaceEthnicity.ASIAN: 9,
        RaceEthnicity.AMERICAN_INDIAN: 2,
        RaceEthnicity.MIDDLE_EASTERN: 2,
        RaceEthnicity.PACIFIC_ISLANDER: 1,
        RaceEthnicity.OTHER: 1,
    }
    wanted = rng.choices([0, 1, 2], weights=[8, 80, 12])[0]
    chosen: set[str] = set()
    while len(chosen) < wanted:
        chosen.add(pick(races))
    return {
        "gender": pick(
            {
                Gender.WOMAN: 52,
                Gender.MAN: 33,
                Gender.NONBINARY: 6,
                Gender.SELF_DESCRIBE: 2,
                Gender.NO_ANSWER: 3,
                "": 4,
            }
        ),
        "race_ethnicity": sorted(chosen),
        "lgbtq": pick({YesNo.YES: 18, YesNo.NO: 72, YesNo.NO_ANSWER: 5, "": 5}),
        "veteran": pick({YesNo.YES: 7, YesNo.NO: 88, "": 5}),
        "generation": pick(
            {
                Generation.FIRST: 12,
                Generation.SECOND: 18,
                Generation.NEITHER: 62,
                Generation.NO_ANSWER: 4,
                "": 4,
            }
        ),
    }


def write_histories(journeys: dict[Candidate, Journey], *, note: str = "demo") -> dict[int, Race]:
    """Each candidate's stage changes, race and dates, in bulk; returns their races by
    candidate id. The candidates are saved already (``created_at`` is set here: the
    field's ``auto_now_add`` would stamp now on create)."""
    changes = []
    for candidate, journey in journeys.items():
        for from_stage, to_stage, _at in journey.steps:
            changes.append(
                StageChange(
                    **stage_change_row(
                        candidate_id=candidate.pk,
                        region_id=candidate.region_id,
                        from_stage=from_stage,
                        to_stage=to_stage,
                        note=note,
                    )
                )
            )
    changes = StageChange.objects.bulk_create(changes)
    moments = iter(at for journey in journeys.values() for _from, _to, at in journey.steps)
    for change in changes:
        change.at = next(moments)
    StageChange.objects.bulk_update(changes, ["at"], batch_size=500)

    for candidate, journey in journeys.items():
        candidate.created_at = journey.joined
        candidate.stage, candidate.stage_changed_at = journey.stage, journey.stage_changed_at
    Candidate.objects.bulk_update(
        list(journeys), ["created_at", "stage", "stage_changed_at"], batch_size=500
    )

    with_race = [
        (candidate, journey) for candidate, journey in journeys.items() if journey.election_day
    ]
    races = Race.objects.bulk_create(
        [
            Race(
                candidate=candidate,
                office_name=LEVELS[journey.level][1],
                level=journey.level,
                jurisdiction_name=candidate.city or candidate.county or candidate.state,
                district="" if journey.level == OfficeLevel.MUNICIPAL else "District 3",
                state=candidate.state,
                election_date=journey.election_day,
                filing_status=FilingStatus.ON_BALLOT if journey.applied_at else FilingStatus.FILED,
                result=journey.result,
                result_recorded_at=result_time(journey.election_day) if journey.result else None,
            )
            for candidate, journey in with_race
        ]
    )
    return {
        candidate.pk: race for (candidate, _journey), race in zip(with_race, races, strict=True)
    }


def write_demographics(answers: dict[Candidate, dict]) -> None:
    Demographics.objects.bulk_create(
        [Demographics(candidate=candidate, **values) for candidate, values in answers.items()]
    )


def birth_date(rng: random.Random) -> date:
    """Young enough for the endorsement (40 or younger on election day), as most of our candidates are."""
    return date(rng.randrange(1988, 2004), rng.randrange(1, 13), rng.randrange(1, 29))


def place_for(rng: random.Random, state: str) -> dict:
    return rng.choice(zip_places(state))
