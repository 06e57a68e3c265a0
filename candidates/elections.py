"""When elections happen: the general election day and each state's cycle.

Pure functions of a date, with no database and no clock: callers pass ``today``, so the
rules are tested with fixed dates and a page shows the same answer all day long.

The rules are the usual ones, not the law of every place. Where staff have imported an
office's real election (``candidates.models.Election``), that date wins over these.
"""

from datetime import date, timedelta

from .enums import OfficeLevel

# A filing deadline comes before election day, but not by years: the longest run-ups
# (a primary months ahead of the general) are about a year. Anything further back is a
# mistyped year (1890 for 2027), refused where people and imports enter deadlines.
FILING_DEADLINE_LEAD_MAX = timedelta(days=2 * 366)

# Most legislatures are elected in even years. A cycle is (every n years, year % n).
EVEN_YEARS = (2, 0)
ODD_YEARS = (2, 1)
ANY_YEAR = (1, 0)

# States whose legislature is not elected every even year.
LEGISLATIVE_CYCLES: dict[str, tuple[int, int]] = {
    # Odd years, every two years: the House of Delegates and the General Assembly.
    "VA": ODD_YEARS,
    "NJ": ODD_YEARS,
    # Odd years, every four years (2023, 2027, ...): the whole legislature at once.
    "LA": (4, 3),
    "MS": (4, 3),
    # Even years, every four years (2022, 2026, 2030): both chambers at once.
    "AL": (4, 2),
    "MD": (4, 2),
}

# County offices (and county-level judges) usually share the state's odd-year cycle in
# the odd-year states; everywhere else they are on the even-year ballot.
COUNTY_CYCLES: dict[str, tuple[int, int]] = {
    "VA": ODD_YEARS,
    "NJ": ODD_YEARS,
    "LA": (4, 3),
    "MS": (4, 3),
}


# Where city and school elections are not spread over every year.
LOCAL_CYCLES: dict[str, tuple[int, int]] = {
    # The District elects its mayor and neighborhood commissioners in even years.
    "DC": EVEN_YEARS,
}


def general_election_day(year: int) -> date:
    """The Tuesday after the first Monday in November (between November 2 and 8)."""
    first = date(year, 11, 1)
    first_monday = first + timedelta(days=(0 - first.weekday()) % 7)
    return first_monday + timedelta(days=1)


def next_general_election(*, today: date, cycle: tuple[int, int] = ANY_YEAR) -> date:
    """The first general election day on or after ``today`` in a year of the cycle.

    ``cycle`` is ``(every, remainder)``: the years where ``year % every == remainder``.
    Election day itself still counts as the next one: the polls are open.
    """
    every, remainder = cycle
    year = today.year
    while True:
        if year % every == remainder:
            election_day = general_election_day(year)
            if election_day >= today:
                return election_day
        year += 1


def legislative_cycle(state: str) -> tuple[int, int]:
    return LEGISLATIVE_CYCLES.get(state.upper(), EVEN_YEARS)


def next_legislative_election(*, state: str, today: date) -> date:
    """When the state's legislature is next on the ballot (``state`` is a postal code)."""
    return next_general_election(today=today, cycle=legislative_cycle(state))


def next_typical_election(*, state: str, level: str, today: date) -> date:
    """When offices of a level are *often* elected: a typical date, not a promise.

    City, town and school board elections vary the most (odd years, spring, some
    every year), so they get the next general election day of any year; county and
    judicial offices follow the state's usual county cycle; the legislature its own.
    """
    if level == OfficeLevel.STATE_LEGISLATURE:
        return next_legislative_election(state=state, today=today)
    if level in (OfficeLevel.MUNICIPAL, OfficeLevel.SCHOOL_BOARD, OfficeLevel.SPECIAL_DISTRICT):
        return next_general_election(today=today, cycle=LOCAL_CYCLES.get(state.upper(), ANY_YEAR))
    return next_general_election(today=today, cycle=COUNTY_CYCLES.get(state.upper(), EVEN_YEARS))
