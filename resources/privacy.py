"""The resources app's part of a candidate's data export (candidates.privacy)."""

from typing import Any

from candidates.models import Candidate


def export_sections(candidate: Candidate) -> dict[str, Any]:
    """Sections added to the candidate's download: what they gave us here, in their words."""
    return {}
