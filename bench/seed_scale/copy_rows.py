"""Writing rows: COPY on a second thread for PostgreSQL, INSERTs elsewhere.

Each row is ``{attname: value}`` (the apps' ``bulk.py`` builders make most of them);
a column left out gets its field's default, read from the model as Django would save it.
"""

from __future__ import annotations

import json
import queue
import threading
from datetime import date, datetime, time
from io import StringIO
from typing import Any

from django.db import connection, models
from django.utils import timezone

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_str(value: str) -> str:
    return value.translate(_COPY_ESCAPES)


def _copy_json(value: Any) -> str:
    return json.dumps(value).translate(_COPY_ESCAPES)


# One value in COPY's text format, by its type (anything else goes through str()).
_COPY_TEXT = {
    str: _copy_str,
    int: str,
    bool: lambda value: "t" if value else "f",
    type(None): lambda value: "\\N",
    datetime: datetime.isoformat,
    date: date.isoformat,
    time: time.isoformat,
    list: _copy_json,
    dict: _copy_json,
}


def _copy_text(value: Any) -> str:
    convert = _COPY_TEXT.get(type(value))
    return convert(value) if convert else _copy_str(str(value))


class Table:
    """The rows of one model for the current batch, with every column filled: values
    given, else the field's default, as Django would have saved them."""

    def __init__(self, model: type[models.Model], *, now: datetime) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.sql = "COPY {} ({}) FROM STDIN".format(
            connection.ops.quote_name(model._meta.db_table),
            ", ".join(connection.ops.quote_name(f.column) for f in self.fields),
        )
        self.defaults = [self._default(f, now) for f in self.fields]
        self.rows: list[dict] = []
        self.written = 0

    @staticmethod
    def _default(f: models.Field, now: datetime) -> Any:
        if (
            getattr(f, "auto_now", False)
            or getattr(f, "auto_now_add", False)
            or f.default is timezone.now
        ):
            return now
        if f.default in (list, dict):
            return f.default
        if f.has_default() and callable(f.default):
            return f.default  # called per row (join tokens)
        return f.get_default()

    def take_copy_buffer(self) -> StringIO | None:
        """The batch as COPY text, and a fresh batch."""
        if not self.rows:
            return None
        # A column left to its default has the same text on every row: render it once.
        columns = [
            (name, default, None if callable(default) else _copy_text(default))
            for name, default in zip(self.attnames, self.defaults, strict=True)
        ]
        convert, fallback = _COPY_TEXT.get, _copy_text
        lines = []
        for row in self.rows:
            cells = []
            for name, default, default_text in columns:
                if name in row:
                    value = row[name]
                elif default_text is not None:
                    cells.append(default_text)
                    continue
                else:
                    value = default()
                to_text = convert(type(value))
                cells.append(to_text(value) if to_text else fallback(value))
            lines.append("\t".join(cells))
        self.written += len(self.rows)
        self.rows = []
        return StringIO("\n".join(lines) + "\n")

    def take_params(self) -> list[list]:
        """The batch as parameters for INSERT (databases without COPY), and a fresh batch."""
        params = []
        for row in self.rows:
            values = []
            for f, default in zip(self.fields, self.defaults, strict=True):
                value = (
                    row[f.attname]
                    if f.attname in row
                    else (default() if callable(default) else default)
                )
                values.append(f.get_db_prep_save(value, connection))
            params.append(values)
        self.written += len(self.rows)
        self.rows = []
        return params

    def insert_sql(self) -> str:
        return "INSERT INTO {} ({}) VALUES ({})".format(
            connection.ops.quote_name(self.model._meta.db_table),
            ", ".join(connection.ops.quote_name(f.column) for f in self.fields),
            ", ".join(["%s"] * len(self.fields)),
        )


class Writer:
    """Hands each batch to PostgreSQL's COPY on a second thread (or INSERTs elsewhere)."""

    def __init__(self, *, now: datetime, use_copy: bool, tables: list[type[models.Model]]) -> None:
        self.now = now
        self.use_copy = use_copy
        # Tables in the order they are written (parents first), and the first free id of
        # each, read now: once COPY runs on the second thread this thread stays off the
        # connection.
        self.tables = {model: Table(model, now=now) for model in tables}
        self.next_ids = {
            model: (model.objects.aggregate(last=models.Max("pk"))["last"] or 0) + 1
            for model in tables
        }
        self.jobs: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        if use_copy:
            connection.ensure_connection()
            self.raw = connection.connection
            self.thread = threading.Thread(
                target=self._copy_loop, name="seed-scale-copy", daemon=True
            )
            self.thread.start()

    def add(self, model: type[models.Model], row: dict | None = None, **values: Any) -> int:
        """Queue a row (``row``, a builder's, with ``values`` on top); returns its new
        primary key."""
        if row is None:
            row = values
        elif values:
            row.update(values)
        pk = self.next_ids[model]
        self.next_ids[model] = pk + 1
        row["id"] = pk
        self.tables[model].rows.append(row)
        return pk

    def add_all(self, model: type[models.Model], rows: list[dict]) -> None:
        """Queue rows whose primary keys nobody needs."""
        for row in rows:
            self.add(model, row)

    def flush(self) -> None:
        """Write the batch (in the order tables were first used: parents first)."""
        if self.error:
            raise self.error
        if self.use_copy:
            batch = [
                (t.sql, buf)
                for t in self.tables.values()
                if (buf := t.take_copy_buffer()) is not None
            ]
            self.jobs.put(batch)  # blocks while PostgreSQL is two batches behind
        else:
            with connection.cursor() as cursor:
                for t in self.tables.values():
                    if t.rows:
                        cursor.executemany(t.insert_sql(), t.take_params())

    def finish(self) -> None:
        """Wait for the last COPY, then move each id sequence past the ids used here."""
        if self.thread is not None:
            self.jobs.put(None)
            self.thread.join()
        if self.error:
            raise self.error
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model, table_rows in self.tables.items():
                    if not table_rows.written:
                        continue
                    table = model._meta.db_table
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                        f"(SELECT MAX(id) FROM {connection.ops.quote_name(table)}))",
                        [table],
                    )

    @property
    def rows_written(self) -> int:
        return sum(t.written for t in self.tables.values())

    def _copy_loop(self) -> None:
        while (batch := self.jobs.get()) is not None:
            if self.error:
                continue
            try:
                with self.raw.cursor() as cursor:
                    for sql, buffer in batch:
                        cursor.copy_expert(sql, buffer, size=1 << 16)
            except BaseException as error:  # reported by the main thread
                self.error = error


# --- The population ---------------------------------------------------------------------------
