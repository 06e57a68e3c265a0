"""Candidate rows for bulk writers (see ``rfs.bulk``): the fields ``candidate_create``
and the pipeline's services derive, derived here once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rfs.bulk import normalized_email

from .enums import ChangeKind, Stage


def search_text(name: str, email: str) -> str:
    """What the directors' search matches a candidate on: the person's name and email
    (``candidates.services.candidate_search_text``; migration ``0006`` writes the same in
    SQL)."""
    return f"{name} {email}"


def candidate_row(*, user_id: int, name: str, email: str, **fields: Any) -> dict:
    """A candidate of the person ``user_id`` (named ``name``, at ``email``), with the
    search text ``candidate_create`` writes."""
    row = {"user_id": user_id, "search_text": search_text(name, normalized_email(email))}
    row.update(fields)
    return row


def stage_change_row(
    *,
    candidate_id: int,
    region_id: int | None,
    from_stage: str,
    to_stage: str,
    by_id: int | None = None,
    at: datetime | None = None,
    kind: str = ChangeKind.MOVE,
    note: str = "",
    **fields: Any,
) -> dict:
    """One step of a candidate's history, in the candidate's region as ``candidate_move``
    records it. ``at`` left out is the field's default (now)."""
    row = {
        "candidate_id": candidate_id,
        "kind": kind,
        "from_stage": from_stage,
        "to_stage": to_stage,
        "by_id": by_id,
        "note": note,
        "region_id": region_id,
    }
    if at is not None:
        row["at"] = at
    row.update(fields)
    return row


def signup_change_row(
    *, candidate_id: int, region_id: int | None, by_id: int, **fields: Any
) -> dict:
    """The first step of every history: signed up, recorded by the person themselves
    (``candidate_create``)."""
    return stage_change_row(
        candidate_id=candidate_id,
        region_id=region_id,
        from_stage=Stage.SIGNED_UP,
        to_stage=Stage.SIGNED_UP,
        by_id=by_id,
        note="Signed up",
        **fields,
    )
