"""The restore drill: seed a PostgreSQL database and an S3 bucket, back both up with
``manage.py backup``, restore into a NEW database and NEW (local) stores with
``manage.py restore``, and compare every table's row count and checksum, every sequence
and every file: 0 differences. Backups refuse SQLite.

Each step runs ``manage.py`` in its own process with its own environment, as an operator
would: settings read the environment once, at import.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dj_database_url
import psycopg2
import pytest
from psycopg2 import sql

from rfs.backups import sequence_values, table_checksums
from tests.conftest import require_service
from tests.storage.conftest import bucket_objects

REPO = Path(__file__).resolve().parents[2]
SETTINGS_PREFIXES = ("DJANGO_", "RFS_", "DATABASE_", "CELERY_", "REDIS_", "EMAIL_", "AWS_")


def postgres_url() -> dict | None:
    url = os.environ.get("DATABASE_URL", "")
    return dj_database_url.parse(url) if url.startswith(("postgres://", "postgresql://")) else None


def connect(config: dict, name: str):
    connection = psycopg2.connect(
        dbname=name,
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
    )
    connection.autocommit = True
    return connection


def manage_env(tmp_path: Path, database: str, config: dict, **variables: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS_PREFIXES)}
    host = f"{config.get('HOST') or '127.0.0.1'}:{config.get('PORT') or 5432}"
    user = config.get("USER") or "postgres"
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    env.update(
        DATABASE_URL=f"postgres://{user}{password}@{host}/{database}",
        RFS_VAR_DIR=str(tmp_path / "var"),
        # No broker: tasks queued while seeding run in the seeding process.
        CELERY_BROKER_URL="memory://",
        RFS_REQUIRE_MFA="0",
        **variables,
    )
    return env


def manage(*args: str, env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip


def database_state(config: dict, name: str) -> dict:
    connection = connect(config, name)
    try:
        with connection.cursor() as cursor:
            quote = lambda identifier: sql.Identifier(identifier).as_string(connection)  # noqa: E731
            return {
                "tables": table_checksums(cursor, quote),
                "sequences": sequence_values(cursor, quote),
            }
    finally:
        connection.close()


def directory_files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def drill_databases():
    """Two new databases named after the test run's (rfs_storage -> rfs_storage_drill_*)."""
    config = postgres_url()
    require_service(
        "PostgreSQL", config is not None, "set DATABASE_URL=postgres://... to run the drill"
    )
    require_service("pg_dump", shutil.which("pg_dump") is not None, "apt-get install postgresql")
    base = config["NAME"]
    names = (f"{base}_drill_source", f"{base}_drill_restored")
    admin = connect(config, "postgres")
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield config, names
    with admin.cursor() as cursor:
        for name in names:
            cursor.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    admin.close()


@pytest.mark.integration
def test_restore_drill_gives_back_every_row_and_file(tmp_path, drill_databases, s3_env):
    config, (source, restored) = drill_databases
    source_env = manage_env(tmp_path / "source", source, config, **s3_env)
    restored_root = tmp_path / "restored"
    restored_env = manage_env(
        tmp_path / "restored",
        restored,
        config,
        RFS_MEDIA_ROOT=str(restored_root / "media"),
        RFS_PRIVATE_ROOT=str(restored_root / "private"),
    )

    for step in (["manage.py", "migrate", "--noinput"], ["tests/storage/drill_seed.py"]):
        result = manage(*step, env=source_env)
        assert result.returncode == 0, result.stderr[-3000:]
    backup = manage(
        "manage.py", "backup", "--output", str(tmp_path / "backups"), "--tar", env=source_env
    )
    assert backup.returncode == 0, backup.stderr[-3000:]
    archive = Path(backup.stdout.strip().splitlines()[-1])
    assert archive.name.endswith(".tar.gz") and archive.is_file()
    assert archive.stat().st_mode & 0o077 == 0, "the archive holds personal data"

    result = manage("manage.py", "restore", str(archive), env=restored_env)

    assert result.returncode == 0, result.stderr[-3000:]
    assert "0 differences" in result.stdout
    # The drill's own comparison, independent of the command's: every table and sequence...
    before, after = database_state(config, source), database_state(config, restored)
    assert before == after
    assert before["tables"]["candidates_candidate"]["rows"] > 3
    assert len([t for t in before["tables"].values() if t["rows"]]) > 20
    # ...and every file, from the source bucket into the new stores, byte for byte.
    bucket = {key: hashlib.sha256(body).hexdigest() for key, body in bucket_objects(s3_env).items()}
    restored_files = {
        **{f"media/{name}": digest for name, digest in directory_files(restored_root / "media").items()},
        **{f"private/{name}": digest for name, digest in directory_files(restored_root / "private").items()},
    }  # fmt: skip
    assert restored_files == bucket
    evidence_files = [key for key in bucket if key.startswith("private/filing-evidence/")]
    assert len(evidence_files) == before["tables"]["endorsements_filingevidence"]["rows"] >= 6
    assert len([key for key in bucket if key.startswith("media/")]) >= 2

    again = manage("manage.py", "restore", str(archive), env=restored_env)

    assert again.returncode != 0
    assert "already has tables" in again.stderr


def test_backup_refuses_sqlite(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(SETTINGS_PREFIXES)}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", RFS_VAR_DIR=str(tmp_path))

    for command in (["backup", "--output", str(tmp_path)], ["restore", str(tmp_path)]):
        result = manage("manage.py", *command, env=env, timeout=60)

        assert result.returncode != 0
        assert "PostgreSQL only" in result.stderr
    assert not list(tmp_path.glob("rfs-backup-*"))
