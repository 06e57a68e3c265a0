"""Writing one batch of checked rows: a fixed number of queries, whatever its size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from ..models import Election, Jurisdiction, Office
from .report import Counts, RowError
from .rows import JurisdictionInFile, JurisdictionKey, Row, jurisdiction_label, office_label

# The fields of each model the import writes when they change.
JURISDICTION_FIELDS = [
    "name",
    "kind",
    "state",
    "county",
    "city",
    "election_office_url",
    "ocd_id",
    "updated_at",
]
OFFICE_FIELDS = [
    "jurisdiction",
    "name",
    "district",
    "level",
    "seats",
    "term_years",
    "partisan",
    "ocd_id",
    "updated_at",
]
ELECTION_FIELDS = ["filing_deadline", "filing_fee", "signatures_required"]


@dataclass
class BatchResult:
    errors: list[RowError] = field(default_factory=list)
    offices: Counts = field(default_factory=Counts)
    elections: Counts = field(default_factory=Counts)
    # Each jurisdiction touched: "created", "updated" or "unchanged".
    jurisdictions: dict[JurisdictionKey, str] = field(default_factory=dict)


def write_batch(
    rows: list[Row], *, jurisdictions_seen: dict[JurisdictionKey, JurisdictionInFile]
) -> BatchResult:
    """Write one batch with a fixed number of queries, whatever its size: one read and
    at most one bulk update and one bulk insert for each of the three models.

    ``jurisdictions_seen`` is what the whole file said so far about each jurisdiction.
    The caller runs this in a transaction; nothing is written outside it.
    """
    result = BatchResult()
    now = timezone.now()
    jurisdictions, new_jurisdictions, bad_jurisdictions = write_jurisdictions(
        rows, jurisdictions_seen, now, result
    )
    offices, new_offices = write_offices(
        rows, jurisdictions, new_jurisdictions, bad_jurisdictions, now, result
    )
    write_elections(rows, offices, new_offices, result)
    return result


def write_jurisdictions(
    rows: list[Row],
    jurisdictions_seen: dict[JurisdictionKey, JurisdictionInFile],
    now: datetime,
    result: BatchResult,
) -> tuple[dict[JurisdictionKey, Jurisdiction], set[JurisdictionKey], dict[JurisdictionKey, str]]:
    """Create or update the batch's jurisdictions. Returns each jurisdiction by key, the
    keys created, and the keys that could not be matched with why (their rows are bad)."""
    keys = list(dict.fromkeys(row.jurisdiction_key for row in rows))
    wanted = {key: jurisdictions_seen[key] for key in keys}
    ocd_ids = {seen.ocd_id[0] for seen in wanted.values() if seen.ocd_id}
    condition = Q(state__in={key[0] for key in keys}, name__in={key[2] for key in keys})
    if ocd_ids:
        condition |= Q(ocd_id__in=ocd_ids)
    by_key: dict[JurisdictionKey, Jurisdiction] = {}
    by_ocd_id: dict[str, Jurisdiction] = {}
    for jurisdiction in Jurisdiction.objects.filter(condition):
        by_key[_jurisdiction_key(jurisdiction)] = jurisdiction
        if jurisdiction.ocd_id:
            by_ocd_id[jurisdiction.ocd_id] = jurisdiction

    resolved: dict[JurisdictionKey, Jurisdiction] = {}
    bad: dict[JurisdictionKey, str] = {}
    to_create: list[Jurisdiction] = []
    to_update: dict[int, Jurisdiction] = {}
    for key in keys:
        seen = wanted[key]
        ocd_id = seen.ocd_id[0] if seen.ocd_id else None
        jurisdiction = by_ocd_id.get(ocd_id) if ocd_id else None
        changed = False
        if jurisdiction is not None and _jurisdiction_key(jurisdiction) != key:
            # The ocd id names a jurisdiction saved under another name: rename it,
            # unless that name belongs to another jurisdiction.
            holder = by_key.get(key)
            if holder is not None:
                bad[key] = (
                    f"jurisdiction_ocd_id '{ocd_id}' belongs to {jurisdiction_label(_jurisdiction_key(jurisdiction))}, "
                    f"and another jurisdiction is already called {jurisdiction_label(key)}"
                )
                continue
            by_key.pop(_jurisdiction_key(jurisdiction), None)
            jurisdiction.state, jurisdiction.kind, jurisdiction.name = key
            by_key[key] = jurisdiction
            changed = True
        if jurisdiction is None:
            jurisdiction = by_key.get(key)
            if jurisdiction is not None and ocd_id and jurisdiction.ocd_id != ocd_id:
                if jurisdiction.ocd_id:
                    bad[key] = (
                        f"{jurisdiction_label(key)} already has jurisdiction_ocd_id "
                        f"'{jurisdiction.ocd_id}', not '{ocd_id}'"
                    )
                    continue
                jurisdiction.ocd_id = ocd_id
                by_ocd_id[ocd_id] = jurisdiction
                changed = True
        details = {column: value for column, (value, _line) in seen.details.items()}
        if jurisdiction is None:
            state, kind, name = key
            jurisdiction = Jurisdiction(
                state=state,
                kind=kind,
                name=name,
                ocd_id=ocd_id,
                county=details.get("county", ""),
                city=details.get("city", ""),
                election_office_url=details.get("election_office_url", ""),
            )
            to_create.append(jurisdiction)
            by_key[key] = jurisdiction
            if ocd_id:
                by_ocd_id[ocd_id] = jurisdiction
            result.jurisdictions[key] = "created"
        else:
            for column, value in details.items():
                if getattr(jurisdiction, column) != value:
                    setattr(jurisdiction, column, value)
                    changed = True
            if changed:
                jurisdiction.updated_at = now
                to_update[jurisdiction.pk] = jurisdiction
            result.jurisdictions[key] = "updated" if changed else "unchanged"
        resolved[key] = jurisdiction

    # Updates first: a rename frees the name a new jurisdiction may take.
    if to_update:
        _bulk_update(Jurisdiction, list(to_update.values()), JURISDICTION_FIELDS)
    if to_create:
        Jurisdiction.objects.bulk_create(to_create)
    return resolved, {_jurisdiction_key(j) for j in to_create}, bad


def write_offices(
    rows: list[Row],
    jurisdictions: dict[JurisdictionKey, Jurisdiction],
    new_jurisdictions: set[JurisdictionKey],
    bad_jurisdictions: dict[JurisdictionKey, str],
    now: datetime,
    result: BatchResult,
) -> tuple[dict[int, Office], set[int]]:
    """Create or update the batch's offices. Returns each row's office by line, and the
    lines whose office was created."""
    existing_ids = {j.pk for key, j in jurisdictions.items() if key not in new_jurisdictions}
    condition = Q(jurisdiction_id__in=existing_ids, name__in={row.name for row in rows})
    ocd_ids = {row.office_ocd_id for row in rows if row.office_ocd_id}
    if ocd_ids:
        condition |= Q(ocd_id__in=ocd_ids)
    by_key: dict[tuple[int, str, str], Office] = {}
    by_ocd_id: dict[str, Office] = {}
    if existing_ids or ocd_ids:
        for office in Office.objects.filter(condition):
            by_key[_office_key(office)] = office
            if office.ocd_id:
                by_ocd_id[office.ocd_id] = office

    offices: dict[int, Office] = {}  # row line -> its office
    new_offices: set[int] = set()  # lines whose office is created by this batch
    to_create: list[Office] = []
    to_update: dict[int, Office] = {}
    for row in rows:
        if row.jurisdiction_key in bad_jurisdictions:
            result.errors.append(RowError(row.line, bad_jurisdictions[row.jurisdiction_key]))
            continue
        key = (jurisdictions[row.jurisdiction_key].pk, row.name, row.district)
        office = by_ocd_id.get(row.office_ocd_id) if row.office_ocd_id else None
        changed = False
        if office is not None and _office_key(office) != key:
            # The ocd id names an office saved under another name or jurisdiction.
            holder = by_key.get(key)
            if holder is not None:
                result.errors.append(
                    RowError(
                        row.line,
                        f"office_ocd_id '{row.office_ocd_id}' belongs to {office}, and another "
                        f"office is already called {office_label(row)}",
                    )
                )
                continue
            by_key.pop(_office_key(office), None)
            office.jurisdiction_id, office.name, office.district = key
            by_key[key] = office
            changed = True
        if office is None:
            office = by_key.get(key)
            if office is not None and row.office_ocd_id and office.ocd_id != row.office_ocd_id:
                if office.ocd_id:
                    result.errors.append(
                        RowError(
                            row.line,
                            f"{office_label(row)} already has office_ocd_id '{office.ocd_id}', "
                            f"not '{row.office_ocd_id}'",
                        )
                    )
                    continue
                office.ocd_id = row.office_ocd_id
                by_ocd_id[row.office_ocd_id] = office
                changed = True
        if office is None:
            office = Office(
                jurisdiction_id=key[0],
                name=row.name,
                district=row.district,
                level=row.level,
                ocd_id=row.office_ocd_id,
                **row.office_values,
            )
            to_create.append(office)
            by_key[key] = office
            if row.office_ocd_id:
                by_ocd_id[row.office_ocd_id] = office
            new_offices.add(row.line)
            result.offices.created += 1
        else:
            for column, value in (("level", row.level), *row.office_values.items()):
                if getattr(office, column) != value:
                    setattr(office, column, value)
                    changed = True
            if changed:
                office.updated_at = now
                to_update[office.pk] = office
                result.offices.updated += 1
            else:
                result.offices.unchanged += 1
        offices[row.line] = office

    if to_update:
        _bulk_update(Office, list(to_update.values()), OFFICE_FIELDS)
    if to_create:
        Office.objects.bulk_create(to_create)
    return offices, new_offices


def write_elections(
    rows: list[Row], offices: dict[int, Office], new_offices: set[int], result: BatchResult
) -> None:
    """Create or update the election of each row that has one."""
    wanted = [
        (row, offices[row.line]) for row in rows if row.election is not None and row.line in offices
    ]
    if not wanted:
        return
    existing_ids = {office.pk for row, office in wanted if row.line not in new_offices}
    by_key: dict[tuple[int, str, date], Election] = {}
    if existing_ids:
        elections = Election.objects.filter(
            office_id__in=existing_ids, date__in={row.election.date for row, _office in wanted}
        )
        by_key = {(e.office_id, e.kind, e.date): e for e in elections}

    to_create: list[Election] = []
    to_update: list[Election] = []
    for row, office in wanted:
        election = by_key.get((office.pk, row.election.kind, row.election.date))
        if election is None:
            to_create.append(
                Election(
                    office_id=office.pk,
                    kind=row.election.kind,
                    date=row.election.date,
                    **row.election.values,
                )
            )
            result.elections.created += 1
            continue
        changed = False
        for column, value in row.election.values.items():
            if getattr(election, column) != value:
                setattr(election, column, value)
                changed = True
        if changed:
            to_update.append(election)
            result.elections.updated += 1
        else:
            result.elections.unchanged += 1

    if to_update:
        _bulk_update(Election, to_update, ELECTION_FIELDS)
    if to_create:
        Election.objects.bulk_create(to_create)


def _bulk_update(model, objects: list, field_names: list[str]) -> None:
    """Save ``field_names`` of ``objects`` in one query (on SQLite, one per ~90 rows).

    Django's ``bulk_update`` writes ``SET column = CASE WHEN id = 1 THEN ... WHEN id = 2
    ...``, which the database evaluates branch by branch for every row: a batch of 2,000
    changed offices took seconds, and a file that changes every office half an hour.
    Joining the new values instead takes milliseconds:
    ``WITH v (import_pk, seats) AS (VALUES (1, 7), ...) UPDATE office SET seats = v.seats
    FROM v WHERE office.id = v.import_pk`` (PostgreSQL, and SQLite since 3.33).
    """
    quote = connection.ops.quote_name
    pk = model._meta.pk
    fields = [model._meta.get_field(name) for name in field_names]
    table = quote(model._meta.db_table)
    columns = [quote(field.column) for field in fields]
    if connection.vendor == "postgresql":
        # VALUES carry no column types: say them, or PostgreSQL reads text.
        placeholders = [f"CAST(%s AS {field.db_type(connection)})" for field in (pk, *fields)]
    else:
        placeholders = ["%s"] * (len(fields) + 1)
    row_sql = f"({', '.join(placeholders)})"
    size = max(connection.ops.bulk_batch_size([pk, *fields], objects), 1)
    for start in range(0, len(objects), size):
        chunk = objects[start : start + size]
        params: list[Any] = []
        for obj in chunk:
            params.append(obj.pk)
            params.extend(
                field.get_db_prep_save(getattr(obj, field.attname), connection) for field in fields
            )
        sql = (
            f"WITH v (import_pk, {', '.join(columns)}) AS (VALUES {', '.join([row_sql] * len(chunk))}) "
            f"UPDATE {table} SET {', '.join(f'{column} = v.{column}' for column in columns)} "
            f"FROM v WHERE {table}.{quote(pk.column)} = v.import_pk"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


def _jurisdiction_key(jurisdiction: Jurisdiction) -> JurisdictionKey:
    return (jurisdiction.state, jurisdiction.kind, jurisdiction.name)


def _office_key(office: Office) -> tuple[int, str, str]:
    return (office.jurisdiction_id, office.name, office.district)
