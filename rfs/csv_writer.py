"""The one CSV writer every file the platform hands out goes through (the funnel and
fair-share downloads, intro-call rosters, the admin's candidate export).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(a tab or carriage return first hides one), and much of what we write was typed by
the public: names, ``utm_source`` from a link. ``=HYPERLINK(...)`` in a downloaded
file would then run on a director's computer. Every text cell starting so gets a
leading apostrophe, which spreadsheets show as plain text. E.164 phone numbers
(``+16515550123``: a plus and digits only) stay as they are, so phones still read as
phones. Numbers are written as numbers: they can't carry a formula.
"""

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

__all__ = ["FORMULA_START", "csv_download", "csv_safe", "csv_stream", "csv_writer"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
E164 = re.compile(r"\+\d{6,15}")


def csv_safe(value: Any) -> Any:
    """One cell, neutralised: text that a spreadsheet would run as a formula is kept as
    text; None is an empty cell; numbers and anything else not text pass through."""
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_START) and not E164.fullmatch(value):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose every cell goes through ``csv_safe``."""

    def __init__(self, file, **options) -> None:
        self._writer = csv.writer(file, **options)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([csv_safe(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(file, **options) -> SafeWriter:
    """A writer into ``file`` (anything with ``write``), neutralising every cell."""
    return SafeWriter(file, **options)


def csv_download(filename: str) -> tuple[HttpResponse, SafeWriter]:
    """A CSV attachment and the writer that fills it, for a file small enough to build
    in memory."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response, csv_writer(response)


class _Echo:
    """The writer writes into this and gets the line back, for streaming."""

    def write(self, value: str) -> str:
        return value


def csv_stream(
    header: list[str], rows: Iterable[Iterable[Any]], *, filename: str
) -> StreamingHttpResponse:
    """Stream a large CSV a line at a time (a million rows never sit in memory), with a
    byte order mark so spreadsheet programs read it as UTF-8."""
    writer = csv_writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
