"""The counts in the staff navigation are out of date once anything behind an inbox item
changes: a recommendation or vote, a screener's or mentor's approval, a question claimed,
a call marked held or logged, a stage moved. Each such save bumps one cache key."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save

from rfs.enums import PRIVILEGED_ROLES


def _changed(sender, **kwargs) -> None:
    from .selectors import inbox_changed

    inbox_changed()


def _signed_in(sender, *, user, **kwargs) -> None:
    """The count in the navigation from the first page after signing in."""
    if user.is_superuser or user.role_names & PRIVILEGED_ROLES:
        from .selectors import inbox_count_refresh

        inbox_count_refresh(user)


def connect() -> None:
    user_logged_in.connect(_signed_in, dispatch_uid="workplace.inbox.signed_in")
    from candidates.models import IntroCall, Screener, ScreeningCall, StageChange
    from endorsements.models import Application, DirectorRecommendation, Vote
    from mentorship.models import Mentor, Question

    for model in (
        IntroCall,
        Screener,
        ScreeningCall,
        StageChange,
        Application,
        DirectorRecommendation,
        Vote,
        Mentor,
        Question,
    ):
        post_save.connect(_changed, sender=model, dispatch_uid=f"workplace.inbox.{model.__name__}")
