"""Which area of expertise a question is about, from the words in it.

Deterministic scoring, no learning: each area scores 3 when its whole name appears in
the text, 2 for each distinct keyword found, and 1 for each word of its name (longer
than three letters) found. Words match at their start, so "donor" finds "donors" and
"canvass" finds "canvassing". The best score wins; ties go to the area listed first
(its order, then its name). Nothing found: no suggestion.
"""

import re
from collections.abc import Iterable
from typing import Protocol

NAME_SCORE = 3
KEYWORD_SCORE = 2
NAME_WORD_SCORE = 1
# Words of an area's name that say nothing about it.
STOP_WORDS = frozenset({"and", "the", "for", "with", "from", "your", "running", "campaign"})


class AreaLike(Protocol):
    name: str
    keywords: str
    position: int


def _found(phrase: str, text: str) -> bool:
    """Whether ``phrase`` starts a word in ``text`` (both lower case)."""
    return re.search(r"\b" + re.escape(phrase), text) is not None


def keywords_of(area: AreaLike) -> list[str]:
    """The area's keywords, trimmed, lower case, without blanks or repeats."""
    seen: dict[str, None] = {}
    for word in area.keywords.split(","):
        word = " ".join(word.lower().split())
        if word:
            seen[word] = None
    return list(seen)


def score(area: AreaLike, text: str) -> int:
    """How strongly ``text`` (any case) suggests ``area``."""
    text = " ".join(text.lower().split())
    name = " ".join(area.name.lower().split())
    points = NAME_SCORE if name and _found(name, text) else 0
    points += sum(KEYWORD_SCORE for word in keywords_of(area) if _found(word, text))
    name_words = {
        word for word in re.findall(r"\w+", name) if len(word) > 3 and word not in STOP_WORDS
    }
    points += sum(NAME_WORD_SCORE for word in name_words if _found(word, text))
    return points


def best_area(areas: Iterable[AreaLike], text: str):
    """The area ``text`` suggests most, or None when no area scores."""
    ranked = sorted(
        ((score(area, text), area) for area in areas),
        key=lambda pair: (-pair[0], pair[1].position, pair[1].name.lower()),
    )
    if not ranked or ranked[0][0] == 0:
        return None
    return ranked[0][1]
