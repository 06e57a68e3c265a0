"""Fail on any app .py file over 400 lines (PRODUCT.md's size rule, issue 18).

Tests, bench/ and migrations aside. Run from the root: `python scripts/check_file_sizes.py`.
"""

import sys
from pathlib import Path

LIMIT = 400
APPS = ["rfs", "candidates", "endorsements", "mentorship", "resources", "insights", "workplace"]


def too_long() -> list[tuple[str, int]]:
    found = []
    for app in APPS:
        for path in sorted(Path(app).rglob("*.py")):
            name = path.as_posix()
            if "migrations" in path.parts:
                continue
            lines = len(path.read_text().splitlines())
            if lines > LIMIT:
                found.append((name, lines))
    return found


if __name__ == "__main__":
    found = too_long()
    for name, lines in found:
        print(f"{name}: {lines} lines (limit {LIMIT})")
    print(f"{len(found)} app files over {LIMIT} lines")
    sys.exit(1 if found else 0)
