"""Reading an offices CSV file: check it whole, then stream its rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from .rows import REQUIRED_COLUMNS, column_name


class CsvFileError(Exception):
    """The file cannot be imported at all: not UTF-8 text, not CSV, or a header without
    the required columns. The message is written for the person importing."""


@dataclass
class CsvFile:
    columns: list[str]
    total_rows: int  # not counting the header and blank rows
    rows: Iterator[dict[str | None, Any]]


def header_problems(columns: Iterable[str]) -> list[str]:
    """Why a header cannot be imported, in plain sentences (none when it is fine)."""
    columns = [column for column in columns if column]
    problems = []
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        problems.append(f"The header is missing the required columns: {', '.join(missing)}.")
    repeated = sorted({column for column in columns if columns.count(column) > 1})
    if repeated:
        problems.append(f"These columns appear more than once: {', '.join(repeated)}.")
    return problems


def csv_open(binary_file: IO[bytes]) -> CsvFile:
    """Check a whole CSV file, then return its rows to stream into ``offices_import``.

    The file is read twice (it must be seekable): first to check it is UTF-8 CSV with a
    usable header, so that a broken file stops before anything is written, then to
    import. Raises ``CsvFileError``.
    """
    binary_file.seek(0)
    if binary_file.read(4) == b"PK\x03\x04":
        raise CsvFileError(
            "This looks like an Excel workbook, not a CSV file. Save it as “CSV UTF-8” and try again."
        )
    text, reader = _csv_reader(binary_file)
    try:
        header = next(reader, None)
        if header is None:
            raise CsvFileError("The file is empty.")
        columns = [column_name(column) for column in header]
        problems = header_problems(columns)
        if problems:
            raise CsvFileError(" ".join(problems))
        total_rows = sum(1 for cells in reader if any(cell.strip() for cell in cells))
    except UnicodeDecodeError as error:
        raise CsvFileError(
            "The file is not UTF-8 text. Save it as “CSV UTF-8” (Excel and Google Sheets both "
            "offer it) and try again."
        ) from error
    except csv.Error as error:
        raise CsvFileError(f"Line {reader.line_num} cannot be read as CSV ({error}).") from error
    finally:
        text.detach()
    return CsvFile(columns=columns, total_rows=total_rows, rows=_csv_rows(binary_file, columns))


def _csv_reader(binary_file: IO[bytes]):
    binary_file.seek(0)
    text = io.TextIOWrapper(binary_file, encoding="utf-8-sig", newline="")
    return text, csv.reader(text)


def _csv_rows(binary_file: IO[bytes], columns: list[str]) -> Iterator[dict[str | None, Any]]:
    """Rows as dicts, like ``csv.DictReader``, but a blank line still yields an (empty)
    row, so that line numbers match the spreadsheet's row numbers."""
    width = len(columns)
    text, reader = _csv_reader(binary_file)
    try:
        next(reader)
        for cells in reader:
            row: dict[str | None, Any] = dict(zip(columns, cells, strict=False))
            if len(cells) < width:
                row.update(dict.fromkeys(columns[len(cells) :], ""))
            elif len(cells) > width:
                row[None] = cells[width:]
            yield row
    finally:
        text.detach()
