"""Import offices from a CSV file: ``manage.py import_offices FILE.csv [--dry-run]``.

The format is in docs/offices-import.md. Bad rows are listed and skipped; the command
fails only when the file cannot be read or its header lacks a required column.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from candidates.imports import (
    DEFAULT_BATCH_SIZE,
    CsvFileError,
    ImportReport,
    csv_open,
    offices_import,
)

# More bad rows than this are counted, not listed.
MAX_ERRORS_SHOWN = 200


class Command(BaseCommand):
    help = "Import offices, their jurisdictions and next elections from a CSV file (docs/offices-import.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file (UTF-8, header on the first line).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change, saving nothing.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=DEFAULT_BATCH_SIZE,
            help=f"Rows written per transaction (default {DEFAULT_BATCH_SIZE}).",
        )

    def handle(self, *args, file: str, dry_run: bool, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        try:
            binary_file = open(file, "rb")  # noqa: SIM115 (the with block below closes it)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        with binary_file:
            try:
                csv_file = csv_open(binary_file)
            except CsvFileError as error:
                raise CommandError(f"{file}: {error}") from error
            started = time.monotonic()

            def progress(report: ImportReport) -> None:
                # Only worth printing when the file takes more than one batch.
                if csv_file.total_rows > batch_size:
                    elapsed = max(time.monotonic() - started, 1e-6)
                    percent = 100 * report.rows // max(csv_file.total_rows, 1)
                    self.stdout.write(
                        f"{report.rows:,} of {csv_file.total_rows:,} rows ({percent}%), "
                        f"{report.rows / elapsed:,.0f} rows/s"
                    )

            report = offices_import(
                rows=csv_file.rows, dry_run=dry_run, batch_size=batch_size, progress=progress
            )
        self.print_report(report, time.monotonic() - started)

    def print_report(self, report: ImportReport, elapsed: float) -> None:
        for column in report.ignored_columns:
            self.stdout.write(self.style.WARNING(f"Column '{column}' is not one we use: ignored."))
        for error in report.errors[:MAX_ERRORS_SHOWN]:
            self.stdout.write(self.style.ERROR(str(error)))
        hidden = len(report.errors) - MAX_ERRORS_SHOWN
        if hidden > 0:
            self.stdout.write(self.style.ERROR(f"... and {hidden:,} more bad rows."))

        if report.dry_run:
            self.stdout.write(
                self.style.WARNING("Dry run: nothing was saved. The import would do this:")
            )
        for label, counts in (
            ("Offices", report.offices),
            ("Jurisdictions", report.jurisdictions),
            ("Elections", report.elections),
        ):
            self.stdout.write(f"{label}: {counts}.")
        if report.errors:
            self.stdout.write(
                self.style.ERROR(f"{len(report.errors):,} bad rows skipped (listed above).")
            )
        rate = report.rows / elapsed if elapsed > 0 else 0
        self.stdout.write(
            self.style.SUCCESS(f"{report.rows:,} rows in {elapsed:,.1f} s ({rate:,.0f} rows/s).")
        )
