"""Fill the Spanish catalogue from a JSON file of translations.

Usage: ``python scripts/fill_translations.py translations.json [more.json ...]``

Each file maps an English msgid (``"context\\u0004msgid"`` for a msgid with a
context) to its Spanish text; a plural entry's value is a list ``[singular, plural]``.
Entries already translated are overwritten; fuzzy flags are cleared on what is filled.
Every placeholder (``%(name)s``, ``%s``, ``{limit}``) and HTML tag of the msgid must
appear in the translation, or the script stops without writing anything.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import polib

PO_PATH = Path("locale/es/LC_MESSAGES/django.po")
TOKENS = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|</?\w+[^>]*>")


def tokens(text: str) -> list[str]:
    return sorted(TOKENS.findall(text))


def entry_key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def fill(po: polib.POFile, translations: dict) -> list[str]:
    """Apply translations to po; return the problems found (nothing applied if any)."""
    problems = []
    updates = []
    for entry in po:
        value = translations.get(entry_key(entry))
        if value is None:
            continue
        if entry.msgid_plural:
            singular, plural = value
            if tokens(plural) != tokens(entry.msgid_plural):
                problems.append(f"placeholders differ: {entry.msgid_plural!r} -> {plural!r}")
            # Spanish's singular form may drop the count ("mañana" for one day).
            if not set(tokens(singular)) <= set(tokens(entry.msgid_plural)):
                problems.append(f"placeholders differ: {entry.msgid!r} -> {singular!r}")
            updates.append((entry, {0: singular, 1: plural}))
        else:
            if tokens(value) != tokens(entry.msgid):
                problems.append(f"placeholders differ: {entry.msgid!r} -> {value!r}")
            updates.append((entry, value))
    if problems:
        return problems
    for entry, value in updates:
        if isinstance(value, dict):
            entry.msgstr_plural = value
        else:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None
    return []


def main(paths: list[str]) -> int:
    po = polib.pofile(str(PO_PATH), wrapwidth=79)
    translations = {}
    for path in paths:
        translations.update(json.loads(Path(path).read_text(encoding="utf-8")))
    problems = fill(po, translations)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    po.metadata["Language"] = "es"
    po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.metadata["Project-Id-Version"] = "Run for Something"
    po.metadata["Language-Team"] = "Spanish"
    po.metadata["Last-Translator"] = "Run for Something <hello@runforsomething.net>"
    po.metadata["PO-Revision-Date"] = po.metadata["POT-Creation-Date"]
    po.save(str(PO_PATH))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
