"""From a ZIP code to a place: the city, county, state and time zone of a ZIP code (offline,
from the ``zipcodes`` package), or a warm word on why we cannot answer for it."""

from __future__ import annotations

import functools
import zoneinfo
from dataclasses import dataclass
from datetime import date

import zipcodes
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rfs.enums import State

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


@functools.lru_cache(maxsize=4096)
def _zip_row(zip_code: str) -> dict | None:
    """The ``zipcodes`` package's row of a ZIP code, or None. Its ``matching`` scans
    every ZIP code of the country (2–3 ms a call); the answer never changes while the
    process runs, so it is kept (a few hundred bytes per ZIP code asked for)."""
    try:
        matches = zipcodes.matching(zip_code)
    except (TypeError, ValueError):
        return None
    return matches[0] if matches else None


def place_for_zip(zip_code: str) -> ZipPlace:
    """The place of a five-digit ZIP code, or ``ZipNotCovered`` with a message for people.

    Only home addresses in the 50 states and DC have offices we can list: PO box and
    single-organisation ZIP codes say nothing about where someone lives, and we do not
    cover military addresses or the territories yet.
    """
    row = _zip_row(zip_code)
    if row is None:
        raise ZipNotCovered(
            _(
                "We couldn't find the ZIP code %(zip)s. Could you check it? If it's right, "
                "it may be very new: try the ZIP code of a neighboring area."
            )
            % {"zip": zip_code},
            code="unknown",
        )
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
