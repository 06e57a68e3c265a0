"""The election-date rules: general election day and each state's cycle, on fixed dates."""

from datetime import date

import pytest

from candidates.elections import (
    general_election_day,
    next_general_election,
    next_legislative_election,
    next_typical_election,
)
from candidates.enums import OfficeLevel

# The day this feature was written: the 2026 general election (Nov 3) is behind us.
TODAY = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2020, date(2020, 11, 3)),
        (2021, date(2021, 11, 2)),  # November 1 is a Monday
        (2022, date(2022, 11, 8)),  # November 1 is a Tuesday: not the Tuesday *after*
        (2024, date(2024, 11, 5)),
        (2026, date(2026, 11, 3)),
        (2027, date(2027, 11, 2)),
        (2028, date(2028, 11, 7)),
    ],
)
def test_general_election_day_is_the_tuesday_after_the_first_monday(year, expected):
    assert general_election_day(year) == expected


def test_general_election_day_is_always_a_tuesday_between_november_2_and_8():
    for year in range(1990, 2101):
        day = general_election_day(year)
        assert (day.month, day.weekday()) == (11, 1)
        assert 2 <= day.day <= 8


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("MN", date(2028, 11, 7)),  # even years
        ("NE", date(2028, 11, 7)),
        ("DC", date(2028, 11, 7)),
        ("VA", date(2027, 11, 2)),  # odd years
        ("NJ", date(2027, 11, 2)),
        ("LA", date(2027, 11, 2)),  # odd years, every four: 2023, 2027
        ("MS", date(2027, 11, 2)),
        ("AL", date(2030, 11, 5)),  # every four years, all at once: 2022, 2026, 2030
        ("MD", date(2030, 11, 5)),
        ("mn", date(2028, 11, 7)),  # postal codes in any case
    ],
)
def test_next_legislative_election_follows_the_state_cycle(state, expected):
    assert next_legislative_election(state=state, today=TODAY) == expected


def test_next_legislative_election_skips_a_whole_four_year_cycle():
    assert next_legislative_election(state="LA", today=date(2027, 11, 3)) == date(2031, 11, 4)
    assert next_legislative_election(state="MS", today=date(2024, 1, 1)) == date(2027, 11, 2)


def test_election_day_itself_is_still_the_next_election():
    assert next_legislative_election(state="MN", today=date(2026, 11, 3)) == date(2026, 11, 3)
    assert next_legislative_election(state="MN", today=date(2026, 11, 4)) == date(2028, 11, 7)


def test_next_general_election_of_any_year():
    assert next_general_election(today=TODAY) == date(2027, 11, 2)
    assert next_general_election(today=date(2026, 1, 15)) == date(2026, 11, 3)


@pytest.mark.parametrize(
    ("state", "level", "expected"),
    [
        # City and school elections vary most: the next general election day of any year.
        ("MN", OfficeLevel.MUNICIPAL, date(2027, 11, 2)),
        ("MN", OfficeLevel.SCHOOL_BOARD, date(2027, 11, 2)),
        ("DC", OfficeLevel.MUNICIPAL, date(2028, 11, 7)),  # the District votes in even years
        # County and judicial offices: even years, or the state's odd-year cycle.
        ("MN", OfficeLevel.COUNTY, date(2028, 11, 7)),
        ("MN", OfficeLevel.JUDICIAL, date(2028, 11, 7)),
        ("VA", OfficeLevel.COUNTY, date(2027, 11, 2)),
        ("LA", OfficeLevel.COUNTY, date(2027, 11, 2)),
        ("AL", OfficeLevel.COUNTY, date(2028, 11, 7)),
        # The legislature keeps its own cycle.
        ("AL", OfficeLevel.STATE_LEGISLATURE, date(2030, 11, 5)),
    ],
)
def test_next_typical_election_by_level(state, level, expected):
    assert next_typical_election(state=state, level=level, today=TODAY) == expected
