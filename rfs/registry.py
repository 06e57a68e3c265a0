"""What upper apps contribute to pages and jobs a lower app owns.

A lower app never imports an upper one (docs/architecture.md). Where a lower app's page
or job needs what an upper app holds, the lower app reads a hook here and the upper app
fills it in its ``AppConfig.ready()``. Nothing here imports a feature app: the
signatures below name their types in words.

Lists of callables (``Hook``), run in ``order`` (lowest first); the same function
registered twice (``ready()`` running again in a test) is kept once:

- ``person_renamed``: ``(*, user) -> None``, called by the people admin after a person's
  name changed (candidates copies it into the candidate's search text).

One provider (``Slot``):

- ``candidate_sources``: ``(user, *, limit) -> list[str]``: the recruitment sources the
  candidates admin offers as filter options, as the dashboard counts them (insights
  reads its summary cells). Without one, the filter offers none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Hook(Generic[T]):
    """An ordered list of callables of one signature."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: list[tuple[int, T]] = []

    def register(self, hook: T, *, order: int) -> T:
        if all(existing is not hook for _order, existing in self._entries):
            self._entries.append((order, hook))
            self._entries.sort(key=lambda entry: entry[0])
        return hook

    def __iter__(self) -> Iterator[T]:
        return iter([hook for _order, hook in self._entries])

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {[getattr(h, '__qualname__', h) for h in self]}>"


class Slot(Generic[T]):
    """At most one provider."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.provider: T | None = None

    def set(self, provider: T) -> T:
        self.provider = provider
        return provider


person_renamed: Hook[Callable[..., None]] = Hook("person_renamed")
candidate_sources: Slot[Callable[..., list[str]]] = Slot("candidate_sources")
