"""Fail when the lock files no longer match pyproject.toml.

`make test`, `make run` and the image install from requirements/*.txt with hashes
(pip-compile --generate-hashes). Each lock must pin every dependency pyproject.toml names
(requirements/base.txt the runtime ones, requirements/dev.txt those and the dev extras) at a
version its specifier allows, and every pin must carry a hash. `make lock` refreshes both.
"""

import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def read_lock(path: Path) -> tuple[dict[str, str], list[str]]:
    """The pinned versions by canonical name, and the pins that carry no hash."""
    pins: dict[str, str] = {}
    unhashed: list[str] = []
    lines = path.read_text().splitlines()
    for index, line in enumerate(lines):
        match = PIN.match(line)
        if not match:
            continue
        name = canonicalize_name(match.group(1))
        pins[name] = match.group(2)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if "--hash=" not in line and "--hash=" not in following:
            unhashed.append(name)
    return pins, unhashed


def problems(requirements: list[str], lock: Path) -> list[str]:
    if not lock.exists():
        return [f"{lock.relative_to(ROOT)} is missing"]
    pins, unhashed = read_lock(lock)
    found = [f"{lock.relative_to(ROOT)}: {name} has no hash" for name in unhashed]
    for text in requirements:
        requirement = Requirement(text)
        if requirement.marker and not requirement.marker.evaluate():
            continue
        name = canonicalize_name(requirement.name)
        pinned = pins.get(name)
        if pinned is None:
            found.append(f"{lock.relative_to(ROOT)}: {requirement.name} is not pinned")
        elif not requirement.specifier.contains(pinned, prereleases=True):
            found.append(
                f"{lock.relative_to(ROOT)}: {requirement.name}=={pinned} does not satisfy '{text}'"
            )
    return found


def main() -> int:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = project["dependencies"]
    dev = runtime + project.get("optional-dependencies", {}).get("dev", [])
    found = problems(runtime, ROOT / "requirements" / "base.txt")
    found += problems(dev, ROOT / "requirements" / "dev.txt")
    if found:
        print("The lock files do not match pyproject.toml; run `make lock`:", file=sys.stderr)
        for line in found:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("Lock files match pyproject.toml.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
