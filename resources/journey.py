"""What My journey shows from the resources app (registered in apps.py as a My journey section, rfs/registry.py)."""

from candidates.models import Candidate

from .selectors import journey_community, journey_facts, journey_trainings


def journey_context(candidate: Candidate) -> dict:
    """Template context for `templates/resources/_journey.html`, in a fixed number of queries.

    Two queries: the candidate's own rows this section reads (demographics, directory
    entry, races, bookmarks count: ``selectors.journey_facts``) and the courses
    they started (``selectors.journey_trainings``). The community part
    (``selectors.journey_community``, under ``community``) reads the channels
    and the number of open perks from the cache, and the offices of interest My journey
    already read.
    """
    facts = journey_facts(candidate)
    in_progress, completed, bookmarks = journey_trainings(candidate, bookmarks=facts.bookmarks)
    return {
        "trainings": {"in_progress": in_progress, "completed": completed, "bookmarks": bookmarks},
        **journey_community(candidate, facts=facts),
    }
