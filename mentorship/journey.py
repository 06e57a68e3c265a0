"""What My journey shows from the mentorship app (called by candidates.views.journey)."""

from candidates.models import Candidate


def journey_context(candidate: Candidate) -> dict:
    """Template context for `templates/mentorship/_journey.html`, in a fixed number of queries."""
    return {}
