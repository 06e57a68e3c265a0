"""What an import did, or for a dry run would do."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> int:
        return self.created + self.updated

    def __str__(self) -> str:
        return f"{self.created:,} created, {self.updated:,} updated, {self.unchanged:,} unchanged"

    def add(self, other: Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


@dataclass(frozen=True)
class RowError:
    """A skipped row. ``line_number`` counts the header as line 1, like a spreadsheet."""

    line_number: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line_number}: {self.reason}"


@dataclass
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    dry_run: bool
    rows: int = 0  # rows read, not counting blank ones
    jurisdictions: Counts = field(default_factory=Counts)
    offices: Counts = field(default_factory=Counts)
    elections: Counts = field(default_factory=Counts)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
