"""The typical offices of each level, for places whose exact offices staff have not imported:
data, labelled as typical wherever shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from ..enums import OfficeLevel


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
