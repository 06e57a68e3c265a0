"""A North audience for outreach: three people an email reaches, one left out for each
reason, and a West candidate no North segment may hold."""

from django.utils import timezone

from rfs.models import EmailSuppression
from tests.factories import CandidateFactory


def north_audience() -> dict:
    def make(email: str, name: str, state: str = "NY", **extra):
        return CandidateFactory(
            state=state,
            consent_email=extra.pop("consent_email", True),
            user__email=email,
            user__name=name,
            **extra,
        )

    people = {
        "ana": make("ana@example.org", "Ana Ortiz"),
        "ben": make("ben@example.org", "Ben Lee", state="MA"),
        "cal": make("cal@example.org", "Cal Diaz"),
        "withdrawn": make("wit@example.org", "Wit Drawn", activity="withdrawn"),
        "no_consent": make("nocon@example.org", "Noah Consent", consent_email=False),
        "unsubscribed": make("unsub@example.org", "Una Sub"),
        "suppressed": make("bounce@example.org", "Bo Unce"),
        "west": make("west@example.org", "Wendy West", state="CA"),
    }
    people["ana"].user.language = "es"
    people["ana"].user.save(update_fields=["language"])
    people["unsubscribed"].user.unsubscribed_at = timezone.now()
    people["unsubscribed"].user.save(update_fields=["unsubscribed_at"])
    EmailSuppression.objects.create(email="bounce@example.org", reason="bounce")
    return people
