""" "I might run for this": the interest each office's signed token stands for, and the
visitor's picks kept in their session (the finder's only write)."""

from __future__ import annotations

from django.core import signing
from django.http import HttpRequest

from rfs.enums import State

from ..enums import OfficeLevel
from ..models import Office
from .offices import TOKEN_SALT, _legislature, chamber_label
from .typical import DC_TYPICAL_OFFICES, TYPICAL_OFFICES

SESSION_KEY = "office_interests"


MAX_INTERESTS = 5


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
