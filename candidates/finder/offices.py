"""What is elected in a place: the state legislature from Open States' metadata and typical
county, city, school board and judicial offices, each replaced by the exact offices staff
imported where they cover it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import openstates_metadata
from django.core import signing
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rfs.enums import State

from ..elections import next_legislative_election, next_typical_election
from ..enums import JurisdictionKind, OfficeLevel
from ..models import Election, Office
from .places import ZipPlace
from .typical import (
    DC_TYPICAL_OFFICES,
    NO_COUNTY_GOVERNMENT,
    NO_ELECTED_JUDGES,
    TYPICAL_KIND_WORDS,
    TYPICAL_OFFICES,
)


def _covers(office: Office, key: str) -> bool:
    name = office.name.lower()
    return any(word in name for word in TYPICAL_KIND_WORDS.get(key, ()))


def _covers_chamber(office: Office, chamber) -> bool:
    """An imported "Minnesota House of Representatives · 64A" is the House, not the Senate."""
    return chamber.name.lower() in office.name.lower()


# The levels in the order the page shows them; a group appears when it has something.
LEVEL_ORDER = [
    OfficeLevel.STATE_LEGISLATURE,
    OfficeLevel.STATEWIDE,
    OfficeLevel.COUNTY,
    OfficeLevel.MUNICIPAL,
    OfficeLevel.SCHOOL_BOARD,
    OfficeLevel.JUDICIAL,
    OfficeLevel.SPECIAL_DISTRICT,
]


@dataclass
class OfficeEntry:
    """One office as the finder shows it, typical or exact."""

    name: str
    token: str
    typical: bool
    description: str = ""
    district: str = ""
    jurisdiction: str = ""
    seats: int | None = None
    title: str = ""
    term_years: int | None = None
    partisan: bool | None = None
    election: Election | None = None
    filing_days_left: int | None = None


@dataclass
class OfficeGroup:
    """The offices of one level at the place, with when they are next elected."""

    level: OfficeLevel
    place: str
    offices: list[OfficeEntry]
    next_election: date | None
    # True when the date is the usual one for the level ("often"), not a known election.
    election_is_typical: bool = True
    # True when the offices are the exact ones staff imported for the place.
    exact: bool = False
    note: str = ""
    election_offices: list[tuple[str, str]] = field(default_factory=list)
    heading: str = ""

    @property
    def title(self) -> str:
        return self.heading or str(self.level.label)

    @property
    def slug(self) -> str:
        return self.level.value.replace("_", "-")


# Open States' chamber names and member titles, translatable ("Senado de Minnesota").
CHAMBER_NAMES = {
    "Senate": gettext_lazy("%(state)s Senate"),
    "House of Representatives": gettext_lazy("%(state)s House of Representatives"),
    "House of Delegates": gettext_lazy("%(state)s House of Delegates"),
    "Assembly": gettext_lazy("%(state)s Assembly"),
    "Nebraska Legislature": gettext_lazy("Nebraska Legislature"),
    "Council of the District of Columbia": gettext_lazy("Council of the District of Columbia"),
}
CHAMBER_TITLES = {
    "Senator": gettext_lazy("Senator"),
    "Representative": gettext_lazy("Representative"),
    "Delegate": gettext_lazy("Delegate"),
    "Assembly Member": gettext_lazy("Assembly Member"),
    "Assemblymember": gettext_lazy("Assembly Member"),
    "Councilmember": gettext_lazy("Councilmember"),
}


def chamber_label(state: str, chamber) -> str:
    """ "Minnesota House of Representatives", "Nebraska Legislature", "California Senate"."""
    name = chamber.name
    if chamber.chamber_type == "unicameral":
        return str(CHAMBER_NAMES.get(name, name))
    if name == "House":
        name = "House of Delegates" if chamber.title == "Delegate" else "House of Representatives"
    if name in CHAMBER_NAMES:
        return str(CHAMBER_NAMES[name]) % {"state": State(state).label}
    return f"{State(state).label} {name}"


def _legislature(state: str) -> list:
    """Open States' chambers of the state (DC's council counts as its legislature)."""
    metadata = openstates_metadata.lookup(abbr=state.lower())
    return list(metadata.chambers) if metadata else []


def exact_offices(*, place: ZipPlace, today: date) -> list[Office]:
    """Offices staff imported for the place, each with its upcoming elections.

    Two queries whatever the number of offices: the offices joined to their
    jurisdiction, then their elections from ``today`` on (``office.upcoming``).
    The place's jurisdictions are its state's, its county's (without a city) and its
    city's.
    """
    covers = Q(jurisdiction__kind=JurisdictionKind.STATE)
    if place.county:
        covers |= Q(jurisdiction__county=place.county, jurisdiction__city="")
    if place.city:
        covers |= Q(jurisdiction__city=place.city)
    upcoming = Election.objects.filter(date__gte=today).order_by("date", "kind")
    return list(
        Office.objects.filter(covers, jurisdiction__state=place.state)
        .select_related("jurisdiction")
        .prefetch_related(Prefetch("elections", queryset=upcoming, to_attr="upcoming"))
        .order_by("jurisdiction__name", "name", "district")
    )


def office_groups(*, place: ZipPlace, today: date) -> list[OfficeGroup]:
    """What is elected at the place, by level; an exact office replaces the typical row it covers."""
    exact_by_level: dict[str, list[Office]] = {}
    for office in exact_offices(place=place, today=today):
        exact_by_level.setdefault(office.level, []).append(office)

    groups = []
    for level in LEVEL_ORDER:
        exact = exact_by_level.get(level, [])
        if level == OfficeLevel.STATE_LEGISLATURE:
            usual = _legislature_group(place=place, today=today, covered_by=exact)
        elif level in TYPICAL_OFFICES:
            usual = _typical_group(level, place=place, today=today, covered_by=exact)
        else:
            usual = None
        if exact:
            group = _exact_group(level, exact, place=place, today=today)
            if usual is not None and usual.offices:
                # Imported offices first, then the typical rows none of them covers. The
                # heading's date stays the level's usual one: it speaks for the typical
                # rows, and each imported office shows its own election.
                usual.offices = group.offices + usual.offices
                usual.election_offices = group.election_offices
                group = usual
            groups.append(group)
        elif usual is not None:
            groups.append(usual)
    return [group for group in groups if group.offices or group.note]


def _legislature_group(
    *, place: ZipPlace, today: date, covered_by: list[Office] = ()
) -> OfficeGroup:
    offices = [
        OfficeEntry(
            name=chamber_label(place.state, chamber),
            token=_sign(
                {"t": "chamber", "s": place.state, "c": chamber.chamber_type, "z": place.zip_code}
            ),
            typical=False,
            description=str(
                _(
                    "Writes the District's laws and budget. Most members represent a ward; some are elected citywide."
                )
                if place.state == "DC"
                else _(
                    "Writes state laws and passes the state budget. Each member represents a district: you would run in yours."
                )
            ),
            seats=chamber.num_seats,
            title=str(CHAMBER_TITLES.get(chamber.title, chamber.title)),
        )
        for chamber in _legislature(place.state)
        if not any(_covers_chamber(office, chamber) for office in covered_by)
    ]
    return OfficeGroup(
        level=OfficeLevel.STATE_LEGISLATURE,
        place=place.state_name,
        offices=offices,
        next_election=next_legislative_election(state=place.state, today=today),
        # The state's cycle is known, so this date is not just "often".
        election_is_typical=False,
        heading=_("Council") if place.state == "DC" else "",
    )


def _typical_place(level: str, place: ZipPlace) -> str:
    if level in (OfficeLevel.COUNTY, OfficeLevel.JUDICIAL):
        return place.county or place.city
    return place.city


def _typical_group(
    level: str, *, place: ZipPlace, today: date, covered_by: list[Office] = ()
) -> OfficeGroup:
    where = _typical_place(level, place)
    typical = DC_TYPICAL_OFFICES if place.state == "DC" else TYPICAL_OFFICES
    note = ""
    if level == OfficeLevel.COUNTY:
        note = NO_COUNTY_GOVERNMENT.get(place.state, "")
    elif level == OfficeLevel.JUDICIAL:
        note = NO_ELECTED_JUDGES.get(place.state, "")
    offices = (
        []
        if note
        else [
            OfficeEntry(
                name=str(office.name),
                description=str(office.description),
                token=_sign(
                    {
                        "t": "typical",
                        "l": str(level),
                        "k": office.key,
                        "p": where,
                        "s": place.state,
                        "z": place.zip_code,
                    }
                ),
                typical=True,
            )
            for office in typical.get(level, [])
            if not any(_covers(imported, office.key) for imported in covered_by)
        ]
    )
    return OfficeGroup(
        level=OfficeLevel(level),
        place=where,
        offices=offices,
        next_election=next_typical_election(state=place.state, level=level, today=today)
        if offices
        else None,
        note=str(note),
    )


def _exact_group(level: str, offices: list[Office], *, place: ZipPlace, today: date) -> OfficeGroup:
    entries = []
    election_offices: dict[str, str] = {}
    for office in offices:
        election = office.upcoming[0] if office.upcoming else None
        days_left = None
        if election and election.filing_deadline and election.filing_deadline >= today:
            days_left = (election.filing_deadline - today).days
        entries.append(
            OfficeEntry(
                name=office.name,
                district=office.district,
                jurisdiction=office.jurisdiction.name,
                token=_sign({"t": "office", "o": office.pk, "z": place.zip_code}),
                typical=False,
                seats=office.seats,
                term_years=office.term_years,
                partisan=office.partisan,
                election=election,
                filing_days_left=days_left,
            )
        )
        if office.jurisdiction.election_office_url:
            election_offices.setdefault(
                office.jurisdiction.name, office.jurisdiction.election_office_url
            )

    dates = [entry.election.date for entry in entries if entry.election]
    places = list(dict.fromkeys(office.jurisdiction.name for office in offices))
    return OfficeGroup(
        level=OfficeLevel(level),
        place=", ".join(places),
        offices=entries,
        next_election=min(dates)
        if dates
        else next_typical_election(state=place.state, level=level, today=today),
        election_is_typical=not dates,
        exact=True,
        election_offices=sorted(election_offices.items()),
    )


TOKEN_SALT = "candidates.finder.office_interest"


def _sign(payload: dict) -> str:
    # Signed so that what signup later stores as an interest came from this page.
    return signing.dumps(payload, salt=TOKEN_SALT)
