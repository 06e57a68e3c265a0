"""The candidates CSV: the columns staff may export (no demographics, no date of birth, no free
text), streamed a chunk at a time."""

from collections.abc import Iterator
from datetime import datetime

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rfs.csv_writer import csv_stream

from ...enums import (
    Activity,
    HeardFrom,
    RunBefore,
    Stage,
    WhenMightRun,
)
from ...models import Candidate

# (header, field). No demographics, no date of birth, no free text.
CSV_COLUMNS = [
    (_("ID"), "pk"),
    (_("Name"), "user__name"),
    (_("Email"), "user__email"),
    (_("Phone"), "phone"),
    (_("ZIP code"), "zip_code"),
    (_("City"), "city"),
    (_("County"), "county"),
    (_("State"), "state"),
    (_("Region"), "region__name"),
    (_("Stage"), "stage"),
    (_("Activity"), "activity"),
    (_("Stage changed"), "stage_changed_at"),
    (_("Signed up"), "created_at"),
    (_("When they might run"), "when_might_run"),
    (_("Run before"), "run_before"),
    (_("Heard of us from"), "heard_from"),
    (_("Agrees to email"), "consent_email"),
    (_("Agrees to texts"), "consent_sms"),
    (_("Source"), "utm_source"),
    (_("Medium"), "utm_medium"),
    (_("Campaign"), "utm_campaign"),
]


CSV_LABELS = {
    "stage": dict(Stage.choices),
    "activity": dict(Activity.choices),
    "when_might_run": dict(WhenMightRun.choices),
    "run_before": dict(RunBefore.choices),
    "heard_from": dict(HeardFrom.choices),
}


CSV_CHUNK = 2000


def _csv_value(value, zone):
    """A value as the export shows it; ``rfs.csv_writer`` then keeps formulas inert."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return value


def candidates_csv(queryset: QuerySet[Candidate], *, filename: str) -> StreamingHttpResponse:
    """Stream the rows as CSV, a chunk at a time: a million rows never sit in memory."""
    fields = [field for _header, field in CSV_COLUMNS]
    # Translate and read the zone now: the rows are written after the view (and the
    # middleware that set the language and zone) have returned.
    header = [str(header) for header, _field in CSV_COLUMNS]
    labels = {
        field: {value: str(label) for value, label in choices.items()}
        for field, choices in CSV_LABELS.items()
    }
    zone = timezone.get_current_timezone()

    def rows() -> Iterator[list]:
        for row in queryset.values_list(*fields).iterator(chunk_size=CSV_CHUNK):
            yield [
                _csv_value(labels[field].get(value, value) if field in labels else value, zone)
                for field, value in zip(fields, row, strict=True)
            ]

    response = csv_stream(header, rows(), filename=filename)
    response["Cache-Control"] = "no-store"
    return response
