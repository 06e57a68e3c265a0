"""What My journey shows from the resources app (called by candidates.views.journey)."""

from candidates.models import Candidate

from .selectors import journey_trainings
from .selectors_community import journey_community


def journey_context(candidate: Candidate) -> dict:
    """Template context for `templates/resources/_journey.html`, in a fixed number of queries.

    Two queries for the trainings and bookmarks (``selectors.journey_trainings``), plus
    the community part's own (``selectors_community.journey_community``, under
    ``community``).
    """
    in_progress, completed, bookmarks = journey_trainings(candidate)
    return {
        "trainings": {"in_progress": in_progress, "completed": completed, "bookmarks": bookmarks},
        **journey_community(candidate),
    }
