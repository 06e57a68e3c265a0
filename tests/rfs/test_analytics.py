"""The dashboard's figures against brute-force counts over the same rows.

Each seed generates a pipeline (candidates in two regions taking random legal paths
with random gaps, some with demographics), refreshes the summary tables, and compares
every figure the reports give with a count made directly from the candidates and their
stage changes, for random filters.
"""

import random
from datetime import UTC, datetime, timedelta

import pytest

from candidates.enums import TRANSITIONS, Stage
from candidates.models import Candidate, Demographics, Race, StageChange
from insights.analytics import fair_share as fair
from insights.analytics.milestones import FUNNEL, RECORDED, STEPS, percentile, reached, whole_days
from insights.analytics.refresh import analytics_refresh
from insights.analytics.reports import Filters, durations, funnel
from rfs.models import User

pytestmark = pytest.mark.django_db

LEVELS = ["municipal", "school_board", "county"]
SOURCES = ["", "instagram", "friend"]
START = datetime(2025, 1, 1, tzinfo=UTC)


def generate_pipeline(rng: random.Random, regions, size: int) -> None:
    """``size`` candidates with legal histories. ``regions`` maps a Region to its states."""
    for number in range(size):
        region, states = rng.choice(regions)
        user = User.objects.create(
            email=f"gen{number}-{rng.random()}@example.org", name=f"Person {number}"
        )
        joined = START + timedelta(days=rng.randrange(0, 500), hours=rng.randrange(24))
        candidate = Candidate.objects.create(
            user=user,
            state=rng.choice(states),
            region=region,
            utm_source=rng.choice(SOURCES),
            heard_from=rng.choice(["", "friend"]),
        )
        Candidate.objects.filter(pk=candidate.pk).update(created_at=joined)
        if rng.random() < 0.7:
            Demographics.objects.create(
                candidate=candidate,
                gender=rng.choice(["woman", "man", "nonbinary", ""]),
                race_ethnicity=rng.sample(
                    ["black", "latino", "white", "asian"], k=rng.randrange(0, 3)
                ),
                lgbtq=rng.choice(["yes", "no", ""]),
                veteran=rng.choice(["yes", "no"]),
                generation="",
            )
        stage, at = Stage.SIGNED_UP, joined
        changes = []
        while rng.random() < 0.75 and TRANSITIONS[stage]:
            to_stage = rng.choice(sorted(TRANSITIONS[stage]))
            at = at + timedelta(days=rng.randrange(0, 60), hours=rng.randrange(24))
            changes.append((stage, to_stage, at))
            stage = to_stage
            if stage == Stage.RUNNING and not Race.objects.filter(candidate=candidate).exists():
                Race.objects.create(
                    candidate=candidate,
                    office_name="Council",
                    level=rng.choice(LEVELS),
                    jurisdiction_name="Town",
                    state=candidate.state,
                    election_date=at.date(),
                    filing_status="filed",
                )
        # Now and then an event: a milestone already passed, recorded again later.
        if changes and rng.random() < 0.2:
            changes.append((stage, changes[0][1], at + timedelta(days=3)))
        for from_stage, to_stage, when in changes:
            change = StageChange.objects.create(
                candidate=candidate,
                from_stage=from_stage,
                to_stage=to_stage,
                region=region,
            )
            StageChange.objects.filter(pk=change.pk).update(at=when)
        Candidate.objects.filter(pk=candidate.pk).update(stage=stage)


def brute_force_people(candidates):
    """Each candidate's cell values, reached milestones and step days, straight from the rows."""
    people = []
    for candidate in candidates:
        firsts = {}
        for change in StageChange.objects.filter(candidate=candidate).order_by("at"):
            firsts.setdefault(change.to_stage, change.at)
        race = Race.objects.filter(candidate=candidate).order_by("-created_at", "-pk").first()
        times = {
            **{stage: firsts.get(stage) for stage in RECORDED},
            FUNNEL[0]: candidate.created_at,
        }
        people.append(
            {
                "region": candidate.region_id,
                "state": candidate.state,
                "level": race.level if race else "",
                "source": candidate.utm_source or candidate.heard_from or "",
                "cohort": candidate.created_at.strftime("%Y-%m"),
                "reached": [reached(milestone, firsts) for milestone in FUNNEL],
                "steps": {
                    (start, end): whole_days(times[start], times[end])
                    for start, end in STEPS
                    if times.get(start) is not None and times.get(end) is not None
                },
            }
        )
    return people


def matches(person, filters: Filters) -> bool:
    return (
        (not filters.region or person["region"] == filters.region)
        and (not filters.state or person["state"] == filters.state)
        and (not filters.level or person["level"] == filters.level)
        and (not filters.source or person["source"] == filters.source)
        and (not filters.cohort_from or person["cohort"] >= filters.cohort_from)
        and (not filters.cohort_to or person["cohort"] <= filters.cohort_to)
    )


def random_filters(rng: random.Random, north, west) -> Filters:
    return Filters(
        region=rng.choice([None, north.pk, west.pk]),
        state=rng.choice(["", "", "NY", "CA"]),
        level=rng.choice(["", "", *LEVELS]),
        source=rng.choice(["", "", "instagram", "friend"]),
        cohort_from=rng.choice(["", "2025-03"]),
        cohort_to=rng.choice(["", "2025-11", "2026-02"]),
    )


def assert_no_line_gives_a_cell_away(dimension: str) -> None:
    """The brute-force checker: every small group is hidden, and no line of the table
    (across regions, across years, across groups with their published total) has exactly
    one hidden count, which subtraction would give away."""
    cells, totals = fair._table(dimension)
    table = fair.with_totals(cells, totals)
    for layer in range(len(FUNNEL)):
        hidden = fair.suppressed_cells(table, layer)
        assert {key for key, counts in cells.items() if counts[layer] < fair.THRESHOLD} <= hidden
        for key in hidden:
            region, year, value = key
            for line in (
                [k for k in table if k[1] == year and k[2] == value],
                [k for k in table if k[0] == region and k[2] == value],
                [k for k in table if k[0] == region and k[1] == year],
            ):
                assert sum(1 for k in line if k in hidden) != 1, (dimension, layer, key)


def people_in(region, state: str, count: int, *, gender: str | None, joined: datetime) -> None:
    for number in range(count):
        user = User.objects.create(
            email=f"{state}-{gender}-{number}@example.org", name=f"Person {number}"
        )
        candidate = Candidate.objects.create(user=user, state=state, region=region)
        Candidate.objects.filter(pk=candidate.pk).update(created_at=joined)
        if gender is not None:
            Demographics.objects.create(candidate=candidate, gender=gender)


def test_fair_share_hides_a_total_that_would_give_a_group_away(north, west):
    # North: 7 people, none answered, so their one group ("fewer than 10") is everyone.
    people_in(north, "NY", 7, gender=None, joined=START)
    people_in(west, "CA", 15, gender="woman", joined=START)
    people_in(west, "CA", 15, gender="man", joined=START)
    analytics_refresh()

    report = fair.fair_share(dimension="gender", region=north.pk)

    assert [(row.value, row.counts[0]) for row in report.rows] == [("not_given", None)]
    assert report.total[0] is None
    # Nor can North's total be had from the national total less the West's.
    national, west_report = (
        fair.fair_share(dimension="gender"),
        fair.fair_share(dimension="gender", region=west.pk),
    )
    assert None in (national.total[0], west_report.total[0])
    for dimension in ("gender", "lgbtq", "race_ethnicity"):
        assert_no_line_gives_a_cell_away(dimension)


def test_fair_share_shows_totals_that_give_nothing_away(north):
    people_in(north, "NY", 12, gender="woman", joined=START)
    people_in(north, "NY", 11, gender="man", joined=START)
    analytics_refresh()

    report = fair.fair_share(dimension="gender", region=north.pk)

    assert [(row.value, row.counts[0]) for row in report.rows] == [("man", 11), ("woman", 12)]
    assert report.total[0] == 23


@pytest.mark.parametrize("seed", range(12))
def test_funnel_and_durations_equal_brute_force_counts(seed, north, west, staff, director):
    rng = random.Random(seed)
    generate_pipeline(rng, [(north, ["NY", "MA"]), (west, ["CA", "OR"])], size=30)
    snapshot = analytics_refresh()
    people = brute_force_people(Candidate.objects.all())
    assert snapshot.candidates == len(people)

    for _ in range(8):
        filters = random_filters(rng, north, west)
        for viewer, scope in ((staff, None), (director, north.pk)):
            chosen = [
                p for p in people if matches(p, filters) and (scope is None or p["region"] == scope)
            ]
            result = funnel(viewer, filters, by="state")
            assert result.total.counts == [
                sum(p["reached"][i] for p in chosen) for i in range(len(FUNNEL))
            ]
            by_state = {row.label: row.counts for row in result.rows}
            for state in {p["state"] for p in chosen}:
                in_state = [p for p in chosen if p["state"] == state]
                assert by_state[state] == [
                    sum(p["reached"][i] for p in in_state) for i in range(len(FUNNEL))
                ]
            for step in durations(viewer, filters):
                days = sorted(
                    p["steps"][(step.start, step.end)]
                    for p in chosen
                    if (step.start, step.end) in p["steps"]
                )
                assert (step.people, step.median, step.p90) == (
                    len(days),
                    percentile(days, 0.5),
                    percentile(days, 0.9),
                )


def test_director_sees_no_other_region_in_any_figure(north, west, director):
    rng = random.Random(99)
    generate_pipeline(rng, [(west, ["CA", "OR"])], size=15)
    analytics_refresh()

    result = funnel(director, Filters(), by="region")
    assert result.total.counts == [0] * len(FUNNEL)
    assert result.rows == []
    assert all(step.people == 0 for step in durations(director, Filters(region=west.pk)))


def test_fair_share_hides_small_groups_and_their_complements(north, west):
    rng = random.Random(7)
    generate_pipeline(rng, [(north, ["NY", "MA"]), (west, ["CA", "OR"])], size=120)
    analytics_refresh()
    people = list(Candidate.objects.select_related("demographics"))

    for dimension in ("gender", "lgbtq", "race_ethnicity"):
        assert_no_line_gives_a_cell_away(dimension)

    # A shown count is the exact number of people (brute force), for all regions and years.
    report = fair.fair_share(dimension="gender")
    for row in report.rows:
        expected = sum(
            1
            for candidate in people
            if (
                (getattr(candidate, "demographics", None) and candidate.demographics.gender)
                or "not_given"
            )
            == row.value
        )
        assert row.counts[0] in (None, expected)
        if expected < fair.THRESHOLD:
            assert row.counts[0] is None
    assert report.total[0] == len(people)
