"""Fail when the Spanish catalogue misses a candidate-facing string, or is stale.

Run from the repository root: ``python scripts/check_translations.py``. It checks
``locale/es/LC_MESSAGES/django.po``:

1. Every candidate-facing msgid has a Spanish translation: 0 untranslated, 0 fuzzy.
2. The catalogue is current: ``makemessages`` run on the sources now (into a temporary
   copy) finds exactly the msgids the committed catalogue holds.

Staff-only strings may stay in English. The one convention that keeps them out of the
check: a msgid is staff-only when EVERY place it comes from is under a path listed in
``STAFF_ONLY_PATHS`` below (the admin, the review and host pages, the dashboard and the
emails sent only to staff). A string used on a staff page and on a candidate page is
candidate-facing. docs/translation.md says the same.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO_PATH = Path("locale/es/LC_MESSAGES/django.po")

# Paths (prefixes, relative to the repository root) whose strings only staff see.
STAFF_ONLY_PATHS = (
    # The Django admin.
    "candidates/admin/",
    "endorsements/admin/",
    "mentorship/admin.py",
    "resources/admin/",
    "rfs/admin/",
    "templates/admin/",
    # The dashboard and impact pages.
    # (The public impact page, insights/views/impact.py and templates/insights/impact.html,
    # is for everyone: it is translated.)
    "insights/analytics/",
    "insights/forms.py",
    "insights/models.py",
    "insights/services.py",
    "insights/selectors.py",
    "insights/views/dashboard.py",
    "templates/insights/dashboard.html",
    "templates/insights/charts/",
    # The directors' workplace (inbox, candidate record, notes).
    "workplace/",
    "templates/workplace/",
    "templates/emails/note_mention.",
    "candidates/inbox.py",
    "candidates/record.py",
    "endorsements/inbox.py",
    "endorsements/record.py",
    "mentorship/inbox.py",
    "mentorship/record.py",
    "templates/candidates/record/",
    "templates/endorsements/record/",
    "templates/mentorship/record/",
    # The endorsement review pages (committee, directors, staff).
    "templates/endorsements/review/",
    "endorsements/views/review.py",
    "endorsements/services/reviews/",
    "endorsements/forms/review.py",
    "endorsements/models/reviews.py",
    # Intro-call host pages and the screener's pages.
    "candidates/views/host_calls.py",
    "templates/candidates/calls/host_",
    "templates/candidates/calls/_host_",
    "templates/candidates/calls/_override_reason.html",
    "templates/candidates/screening/screener_home.html",
    "templates/candidates/screening/log.html",
    # Emails sent only to staff and volunteers doing staff work.
    "templates/emails/decision_due_staff.",
    "templates/emails/review_due_committee.",
    "templates/emails/review_due_director.",
    "templates/emails/screening_assigned_screener.",
    "templates/emails/screening_booked_screener.",
    "templates/emails/screening_log_due.",
    "templates/emails/match_request_for_director.",
    "templates/emails/question_unclaimed.",
    "templates/emails/screening_approved.",
)

MAKEMESSAGES_IGNORE = (
    ".venv/*",
    ".lock-venv/*",
    ".bench-venv/*",
    "bench/*",
    "tests/*",
    "node_modules/*",
    "static/*",
    "staticfiles/*",
    "var/*",
    "locale/*",
)


def is_staff_only(entry: polib.POEntry) -> bool:
    """True when every occurrence of the entry is in a staff-only path."""
    paths = [path for path, _line in entry.occurrences]
    return bool(paths) and all(path.startswith(STAFF_ONLY_PATHS) for path in paths)


def key(entry: polib.POEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def is_translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def missing_translations(po: polib.POFile) -> list[str]:
    """Candidate-facing msgids that are untranslated or fuzzy."""
    problems = []
    for entry in po:
        if entry.obsolete or is_staff_only(entry):
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif not is_translated(entry):
            problems.append(f"untranslated: {entry.msgid!r}")
    return problems


def fresh_catalogue(root: Path) -> polib.POFile:
    """Run makemessages on a copy of the sources and return the Spanish catalogue it makes."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(
            root,
            copy,
            ignore=shutil.ignore_patterns(
                ".git", ".venv", ".lock-venv", ".bench-venv", "node_modules", "var", "*.mo"
            ),
            symlinks=True,
        )
        shutil.rmtree(copy / "locale", ignore_errors=True)
        (copy / "locale").mkdir()
        command = [sys.executable, "manage.py", "makemessages", "-l", "es", "--no-obsolete"]
        for pattern in MAKEMESSAGES_IGNORE:
            command += ["-i", pattern]
        subprocess.run(command, cwd=copy, check=True, capture_output=True, env=_env(copy))
        return polib.pofile(str(copy / PO_PATH))


def _env(cwd: Path) -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(cwd)
    env.setdefault("DJANGO_DEBUG", "1")
    return env


def stale_msgids(po: polib.POFile, fresh: polib.POFile) -> list[str]:
    """Differences between the committed catalogue's msgids and the sources'."""
    have = {key(entry) for entry in po if not entry.obsolete}
    want = {key(entry) for entry in fresh if not entry.obsolete}
    problems = [f"not in the catalogue (run makemessages): {k[1]!r}" for k in sorted(want - have)]
    problems += [f"no longer in the sources: {k[1]!r}" for k in sorted(have - want)]
    return problems


def check(root: Path = ROOT, *, fresh: polib.POFile | None = None) -> list[str]:
    po = polib.pofile(str(root / PO_PATH))
    if fresh is None:
        fresh = fresh_catalogue(root)
    return missing_translations(po) + stale_msgids(po, fresh)


def main() -> int:
    problems = check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {PO_PATH}", file=sys.stderr)
        return 1
    print(f"{PO_PATH}: every candidate-facing string is translated and current.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
