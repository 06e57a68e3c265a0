"""What My journey shows from the endorsements app (called by candidates.views.journey)."""

from candidates.models import Candidate


def journey_context(candidate: Candidate) -> dict:
    """Template context for `templates/endorsements/_journey.html`, in a fixed number of queries."""
    return {}
