"""Where can I run: reads for the office finder (a selector package).

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

Modules: ``places`` (step 1), ``typical`` and ``offices`` (step 2), ``interests`` (step 3),
``cache`` (the version staff imports bump). Callers import from ``candidates.finder``.
"""

from .cache import finder_cache_bump, finder_cache_version
from .interests import (
    MAX_INTERESTS,
    SESSION_KEY,
    interest_from_token,
    office_interests,
    office_interests_add,
)
from .offices import OfficeEntry, OfficeGroup, chamber_label, exact_offices, office_groups
from .places import ZipNotCovered, ZipPlace, place_for_zip

__all__ = [
    "MAX_INTERESTS",
    "SESSION_KEY",
    "OfficeEntry",
    "OfficeGroup",
    "ZipNotCovered",
    "ZipPlace",
    "chamber_label",
    "exact_offices",
    "finder_cache_bump",
    "finder_cache_version",
    "interest_from_token",
    "office_groups",
    "office_interests",
    "office_interests_add",
    "place_for_zip",
]
