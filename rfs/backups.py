"""Backups and restores: the PostgreSQL database and every upload store, in one archive
with a manifest that proves what went in (``manage.py backup``, ``manage.py restore``;
docs/backups.md).

An archive is a directory (or the same directory as a ``.tar.gz``)::

    rfs-backup-20260105T031500Z/
      manifest.json        row count and checksum of every table, every sequence's value,
                           and every file's SHA-256, store by store
      database.dump        pg_dump's custom format, restored with pg_restore
      files/default/...    public uploads (photos, library files)
      files/private/...    private uploads (filing evidence)

The dump and the table checksums come from one exported snapshot, so the manifest
describes exactly the rows in the dump even while people keep working.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database.dump"
FILES = "files"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def require_postgresql(connection) -> None:
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backups are for PostgreSQL only (DATABASE_URL=postgres://...). SQLite is for "
            "laptops: stop the server and copy db.sqlite3 and var/ instead."
        )


def pg_environment(connection) -> dict[str, str]:
    """The libpq variables that point pg_dump and pg_restore at Django's database."""
    settings = connection.settings_dict
    variables = {
        "PGDATABASE": settings["NAME"],
        "PGUSER": settings.get("USER") or "",
        "PGPASSWORD": settings.get("PASSWORD") or "",
        "PGHOST": settings.get("HOST") or "",
        "PGPORT": str(settings.get("PORT") or ""),
    }
    return {**os.environ, **{key: value for key, value in variables.items() if value}}


def run_tool(args: list[str], connection) -> None:
    tool = shutil.which(args[0])
    if tool is None:
        raise BackupError(f"{args[0]} is not installed (apt-get install postgresql-client).")
    result = subprocess.run(
        [tool, *args[1:]], env=pg_environment(connection), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()}")


# --- What a database and a store hold ------------------------------------------------------


def table_checksums(cursor, quote_name) -> dict[str, dict]:
    """Every table in the current schema: its row count and an MD5 over its rows, taken
    in an order that does not depend on how the rows are stored (so a restored copy,
    laid out differently on disk, gives the same checksum)."""
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema() ORDER BY 1"
    )
    tables = {}
    for (table,) in cursor.fetchall():
        cursor.execute(
            "SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' "
            f"ORDER BY md5(t::text))), '') FROM {quote_name(table)} AS t"
        )
        rows, checksum = cursor.fetchone()
        tables[table] = {"rows": rows, "md5": checksum}
    return tables


def sequence_values(cursor, quote_name) -> dict[str, int]:
    """Where every sequence stands: a restore that lost them would reuse ids."""
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'S' AND n.nspname = current_schema() ORDER BY 1"
    )
    values = {}
    for (sequence,) in cursor.fetchall():
        cursor.execute(f"SELECT last_value, is_called FROM {quote_name(sequence)}")
        last_value, is_called = cursor.fetchone()
        values[sequence] = last_value if is_called else last_value - 1
    return values


def store_names(storage: Storage, path: str = "") -> Iterator[str]:
    """Every file's name in a store (filesystem or object store), depth first."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for directory in sorted(directories):
        yield from store_names(storage, f"{path}/{directory}" if path else directory)


def file_digest(handle) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def store_checksums(storage: Storage) -> dict[str, dict]:
    checksums = {}
    for name in store_names(storage):
        with storage.open(name, "rb") as handle:
            sha256, size = file_digest(handle)
        checksums[name] = {"sha256": sha256, "size": size}
    return checksums


def current_state(connection, stores: dict[str, Storage]) -> dict:
    with connection.cursor() as cursor:
        tables = table_checksums(cursor, connection.ops.quote_name)
        sequences = sequence_values(cursor, connection.ops.quote_name)
    files = {alias: store_checksums(storage) for alias, storage in stores.items()}
    return {"tables": tables, "sequences": sequences, "files": files}


def differences(expected: dict, actual: dict) -> list[str]:
    """What differs between two states (the manifest's and a database's), one line each."""
    found = []
    for part in ("tables", "sequences"):
        found += _compare(part, expected[part], actual[part])
    for alias in sorted(set(expected["files"]) | set(actual["files"])):
        found += _compare(
            f"files/{alias}", expected["files"].get(alias, {}), actual["files"].get(alias, {})
        )
    return found


def _compare(part: str, expected: dict, actual: dict) -> list[str]:
    found = []
    for key in sorted(set(expected) | set(actual)):
        if key not in actual:
            found.append(f"{part}: {key} is missing")
        elif key not in expected:
            found.append(f"{part}: {key} was not in the backup")
        elif expected[key] != actual[key]:
            found.append(f"{part}: {key}: expected {expected[key]}, found {actual[key]}")
    return found


# --- Backup ---------------------------------------------------------------------------------


def backup(
    *, destination: Path, connection, stores: dict[str, Storage], tarball: bool = False
) -> Path:
    """Dump the database and copy every store into a new archive under ``destination``;
    returns the archive's path (a directory, or a .tar.gz with ``tarball``)."""
    require_postgresql(connection)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    directory = Path(destination) / f"rfs-backup-{stamp}"
    # Personal data: readable by the account that takes the backup, nobody else.
    Path(destination).mkdir(parents=True, exist_ok=True)
    directory.mkdir(mode=0o700, exist_ok=False)
    quote_name = connection.ops.quote_name
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # One snapshot for pg_dump and the checksums: they describe the same rows.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cursor.fetchone()
        run_tool(
            ["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={directory / DUMP}"],
            connection,
        )
        tables = table_checksums(cursor, quote_name)
        sequences = sequence_values(cursor, quote_name)
    files = {
        alias: _copy_store(storage, directory / FILES / alias) for alias, storage in stores.items()
    }
    with open(directory / DUMP, "rb") as handle:
        dump_sha256, _ = file_digest(handle)
    manifest = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "database": {"dump": DUMP, "sha256": dump_sha256},
        "tables": tables,
        "sequences": sequences,
        "files": files,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    if not tarball:
        return directory
    archive = directory.with_name(f"{directory.name}.tar.gz")
    archive.touch(mode=0o600, exist_ok=False)
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(directory, arcname=directory.name)
    shutil.rmtree(directory)
    return archive


def _copy_store(storage: Storage, target: Path) -> dict[str, dict]:
    checksums = {}
    for name in store_names(storage):
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        digest, size = hashlib.sha256(), 0
        with storage.open(name, "rb") as source, open(path, "wb") as copy:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                copy.write(chunk)
        checksums[name] = {"sha256": digest.hexdigest(), "size": size}
    return checksums


# --- Restore --------------------------------------------------------------------------------


def restore(*, source: Path, connection, stores: dict[str, Storage]) -> list[str]:
    """Restore an archive into an empty database and empty stores, then compare them with
    the manifest; returns the differences (none when the restore is whole)."""
    require_postgresql(connection)
    with tempfile.TemporaryDirectory(prefix="rfs-restore-") as scratch:
        directory = _unpack(Path(source), Path(scratch))
        manifest = json.loads((directory / MANIFEST).read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
        _check_archive(directory, manifest, stores)
        _check_empty(connection, stores)
        run_tool(
            ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
             f"--dbname={connection.settings_dict['NAME']}", str(directory / DUMP)],
            connection,
        )  # fmt: skip
        for alias, storage in stores.items():
            for name in manifest["files"].get(alias, {}):
                with open(directory / FILES / alias / name, "rb") as handle:
                    saved = storage.save(name, File(handle, name=name))
                if saved != name:
                    raise BackupError(f"{alias} store saved {name} as {saved}.")
    return differences(manifest, current_state(connection, stores))


def _unpack(source: Path, scratch: Path) -> Path:
    if source.is_dir():
        return source
    if not tarfile.is_tarfile(source):
        raise BackupError(f"{source} is neither a backup directory nor a .tar.gz.")
    with tarfile.open(source) as tar:
        tar.extractall(scratch, filter="data")
    (directory,) = [path for path in scratch.iterdir() if path.is_dir()]
    return directory


def _check_archive(directory: Path, manifest: dict, stores: dict[str, Storage]) -> None:
    """Every byte in the archive is what the manifest says, before anything is written."""
    missing = set(manifest["files"]) - set(stores)
    if missing:
        raise BackupError(f"The backup has stores this site does not: {sorted(missing)}.")
    with open(directory / DUMP, "rb") as handle:
        if file_digest(handle)[0] != manifest["database"]["sha256"]:
            raise BackupError("database.dump does not match its checksum: the archive is damaged.")
    for alias, files in manifest["files"].items():
        for name, expected in files.items():
            with open(directory / FILES / alias / name, "rb") as handle:
                sha256, size = file_digest(handle)
            if {"sha256": sha256, "size": size} != expected:
                raise BackupError(f"files/{alias}/{name} does not match its checksum.")


def _check_empty(connection, stores: dict[str, Storage]) -> None:
    """A restore goes into a new database and new stores, never over live data."""
    with connection.cursor() as cursor:
        if table_checksums(cursor, connection.ops.quote_name):
            raise BackupError(
                f"Database {connection.settings_dict['NAME']} already has tables: restore "
                "into a new, empty database (createdb) and point DATABASE_URL at it."
            )
    for alias, storage in stores.items():
        if next(store_names(storage), None) is not None:
            raise BackupError(f"The {alias} store already has files: restore into an empty one.")
