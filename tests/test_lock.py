"""The lock files that every install reads must pin what pyproject.toml asks for."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("check_lock", ROOT / "scripts" / "check_lock.py")
check_lock = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_lock)

HASH = "    --hash=sha256:" + "0" * 64


def write_lock(tmp_path, *pins: str) -> Path:
    lock = tmp_path / "requirements" / "dev.txt"
    lock.parent.mkdir(exist_ok=True)
    lock.write_text("".join(f"{pin} \\\n{HASH}\n    # via rfs\n" for pin in pins))
    return lock


def test_committed_locks_match_pyproject():
    assert check_lock.main() == 0


def test_lock_missing_a_dependency_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(check_lock, "ROOT", tmp_path)
    lock = write_lock(tmp_path, "django==5.2.1")

    assert check_lock.problems(["Django>=5.2,<5.3", "rules>=3.5"], lock) == [
        "requirements/dev.txt: rules is not pinned"
    ]


def test_lock_pinning_a_version_pyproject_excludes_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(check_lock, "ROOT", tmp_path)
    lock = write_lock(tmp_path, "django==5.1.4")

    assert check_lock.problems(["Django>=5.2,<5.3"], lock) == [
        "requirements/dev.txt: Django==5.1.4 does not satisfy 'Django>=5.2,<5.3'"
    ]


def test_pin_without_hash_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(check_lock, "ROOT", tmp_path)
    lock = tmp_path / "requirements" / "dev.txt"
    lock.parent.mkdir()
    lock.write_text("django==5.2.1\n    # via rfs\n")

    assert check_lock.problems(["Django>=5.2"], lock) == [
        "requirements/dev.txt: django has no hash"
    ]
