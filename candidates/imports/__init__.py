"""Import offices, their jurisdictions and next elections from a CSV file.

The format, the matching rules and examples are in ``docs/offices-import.md``. In short:
one row per office, with its jurisdiction and optionally its next election. Every row is
checked; a bad row is reported with its line number and skipped, good rows are saved.
Rows are written in batches, each batch in its own transaction with a fixed number of
queries, so a national file of 500,000 offices imports in minutes and an interrupted
import can simply be run again.

``csv_open`` reads and checks a file (``files.py``); ``offices_import`` imports rows,
dicts keyed by column name, from ``csv_open`` or built in code (``service.py``). Each
row is checked in ``rows.py`` and each batch written in ``writes.py``.
"""

from .files import CsvFile, CsvFileError, csv_open, header_problems
from .report import Counts, ImportReport, RowError
from .rows import COLUMNS, REQUIRED_COLUMNS, column_name
from .service import DEFAULT_BATCH_SIZE, offices_import

__all__ = [
    "COLUMNS",
    "DEFAULT_BATCH_SIZE",
    "REQUIRED_COLUMNS",
    "Counts",
    "CsvFile",
    "CsvFileError",
    "ImportReport",
    "RowError",
    "column_name",
    "csv_open",
    "header_problems",
    "offices_import",
]
