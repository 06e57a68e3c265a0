"""The columns of an offices file, and the checks of one row."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from rfs.enums import State
from rfs.fields import one_line_clean

from ..elections import FILING_DEADLINE_LEAD_MAX
from ..enums import ElectionKind, JurisdictionKind, OfficeLevel

# Every column, in the order of the reference table in docs/offices-import.md.
COLUMNS = (
    "state",
    "jurisdiction_name",
    "jurisdiction_kind",
    "county",
    "city",
    "jurisdiction_ocd_id",
    "election_office_url",
    "office_name",
    "level",
    "district",
    "seats",
    "term_years",
    "partisan",
    "office_ocd_id",
    "election_date",
    "election_kind",
    "filing_deadline",
    "filing_fee",
    "signatures_required",
)
REQUIRED_COLUMNS = ("state", "jurisdiction_name", "jurisdiction_kind", "office_name", "level")

# Longest values the database takes (see candidates/models/offices.py).
MAX_LENGTHS = {
    "jurisdiction_name": 200,
    "county": 100,
    "city": 100,
    "jurisdiction_ocd_id": 255,
    "election_office_url": 500,
    "office_name": 200,
    "district": 100,
    "office_ocd_id": 255,
}
MAX_TERM_YEARS = 30  # long enough for any judge; catches a year typed into the column
MAX_SIGNATURES = 2_147_483_647
MAX_FILING_FEE = Decimal("9999999.99")

JurisdictionKey = tuple[str, str, str]  # state, kind, name


def column_name(header: str) -> str:
    """``" Office Name "`` and ``"office-name"`` both mean ``office_name``."""
    return re.sub(r"[\s\-]+", "_", header.strip().lower())


def _choices_lookup(enum, aliases: dict[str, str]) -> dict[str, str]:
    """Accepted spellings of an enum: its values, its labels, and a few common words."""
    lookup = {}
    for value, label in enum.choices:
        lookup[value] = value
        lookup[_choice_key(str(label))] = value
    lookup.update(aliases)
    return lookup


def _choice_key(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


LEVELS = _choices_lookup(
    OfficeLevel, {"city": "municipal", "town": "municipal", "municipality": "municipal"}
)
JURISDICTION_KINDS = _choices_lookup(
    JurisdictionKind,
    {
        "city": "municipality",
        "town": "municipality",
        "village": "municipality",
        "municipal": "municipality",
    },
)
ELECTION_KINDS = _choices_lookup(
    ElectionKind, {f"{value}_election": value for value in ElectionKind.values}
)
STATES = {
    **{value.lower(): value for value in State.values},
    **{re.sub(r"[.,]", "", label).lower(): value for value, label in State.choices},
    "washington dc": "DC",
}
YES = {"yes", "y", "true", "t", "1", "partisan"}
NO = {"no", "n", "false", "f", "0", "nonpartisan", "non-partisan", "non partisan"}
UNKNOWN = {"", "unknown"}

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
THOUSANDS_RE = re.compile(r"\d{1,3}(,\d{3})+")
_url_validator = URLValidator(schemes=["http", "https"])


@functools.lru_cache(maxsize=4096)
def _is_web_address(value: str) -> bool:
    # Cached: the rows of a jurisdiction repeat its address, and the check is slow.
    try:
        _url_validator(value)
    except ValidationError:
        return False
    return True


@dataclass(slots=True)
class ElectionRow:
    kind: str
    date: date
    values: dict[str, Any]  # the columns present in the file


@dataclass(slots=True)
class Row:
    line: int
    jurisdiction_key: JurisdictionKey
    name: str
    district: str
    level: str
    office_ocd_id: str | None
    office_values: dict[str, Any]  # seats, term_years, partisan: the columns present
    election: ElectionRow | None


@dataclass(slots=True)
class JurisdictionInFile:
    """What the file says about one jurisdiction so far: each detail with its line."""

    line: int
    ocd_id: tuple[str, int] | None = None
    details: dict[str, tuple[str, int]] = field(default_factory=dict)


def cell_text(row: dict, column: str) -> str:
    """The cell with runs of spaces collapsed (a name typed twice the same way matches),
    line breaks made spaces and hidden direction controls removed (``rfs.fields``)."""
    value = row.get(column)
    return " ".join(one_line_clean(value).split()) if value else ""


def check_row(row: dict, line: int, problems: list[str]) -> Row | None:
    """Parse one row; add a plain reason to ``problems`` for everything wrong with it."""

    def text(column: str) -> str:
        value = cell_text(row, column)
        if len(value) > MAX_LENGTHS.get(column, 1000):
            problems.append(f"{column} is longer than {MAX_LENGTHS[column]} characters")
        return value

    def required(column: str) -> str:
        value = text(column)
        if not value:
            problems.append(f"{column} is missing")
        return value

    def choice(column: str, lookup: dict[str, str], enum, default: str = "") -> str:
        value = cell_text(row, column)
        if not value:
            if not default:
                problems.append(f"{column} is missing")
            return default
        found = lookup.get(_choice_key(value))
        if found is None:
            problems.append(f"{column} '{value}' is not one of: {', '.join(enum.values)}")
            return ""
        return found

    def whole_number(column: str, low: int, high: int, description: str) -> int | None:
        value = cell_text(row, column)
        if not value:
            return None
        digits = value.replace(",", "") if THOUSANDS_RE.fullmatch(value) else value
        if digits.isdigit() and low <= int(digits) <= high:
            return int(digits)
        problems.append(f"{column} '{value}' is not {description}")
        return None

    def day(column: str) -> date | None:
        value = cell_text(row, column)
        if not value:
            return None
        if DATE_RE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        problems.append(f"{column} '{value}' is not a date like 2027-11-02 (year-month-day)")
        return None

    def ocd_id(column: str) -> str | None:
        value = text(column)
        if not value:
            return None
        if not value.startswith("ocd-") or " " in value:
            problems.append(
                f"{column} '{value}' is not an Open Civic Data id (they start with ocd- and have no spaces)"
            )
        return value

    if None in row and any(cell.strip() for cell in row[None] if cell):
        problems.append("the row has more cells than the header has columns")

    state = cell_text(row, "state")
    if not state:
        problems.append("state is missing")
    else:
        state_code = STATES.get(re.sub(r"[.,]", "", state).lower())
        if state_code is None:
            problems.append(f"state '{state}' is not a US state: use a two-letter code like MN")
        state = state_code or ""
    jurisdiction_name = required("jurisdiction_name")
    jurisdiction_kind = choice("jurisdiction_kind", JURISDICTION_KINDS, JurisdictionKind)
    office_name = required("office_name")
    level = choice("level", LEVELS, OfficeLevel)
    district = text("district")
    office_ocd_id = ocd_id("office_ocd_id")
    ocd_id("jurisdiction_ocd_id")
    text("county")
    text("city")
    url = cell_text(row, "election_office_url")
    if url:
        if not _is_web_address(url):
            problems.append(
                f"election_office_url '{url}' is not a web address starting with https://"
            )
        if len(url) > MAX_LENGTHS["election_office_url"]:
            problems.append("election_office_url is longer than 500 characters")

    office_values: dict[str, Any] = {}
    if "seats" in row:
        office_values["seats"] = whole_number("seats", 1, 100_000, "a whole number, 1 or more")
        if office_values["seats"] is None:
            office_values["seats"] = 1  # the default when the cell is empty
    if "term_years" in row:
        office_values["term_years"] = whole_number(
            "term_years", 1, MAX_TERM_YEARS, f"a whole number of years from 1 to {MAX_TERM_YEARS}"
        )
    if "partisan" in row:
        partisan = cell_text(row, "partisan")
        if partisan.lower() in YES:
            office_values["partisan"] = True
        elif partisan.lower() in NO:
            office_values["partisan"] = False
        elif partisan.lower() in UNKNOWN:
            office_values["partisan"] = None
        else:
            problems.append(f"partisan '{partisan}' is not yes, no or empty")

    election = None
    election_date = day("election_date")
    if election_date is not None:
        election_kind = choice(
            "election_kind", ELECTION_KINDS, ElectionKind, default=ElectionKind.GENERAL
        )
        election_values: dict[str, Any] = {}
        if "filing_deadline" in row:
            deadline = election_values["filing_deadline"] = day("filing_deadline")
            if deadline is not None and deadline > election_date:
                problems.append(
                    f"filing_deadline {deadline} is after election_date {election_date}"
                )
            elif deadline is not None and election_date - deadline > FILING_DEADLINE_LEAD_MAX:
                problems.append(
                    f"filing_deadline {deadline} is more than two years before election_date {election_date}"
                )
        if "filing_fee" in row:
            election_values["filing_fee"] = _filing_fee(cell_text(row, "filing_fee"), problems)
        if "signatures_required" in row:
            election_values["signatures_required"] = whole_number(
                "signatures_required", 0, MAX_SIGNATURES, "a whole number, 0 or more"
            )
        election = ElectionRow(kind=election_kind, date=election_date, values=election_values)
    elif not cell_text(row, "election_date"):
        given = [
            column
            for column in ("election_kind", "filing_deadline", "filing_fee", "signatures_required")
            if cell_text(row, column)
        ]
        if given:
            problems.append(f"{', '.join(given)} given but election_date is empty")

    if problems:
        return None
    return Row(
        line=line,
        jurisdiction_key=(state, jurisdiction_kind, jurisdiction_name),
        name=office_name,
        district=district,
        level=level,
        office_ocd_id=office_ocd_id,
        office_values=office_values,
        election=election,
    )


def _filing_fee(value: str, problems: list[str]) -> Decimal | None:
    if not value:
        return None
    amount = value.removeprefix("$").strip()
    if THOUSANDS_RE.fullmatch(amount.split(".")[0]):
        amount = amount.replace(",", "")
    try:
        fee = Decimal(amount)
    except InvalidOperation:
        fee = None
    if (
        fee is None
        or not fee.is_finite()
        or fee < 0
        or fee > MAX_FILING_FEE
        or fee.as_tuple().exponent < -2
    ):
        problems.append(f"filing_fee '{value}' is not an amount in dollars like 250 or 1,250.00")
        return None
    return fee


def jurisdiction_label(key: JurisdictionKey) -> str:
    state, _kind, name = key
    return f"{name} ({state})"


def office_label(row: Row) -> str:
    office = f"{row.name} {row.district}".strip()
    return f"{office}, {jurisdiction_label(row.jurisdiction_key)}"
