"""What upper apps contribute to pages and jobs a lower app owns.

The layers (docs/architecture.md): core (``rfs``) at the bottom, then ``candidates``,
then ``resources``, then ``mentorship`` and ``endorsements``, then ``insights``. A lower
app never imports an upper one. Where a lower app's page or job needs what an upper app
holds (My journey's sections, the data export, erasure, demo data, the screener's
follow-up picks), the lower app reads a hook here and the upper app fills it in its
``AppConfig.ready()``:

    from rfs import registry
    registry.journey_sections.register(journey_context, order=20)

Hooks run in ``order`` (lowest first); the same function registered twice (``ready()``
running again in a test) is kept once. Nothing here imports a feature app: the
signatures below name their types in words.

Lists of callables (``Hook``):

- ``journey_sections``: ``(candidate) -> dict`` of template context merged into My
  journey's (``candidates.views.journey``); each app's keys are its own. Reads a fixed
  number of queries.
- ``journey_next_steps``: ``(candidate) -> candidates.journey.NextStep | None`` for a
  candidate past the 1:1 (running or later); the first that answers is My journey's next
  step. It may read what its ``journey_sections`` hook kept on the candidate.
- ``export_parts``: ``(candidate) -> dict`` of sections added to the person's data export
  (``candidates.privacy.candidate_export``), in this order, ready for JSON.
- ``erasure_records``: ``(candidate) -> dict[model class, list[pk]]``: records that
  django-auditlog logs changes of, anonymised with the person on erasure.
- ``erasers``: ``(*, candidate) -> None``, called by ``candidates.privacy.candidate_erase``
  inside its transaction before the candidate's own rows go (remove files, detach rows).
- ``candidate_readiness``: ``(candidate) -> list[str]``: lines for the "Readiness" part
  of the candidate's admin page (``candidates.admin``), e.g. courses completed.
- ``demo_seeders``: ``(run: DemoRun) -> None``: an app's demo data for ``seed_demo``,
  ordered by layer (candidates 20, resources 30, mentorship 40, endorsements 45,
  insights 50). Idempotent.

- ``inbox_items``: ``(user, *, now) -> list[InboxItem]``: what needs this person now,
  from the app that holds it (the workplace inbox, ``workplace.views``), scoped by their
  role and region. A fixed number of queries each, at most ``INBOX_LIMIT`` items per kind.
- ``record_sections``: ``(candidate, viewer) -> RecordSection | None``: a part of the
  candidate's record in the workplace, shown only as the viewer's role allows (None:
  nothing for this viewer). A fixed number of queries each.

One provider (``Slot``):

- ``screening_follow_ups``: a ``ScreeningFollowUps`` (below): what a screener may send a
  candidate after their 1:1 (the resources library). Candidates' log form, view and
  service ask it; without one, the log form offers nothing to send.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

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


class ScreeningFollowUps(Protocol):
    """What a screener may send a candidate after their 1:1 (implemented by resources)."""

    def pickable(self, recipient: Any) -> Any:
        """A queryset of what this person may be sent (the log form's choices)."""

    def suggested(self, *, concerns: Iterable[str], next_step: str, for_user: Any) -> list[Any]:
        """Rows to tick for these concerns and recommended next step."""

    def send(self, *, log: Any, chosen: Iterable[Any]) -> list[dict[str, str]]:
        """Record the chosen rows (or ids) as sent for the log's candidate, once each, and
        return them for the email: ``{"title", "url" (site-relative), "description"}``."""


@dataclass
class DemoRun:
    """One ``seed_demo`` run, handed to each demo seeder in turn."""

    now: datetime
    stdout: Any
    # Sample candidates wanted (``--candidates``).
    candidates: int
    # The regions by name (core seeds them first).
    regions: dict[str, Any]
    # Where each demo login lives (email -> ZIP code), for their place and time zone.
    zip_codes: dict[str, str] = field(default_factory=dict)
    # What a seeder leaves for the ones after it, under its app's name: candidates puts
    # "histories" (``{candidate: (journey, race)}`` of the simulated pasts).
    shared: dict[str, Any] = field(default_factory=dict)
    # Pieces of the summary line, each with its own leading punctuation.
    summary: list[str] = field(default_factory=list)


# The most items of one kind the inbox lists for a person (the rest: "and N more").
INBOX_LIMIT = 20


@dataclass(frozen=True)
class InboxItem:
    """One thing that needs a person now, with the one action that deals with it."""

    # What kind of thing (the inbox groups by it): "recommend", "vote", "question", ...
    kind: str
    # The group's heading ("Applications awaiting your recommendation").
    group: str
    title: str
    url: str
    action: str
    detail: str = ""
    at: datetime | None = None
    # The candidate it is about, if any: the inbox adds a link to their record.
    candidate_id: int | None = None


@dataclass(frozen=True)
class RecordSection:
    """A part of a candidate's record: a heading and a template with its context."""

    key: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


journey_sections: Hook[Callable[[Any], dict[str, Any]]] = Hook("journey_sections")
journey_next_steps: Hook[Callable[[Any], Any]] = Hook("journey_next_steps")
export_parts: Hook[Callable[[Any], dict[str, Any]]] = Hook("export_parts")
erasure_records: Hook[Callable[[Any], dict[type, list[int]]]] = Hook("erasure_records")
erasers: Hook[Callable[..., None]] = Hook("erasers")
candidate_readiness: Hook[Callable[[Any], list[str]]] = Hook("candidate_readiness")
demo_seeders: Hook[Callable[[DemoRun], None]] = Hook("demo_seeders")
screening_follow_ups: Slot[ScreeningFollowUps] = Slot("screening_follow_ups")
inbox_items: Hook[Callable[..., list[InboxItem]]] = Hook("inbox_items")
record_sections: Hook[Callable[[Any, Any], RecordSection | None]] = Hook("record_sections")
# Called by the people admin after a person's name changed: ``(*, user) -> None``.
person_renamed: Hook[Callable[..., None]] = Hook("person_renamed")
# The candidates admin's source filter options: ``(user, *, limit) -> list[str]``.
candidate_sources: Slot[Callable[..., list[str]]] = Slot("candidate_sources")
