"""Where can I run: reads for the office finder (a selector module).

From a ZIP code to the offices elected there, in three steps:

1. ``place_for_zip`` finds the city, county and state of a ZIP code (offline, from the
   ``zipcodes`` package) or says warmly why we cannot answer for it.
2. ``office_groups`` lists what is elected there, one group per level: the state
   legislature from Open States' metadata, and typical county, city, school board and
   judicial offices, each labelled as typical. Where staff have imported the exact
   offices of the place, each replaces only the typical row it covers (the same chamber,
   or the same kind of office); the rest of the level stays.
3. Each office carries a signed token; ``interest_from_token`` turns it back into the
   interest that signup stores (read with ``office_interests``).

Everything here reads; the only write is the visitor's own session
(``office_interests_add``).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date

import openstates_metadata
import zipcodes
from django.core import signing
from django.db.models import Prefetch, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rfs.enums import State

from .elections import next_legislative_election, next_typical_election
from .enums import JurisdictionKind, OfficeLevel
from .models import Election, Office

# --- From a ZIP code to a place ---------------------------------------------------------

MILITARY_STATES = frozenset({"AA", "AE", "AP"})
MILITARY_CITIES = frozenset({"APO", "FPO", "DPO"})

# Places with ZIP codes that are not one of the 50 states or DC.
TERRITORIES = {
    "PR": gettext_lazy("Puerto Rico"),
    "VI": gettext_lazy("the U.S. Virgin Islands"),
    "GU": gettext_lazy("Guam"),
    "AS": gettext_lazy("American Samoa"),
    "MP": gettext_lazy("the Northern Mariana Islands"),
    "FM": gettext_lazy("the Federated States of Micronesia"),
    "MH": gettext_lazy("the Marshall Islands"),
    "PW": gettext_lazy("Palau"),
}


class ZipNotCovered(Exception):
    """A real-looking ZIP code we cannot list offices for; ``message`` says why, kindly."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class ZipPlace:
    """Where a ZIP code is. The field names match ``candidates.services.Place``."""

    zip_code: str
    city: str
    county: str
    state: str
    timezone: str = ""

    @property
    def state_name(self) -> str:
        return State(self.state).label

    @property
    def label(self) -> str:
        """ "Saint Paul, Ramsey County, Minnesota"; "Richmond, Virginia"; "Washington, District of Columbia".

        The county is left out where it is the city itself (Virginia's independent
        cities, Baltimore, St. Louis: "Richmond city") or the whole state (DC).
        """
        parts = [self.city]
        if self.county and self.county != self.state_name and not self.county.endswith(" city"):
            parts.append(self.county)
        parts.append(self.state_name)
        return ", ".join(part for part in parts if part)

    def today(self) -> date:
        """Today where the place is: on election night the next election is still today."""
        try:
            return timezone.localdate(timezone=zoneinfo.ZoneInfo(self.timezone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return timezone.localdate()


def place_for_zip(zip_code: str) -> ZipPlace:
    """The place of a five-digit ZIP code, or ``ZipNotCovered`` with a message for people.

    Only home addresses in the 50 states and DC have offices we can list: PO box and
    single-organisation ZIP codes say nothing about where someone lives, and we do not
    cover military addresses or the territories yet.
    """
    try:
        matches = zipcodes.matching(zip_code)
    except (TypeError, ValueError):
        matches = []
    if not matches:
        raise ZipNotCovered(
            _(
                "We couldn't find the ZIP code %(zip)s. Could you check it? If it's right, "
                "it may be very new: try the ZIP code of a neighboring area."
            )
            % {"zip": zip_code},
            code="unknown",
        )
    row = matches[0]
    state, city, county = row["state"], row["city"], row["county"]
    kind = row["zip_code_type"]

    if (
        kind == "MILITARY"
        or state in MILITARY_STATES
        or (not county and city.upper() in MILITARY_CITIES)
    ):
        raise ZipNotCovered(
            _(
                "%(zip)s is a military (APO, FPO or DPO) ZIP code. We don't cover military "
                "addresses yet. If you vote back home, enter the ZIP code of your home address "
                "there."
            )
            % {"zip": zip_code},
            code="military",
        )
    if state not in State.values:
        where = TERRITORIES.get(state, state)
        raise ZipNotCovered(
            _(
                "%(zip)s is in %(place)s. We don't cover %(place)s yet: for now we list offices "
                "in the 50 states and Washington, DC. We're sorry, and we hope to get there "
                "soon."
            )
            % {"zip": zip_code, "place": where},
            code="territory",
        )
    if not row["active"]:
        raise ZipNotCovered(
            _(
                "%(zip)s is an old ZIP code that isn't used anymore. Please enter the ZIP code "
                "of your home address today."
            )
            % {"zip": zip_code},
            code="inactive",
        )
    if kind == "PO BOX":
        raise ZipNotCovered(
            _(
                "%(zip)s is a ZIP code for PO boxes in %(city)s. The offices you could run for "
                "depend on where you live, so please enter the ZIP code of your home "
                "address."
            )
            % {"zip": zip_code, "city": city},
            code="po_box",
        )
    if kind == "UNIQUE":
        raise ZipNotCovered(
            _(
                "%(zip)s is a ZIP code for the mail of one organization or building in "
                "%(city)s. The offices you could run for depend on where you live, so please "
                "enter the ZIP code of your home address."
            )
            % {"zip": zip_code, "city": city},
            code="unique",
        )
    return ZipPlace(
        zip_code=zip_code, city=city, county=county, state=state, timezone=row["timezone"]
    )


# --- What is elected there ----------------------------------------------------------------


@dataclass(frozen=True)
class TypicalOffice:
    key: str
    name: Promise
    description: Promise


# A short list of what most places elect. It is labelled "typical" on the page: the real
# list depends on the place, and staff import exact offices where they have them.
TYPICAL_OFFICES: dict[str, list[TypicalOffice]] = {
    OfficeLevel.COUNTY: [
        TypicalOffice(
            "county_commissioner",
            gettext_lazy("County commissioner"),
            gettext_lazy(
                "Sets the county budget and decides on roads, parks, public health and social services."
            ),
        ),
        TypicalOffice(
            "sheriff",
            gettext_lazy("Sheriff"),
            gettext_lazy("Runs the county jail and law enforcement outside city police."),
        ),
        TypicalOffice(
            "county_attorney",
            gettext_lazy("County attorney or district attorney"),
            gettext_lazy("Decides which criminal cases to bring, and how."),
        ),
        TypicalOffice(
            "county_clerk",
            gettext_lazy("County clerk or auditor"),
            gettext_lazy("Keeps public records and, in many places, runs elections."),
        ),
        TypicalOffice(
            "county_treasurer",
            gettext_lazy("County treasurer"),
            gettext_lazy("Collects property taxes and looks after the county's money."),
        ),
    ],
    OfficeLevel.MUNICIPAL: [
        TypicalOffice(
            "mayor",
            gettext_lazy("Mayor"),
            gettext_lazy("Leads the city or town, often with the council."),
        ),
        TypicalOffice(
            "city_council",
            gettext_lazy("City council member"),
            gettext_lazy("Votes on local laws, the budget, housing, transit and policing."),
        ),
    ],
    OfficeLevel.SCHOOL_BOARD: [
        TypicalOffice(
            "school_board",
            gettext_lazy("School board member"),
            gettext_lazy(
                "Hires the superintendent and decides the school budget and policies. Often nonpartisan and part-time."
            ),
        ),
    ],
    OfficeLevel.JUDICIAL: [
        TypicalOffice(
            "local_judge",
            gettext_lazy("Local judge"),
            gettext_lazy(
                "Hears cases in district, county or municipal court. Judges are elected in many states and appointed in others."
            ),
        ),
    ],
}

# Washington, DC is a city without counties; its council is shown as the legislature.
DC_TYPICAL_OFFICES: dict[str, list[TypicalOffice]] = {
    OfficeLevel.MUNICIPAL: [
        TypicalOffice(
            "mayor", gettext_lazy("Mayor"), gettext_lazy("Leads the District's government.")
        ),
        TypicalOffice(
            "anc_commissioner",
            gettext_lazy("Advisory Neighborhood Commissioner"),
            gettext_lazy(
                "Speaks for about 2,000 neighbors on zoning, traffic, parks and licenses. Unpaid and nonpartisan."
            ),
        ),
    ],
    OfficeLevel.SCHOOL_BOARD: [
        TypicalOffice(
            "state_board_of_education",
            gettext_lazy("State Board of Education member"),
            gettext_lazy("Sets standards and policy for DC's public schools."),
        ),
    ],
    OfficeLevel.JUDICIAL: [],
    OfficeLevel.COUNTY: [],
}

# States whose counties elect no one: the group says so instead of listing offices.
# (DC has no counties at all, so it has no county group.)
NO_COUNTY_GOVERNMENT = {
    "CT": gettext_lazy(
        "Connecticut has no county government: its towns and cities elect local offices."
    ),
    "RI": gettext_lazy(
        "Rhode Island has no county government: its towns and cities elect local offices."
    ),
}
NO_ELECTED_JUDGES = {
    "DC": gettext_lazy("Judges in Washington, DC are appointed, not elected."),
}

# Words in an imported office's name that say which typical row it is: an imported
# "Saint Paul City Council" replaces the typical "City council member", not the mayor.
TYPICAL_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "county_commissioner": (
        "commissioner",
        "supervisor",
        "county board",
        "county council",
        "legislator",
    ),
    "sheriff": ("sheriff",),
    "county_attorney": ("attorney", "prosecut"),
    "county_clerk": ("clerk", "auditor", "recorder", "register"),
    "county_treasurer": ("treasurer",),
    "mayor": ("mayor",),
    "city_council": ("council", "alder", "selectboard", "board of selectmen"),
    "school_board": ("school", "board of education", "education"),
    "local_judge": ("judge", "court", "justice"),
    "anc_commissioner": ("advisory neighborhood",),
    "state_board_of_education": ("board of education",),
}


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


# --- "I might run for this" -------------------------------------------------------------

TOKEN_SALT = "candidates.finder.office_interest"
SESSION_KEY = "office_interests"
MAX_INTERESTS = 5


def _sign(payload: dict) -> str:
    # Signed so that what signup later stores as an interest came from this page.
    return signing.dumps(payload, salt=TOKEN_SALT)


def interest_from_token(token: str) -> dict | None:
    """The interest an "I might run for this" link stands for, or None if it is no good.

    ``{"label", "level", "office_id", "state", "zip"}``. An exact office is read again
    (one query), so a deleted office gives None rather than a stale label.
    """
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict):
        return None
    kind, zip_code = payload.get("t"), str(payload.get("z", ""))[:5]

    if kind == "office":
        office = Office.objects.select_related("jurisdiction").filter(pk=payload.get("o")).first()
        if office is None:
            return None
        return {
            "label": f"{office}, {office.jurisdiction.name}",
            "level": office.level,
            "office_id": office.pk,
            "state": office.jurisdiction.state,
            "zip": zip_code,
        }

    state = payload.get("s")
    if state not in State.values:
        return None
    if kind == "chamber":
        for chamber in _legislature(state):
            if chamber.chamber_type == payload.get("c"):
                return {
                    "label": chamber_label(state, chamber),
                    "level": OfficeLevel.STATE_LEGISLATURE.value,
                    "office_id": None,
                    "state": state,
                    "zip": zip_code,
                }
        return None
    if kind == "typical":
        level = payload.get("l")
        typical = DC_TYPICAL_OFFICES if state == "DC" else TYPICAL_OFFICES
        for office in typical.get(level, []):
            if office.key == payload.get("k"):
                return {
                    "label": f"{office.name}, {payload.get('p', '')}".rstrip(", "),
                    "level": level,
                    "office_id": None,
                    "state": state,
                    "zip": zip_code,
                }
    return None


def _interest_key(interest: dict) -> tuple:
    return (interest["level"], interest["label"], interest["office_id"], interest["state"])


def office_interests(request: HttpRequest) -> list[dict]:
    """The offices the visitor said they might run for, oldest first (for signup).

    Each is ``{"label": str, "level": OfficeLevel value, "office_id": int | None,
    "state": "MN", "zip": "55101"}``; anything else in the session is ignored.
    """
    stored = request.session.get(SESSION_KEY, [])
    if not isinstance(stored, list):
        return []
    keys = ("label", "level", "office_id", "state", "zip")
    return [
        {key: item[key] for key in keys}
        for item in stored
        if isinstance(item, dict) and all(key in item for key in keys)
    ][-MAX_INTERESTS:]


def office_interests_add(request: HttpRequest, interest: dict) -> bool:
    """Remember an interest in the visitor's session; False if it was already there.

    No duplicates; the latest ``MAX_INTERESTS`` are kept, the oldest dropped first.
    """
    interests = office_interests(request)
    if any(_interest_key(item) == _interest_key(interest) for item in interests):
        return False
    interests.append(interest)
    request.session[SESSION_KEY] = interests[-MAX_INTERESTS:]
    return True


FINDER_CACHE_VERSION_KEY = "finder:offices:version"


def finder_cache_version() -> int:
    from django.core.cache import cache

    return cache.get(FINDER_CACHE_VERSION_KEY, 0)


def finder_cache_bump() -> None:
    """An offices import changed what is elected somewhere: cached finder results are stale."""
    from django.core.cache import cache

    cache.add(FINDER_CACHE_VERSION_KEY, 0, None)
    cache.incr(FINDER_CACHE_VERSION_KEY)
