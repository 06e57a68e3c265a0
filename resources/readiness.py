"""What the candidate's admin page shows from this app under "Readiness"
(``rfs.registry.candidate_readiness``): the courses they completed."""

from django.utils.formats import date_format

from .selectors import courses_completed


def courses_completed_lines(candidate) -> list[str]:
    """Trainings count as readiness in the screening and endorsement review: each
    completed course with its date, newest first (one query)."""
    return [
        f"{c.course.title} ({date_format(c.completed_at, 'M j, Y')})"
        for c in courses_completed(candidate=candidate)
    ]
