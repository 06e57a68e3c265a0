"""Writes for perks and the candidate directory.

A perk claim is recorded once per candidate and offer (the unique constraint
``perkclaim_once``), so a double click or two tabs find the same claim. A directory
entry is one row per candidate; opting out hides it from the next page load on.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Candidate

from ..models import DirectoryProfile, Perk, PerkClaim
from ..rules import is_endorsed_candidate
from ..selectors import perk_is_open, perks_closed

__all__ = ["PerkUnavailable", "directory_profile_save", "perk_claim"]


class PerkUnavailable(ValueError):
    """The candidate may not claim this offer (not endorsed, expired, or their election is over)."""


@transaction.atomic
def perk_claim(
    *, candidate: Candidate, perk: Perk, today: date | None = None
) -> tuple[PerkClaim, bool]:
    """Record that an endorsed candidate claimed an offer: (the claim, whether it is new).

    Refuses (``PerkUnavailable``) a candidate who is not endorsed, an offer that is
    unpublished or expired, and any offer once the candidate's election is over.

    Side effects, in order:
    1. Creates the claim, once per candidate and offer: a second submit, even at the
       same moment, gets the first claim back (get_or_create on the unique constraint).
    """
    today = today or timezone.localdate()
    if not is_endorsed_candidate(candidate.user):
        raise PerkUnavailable(_("Perks come with our endorsement."))
    if not perk_is_open(perk, today=today):
        raise PerkUnavailable(_("Sorry, this offer has ended."))
    if perks_closed(candidate, today=today):
        raise PerkUnavailable(_("Perks close after your election day. Thank you for running!"))
    return PerkClaim.objects.get_or_create(perk=perk, candidate=candidate)


@transaction.atomic
def directory_profile_save(
    *, candidate: Candidate, listed: bool, office_sought: str, one_line: str
) -> DirectoryProfile:
    """Save the candidate's own entry in the directory of fellow candidates.

    Side effects, in order:
    1. Creates or updates their one entry (a double submit updates the same row).
       Unticking "Show me in the directory" hides them from the next page load on.
    """
    profile, _created = DirectoryProfile.objects.update_or_create(
        candidate=candidate,
        defaults={
            "listed": listed,
            "office_sought": office_sought.strip(),
            "one_line": one_line.strip(),
        },
    )
    return profile
