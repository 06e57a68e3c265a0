"""What endorsements contributes to the candidate's record in the workplace
(``rfs.registry.record_sections``): their latest application sent to us and its review
(recommendation, votes, what happened). Three queries; none for a draft.
"""

from collections import Counter

from django.utils.translation import gettext as _

from rfs.models import User
from rfs.registry import RecordSection

from .enums import VoteChoice
from .models import Application, ApplicationEvent, DirectorRecommendation, Vote
from .selectors import REVIEWED_STATUSES


def application_section(candidate, viewer: User) -> RecordSection:
    application = (
        Application.objects.filter(
            candidate=candidate, status__in=REVIEWED_STATUSES, submitted_at__isnull=False
        )
        .select_related("race", "cycle")
        .order_by("-submitted_at", "-pk")
        .first()
    )
    context: dict = {"application": application}
    if application is not None:
        context["recommendation"] = (
            DirectorRecommendation.objects.filter(application=application)
            .select_related("director")
            .first()
        )
        tally = Counter(
            Vote.objects.filter(application=application).values_list("choice", flat=True)
        )
        context["votes"] = [(VoteChoice(choice).label, n) for choice, n in sorted(tally.items())]
        context["events"] = list(
            ApplicationEvent.objects.filter(application=application)
            .select_related("by")
            .order_by("-at", "-pk")
        )
    return RecordSection(
        key="application",
        title=_("Endorsement application"),
        template="endorsements/record/_application.html",
        context=context,
    )
