"""The offices import: check every row, then write the good ones batch by batch."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import IntegrityError, transaction

from . import writes
from .report import ImportReport, RowError
from .rows import (
    COLUMNS,
    JurisdictionInFile,
    JurisdictionKey,
    Row,
    cell_text,
    check_row,
    column_name,
    jurisdiction_label,
    office_label,
)

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 2000


def offices_import(
    *,
    rows: Iterable[dict],
    dry_run: bool,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Create or update the offices of ``rows``, with their jurisdictions and elections.

    ``rows`` are dicts keyed by column name (header spelling is forgiven), in file order;
    the first is line 2 of the file. Side effects, batch by batch (``batch_size`` rows):
    1. Check each row; a bad row becomes a ``RowError`` and is skipped.
    2. In one transaction: create or update the batch's jurisdictions, then its offices,
       then its elections, writing only rows whose values changed (``updated_at`` is left
       alone otherwise). If the database refuses the batch (a row clashes with one saved
       meanwhile), the batch is written again row by row and the clashing rows reported.
    3. Call ``progress(report)``.
    Then log a summary. With ``dry_run`` everything runs inside one transaction that is
    rolled back at the end: the report says what would change and nothing is saved.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be 1 or more")
    importer = _Importer(dry_run=dry_run)
    if dry_run:
        with transaction.atomic():
            importer.run(rows, batch_size, progress)
            transaction.set_rollback(True)
    else:
        importer.run(rows, batch_size, progress)
        # The finder keeps what is elected at each ZIP code in the cache: start afresh.
        from ..finder import finder_cache_bump

        finder_cache_bump()
    report = importer.report
    logger.info(
        "offices import%s: %d rows, %d bad; offices %s; jurisdictions %s; elections %s",
        " (dry run)" if dry_run else "",
        report.rows,
        len(report.errors),
        report.offices,
        report.jurisdictions,
        report.elections,
    )
    return report


class _Importer:
    """One import: the report, and what the file said so far (to find repeated offices
    and jurisdictions described two different ways)."""

    def __init__(self, *, dry_run: bool):
        self.report = ImportReport(dry_run=dry_run)
        # Digests of the offices seen (by jurisdiction, name and district, and by ocd id),
        # with the line that named each: a later row for the same office is reported.
        self.offices_seen: dict[bytes, int] = {}
        self.jurisdictions_seen: dict[JurisdictionKey, JurisdictionInFile] = {}
        self.jurisdiction_ocd_ids: dict[str, tuple[JurisdictionKey, int]] = {}
        self.jurisdiction_status: dict[JurisdictionKey, str] = {}
        self._columns_for: tuple = ()
        self._renamed: dict[Any, str] | None = None

    def run(self, rows: Iterable[dict], batch_size: int, progress) -> None:
        batch: list[Row] = []
        for line, row in enumerate(rows, start=2):
            row = self._normalised(row)
            if not any(value for key, value in row.items() if key is not None):
                continue  # a blank line
            self.report.rows += 1
            checked = self._check(row, line)
            if checked is not None:
                batch.append(checked)
            if self.report.rows % batch_size == 0:
                self._write(batch)
                batch = []
                if progress is not None:
                    progress(self.report)
        if self.report.rows % batch_size:
            self._write(batch)
            if progress is not None:
                progress(self.report)
        self.report.errors.sort(key=lambda error: error.line_number)

    def _normalised(self, row: dict) -> dict:
        """The row keyed by column names; the renaming is worked out once per header."""
        keys = tuple(row)
        if keys != self._columns_for:
            self._columns_for = keys
            renamed = {key: column_name(key) if isinstance(key, str) else key for key in keys}
            self._renamed = None if all(key == new for key, new in renamed.items()) else renamed
            self.report.ignored_columns = [
                column for column in renamed.values() if column and column not in COLUMNS
            ]
        if self._renamed is None:
            return row
        return {self._renamed[key]: value for key, value in row.items()}

    # -- Checks against the rest of the file -------------------------------------------

    def _check(self, row: dict, line: int) -> Row | None:
        problems: list[str] = []
        checked = check_row(row, line, problems)
        if checked is not None:
            jurisdiction = self._jurisdiction_problems(row, checked, problems)
            office_digests = self._office_problems(checked, problems)
        if checked is None or problems:
            self.report.errors.append(RowError(line, "; ".join(problems)))
            return None
        # The row is good: remember what it said.
        for digest in office_digests:
            self.offices_seen[digest] = line
        key = checked.jurisdiction_key
        seen = self.jurisdictions_seen.setdefault(key, JurisdictionInFile(line=line))
        for column, value in jurisdiction.items():
            if column == "jurisdiction_ocd_id":
                if seen.ocd_id is None:
                    seen.ocd_id = (value, line)
                    self.jurisdiction_ocd_ids[value] = (key, line)
            else:
                seen.details.setdefault(column, (value, line))
        return checked

    def _office_problems(self, row: Row, problems: list[str]) -> list[bytes]:
        state, kind, jurisdiction_name = row.jurisdiction_key
        digests = [_digest("office", state, kind, jurisdiction_name, row.name, row.district)]
        if row.office_ocd_id:
            digests.append(_digest("office_ocd_id", row.office_ocd_id))
        for digest in digests:
            earlier = self.offices_seen.get(digest)
            if earlier is not None:
                problems.append(
                    f"same office as line {earlier} ({office_label(row)}): only the first row "
                    "for an office is imported"
                )
                break
        return digests

    def _jurisdiction_problems(
        self, row: dict, checked: Row, problems: list[str]
    ) -> dict[str, str]:
        """The jurisdiction details this row gives; a problem when they contradict an
        earlier row about the same jurisdiction (an empty cell contradicts nothing)."""
        given = {
            column: cell_text(row, column)
            for column in ("county", "city", "election_office_url")
            if cell_text(row, column)
        }
        ocd_id = (row.get("jurisdiction_ocd_id") or "").strip()
        if ocd_id:
            given["jurisdiction_ocd_id"] = ocd_id
        key = checked.jurisdiction_key
        seen = self.jurisdictions_seen.get(key)
        label = jurisdiction_label(key)
        if seen is not None:
            for column, value in given.items():
                earlier = (
                    seen.ocd_id if column == "jurisdiction_ocd_id" else seen.details.get(column)
                )
                if earlier is not None and earlier[0] != value:
                    problems.append(
                        f"{label} has {column} '{earlier[0]}' on line {earlier[1]} but '{value}' here"
                    )
        if ocd_id:
            other = self.jurisdiction_ocd_ids.get(ocd_id)
            if other is not None and other[0] != key:
                problems.append(
                    f"jurisdiction_ocd_id '{ocd_id}' is already used for "
                    f"{jurisdiction_label(other[0])} on line {other[1]}"
                )
        return given

    # -- Writing a batch ---------------------------------------------------------------

    def _write(self, rows: list[Row]) -> None:
        if not rows:
            return
        try:
            with transaction.atomic():
                result = writes.write_batch(rows, jurisdictions_seen=self.jurisdictions_seen)
        except IntegrityError:
            if len(rows) <= 1:
                for row in rows:
                    self.report.errors.append(
                        RowError(
                            row.line,
                            f"{office_label(row)} clashes with an office or jurisdiction saved in the "
                            "meantime; import the file again",
                        )
                    )
                return
            # Something in the batch clashes with what is in the database (a rename onto
            # a name another row still holds, or another import running at the same
            # time): write the batch row by row so only the clashing rows are left out.
            for row in rows:
                self._write([row])
            return
        self._merge(result)

    def _merge(self, result: writes.BatchResult) -> None:
        report = self.report
        report.errors.extend(result.errors)
        report.offices.add(result.offices)
        report.elections.add(result.elections)
        for key, status in result.jurisdictions.items():
            before = self.jurisdiction_status.get(key)
            if before is None:
                setattr(report.jurisdictions, status, getattr(report.jurisdictions, status) + 1)
                self.jurisdiction_status[key] = status
            elif before == "unchanged" and status == "updated":
                # A later row filled in a detail the earlier ones left empty.
                report.jurisdictions.unchanged -= 1
                report.jurisdictions.updated += 1
                self.jurisdiction_status[key] = status


def _digest(*parts: str) -> bytes:
    # 16 bytes per office instead of the whole key: a national file stays small in memory.
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=16).digest()
