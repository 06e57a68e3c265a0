"""What mentorship contributes to the candidate's record in the workplace
(``rfs.registry.record_sections``): their questions and mentor matches. Two queries.
"""

from django.utils.translation import gettext as _

from rfs.models import User
from rfs.registry import RecordSection

from .models import Match, Question


def mentorship_section(candidate, viewer: User) -> RecordSection:
    questions = list(
        Question.objects.filter(candidate=candidate)
        .select_related("area", "owner__user")
        .order_by("-created_at", "-pk")
    )
    matches = list(
        Match.objects.filter(candidate=candidate)
        .select_related("mentor__user")
        .order_by("-started_at", "-pk")
    )
    return RecordSection(
        key="mentorship",
        title=_("Questions and mentors"),
        template="mentorship/record/_mentorship.html",
        context={"questions": questions, "matches": matches},
    )
