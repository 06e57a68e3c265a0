"""The backup module's checks that need no database: how differences are told, and that
a damaged archive is refused before anything is restored."""

import hashlib
import json

import pytest
from django.core.files.storage import FileSystemStorage

from rfs.backups import DUMP, FILES, BackupError, _check_archive, differences, store_checksums


def state(**overrides) -> dict:
    base = {
        "tables": {"people": {"rows": 2, "md5": "a"}},
        "sequences": {"people_id_seq": 2},
        "files": {"private": {"x.pdf": {"sha256": "1", "size": 3}}},
    }
    return {**base, **overrides}


def test_identical_states_have_no_differences():
    assert differences(state(), state()) == []


def test_every_kind_of_difference_is_told():
    found = differences(
        state(),
        state(
            tables={"people": {"rows": 1, "md5": "b"}, "extra": {"rows": 0, "md5": ""}},
            sequences={},
            files={"private": {}, "default": {"p.png": {"sha256": "2", "size": 1}}},
        ),
    )

    assert found == [
        "tables: extra was not in the backup",
        "tables: people: expected {'rows': 2, 'md5': 'a'}, found {'rows': 1, 'md5': 'b'}",
        "sequences: people_id_seq is missing",
        "files/default: p.png was not in the backup",
        "files/private: x.pdf is missing",
    ]


@pytest.fixture
def archive(tmp_path):
    directory = tmp_path / "rfs-backup-1"
    (directory / FILES / "private" / "filing-evidence").mkdir(parents=True)
    (directory / DUMP).write_bytes(b"dump")
    (directory / FILES / "private" / "filing-evidence" / "a").write_bytes(b"%PDF")
    manifest = {
        "database": {"sha256": hashlib.sha256(b"dump").hexdigest()},
        "files": {
            "private": {
                "filing-evidence/a": {"sha256": hashlib.sha256(b"%PDF").hexdigest(), "size": 4}
            }
        },
    }
    return directory, manifest


def test_a_whole_archive_passes_its_check(archive, tmp_path):
    directory, manifest = archive
    stores = {"private": FileSystemStorage(location=tmp_path / "store")}

    _check_archive(directory, manifest, stores)

    assert (
        store_checksums(FileSystemStorage(location=directory / FILES / "private"))
        == (manifest["files"]["private"])
    )


def test_a_damaged_file_or_dump_is_refused(archive, tmp_path):
    directory, manifest = archive
    stores = {"private": FileSystemStorage(location=tmp_path / "store")}
    (directory / FILES / "private" / "filing-evidence" / "a").write_bytes(b"%PDX")

    with pytest.raises(BackupError, match="does not match its checksum"):
        _check_archive(directory, manifest, stores)
    (directory / DUMP).write_bytes(b"dumq")
    with pytest.raises(BackupError, match="archive is damaged"):
        _check_archive(directory, json.loads(json.dumps(manifest)), stores)


def test_an_archive_with_a_store_this_site_lacks_is_refused(archive):
    directory, manifest = archive

    with pytest.raises(BackupError, match="stores this site does not"):
        _check_archive(directory, manifest, {"default": None})
