"""Endorsement rows for bulk writers (see ``rfs.bulk``): what the decision service
copies onto an endorsement, copied here once."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.text import slugify

# The endorsement's own copy of its race (the public page shows it as endorsed, even
# after the race changes): endorsement field -> race field.
RACE_FIELDS = {
    "office_name": "office_name",
    "office_level": "level",
    "district": "district",
    "jurisdiction_name": "jurisdiction_name",
    "state": "state",
    "election_date": "election_date",
}


def endorsement_slug_base(name: str, office_name: str) -> str:
    """The public address the decision service starts from (it adds ``-2``, ``-3``...
    when taken)."""
    return (slugify(f"{name} {office_name}") or "candidate")[:100].strip("-") or "candidate"


def endorsement_row(
    *,
    application_id: int,
    candidate_id: int,
    race_id: int,
    race: Any,
    display_name: str,
    number: int,
    **fields: Any,
) -> dict:
    """The endorsement of an approved application: the race copied as the decision
    service copies it (``race`` is a ``Race`` or a row of its fields), and an address
    made unique by ``number`` (the application's id, say) without a query."""
    value = race.__getitem__ if isinstance(race, Mapping) else race.__getattribute__
    row = {
        "application_id": application_id,
        "candidate_id": candidate_id,
        "race_id": race_id,
        "slug": f"{endorsement_slug_base(display_name, value('office_name'))}-{number}",
        "display_name": display_name,
        **{ours: value(theirs) for ours, theirs in RACE_FIELDS.items()},
    }
    row.update(fields)
    return row
