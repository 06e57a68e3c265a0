"""Who may apply for our endorsement, checked before anyone fills in a form.

``eligibility_for`` checks every rule and returns each one that fails, with a message
that says kindly what is missing and what to do about it; ``partners_for`` then points a
candidate who does not qualify to the partner organisations that fit them.

The rules (PRODUCT.md, "Endorsement"; configured in ``rfs/settings.py``):
- an open cycle (outside one, the next cycle says when applications open);
- an active race (their current race, without a result) with filing started;
- an intro call attended;
- age on election day within ``RFS_ENDORSEMENT_MIN_AGE``..``RFS_ENDORSEMENT_MAX_AGE``
  (so the date of birth must be known);
- an office level in ``RFS_ENDORSEMENT_LEVELS`` (down-ballot);
- at most ``RFS_ENDORSEMENT_MAX_RUN`` runs, counting this one: the signup answer about
  earlier runs counts one, and each earlier race with a result counts one;
- an active candidate (not paused or withdrawn);
- not already applied or endorsed in this cycle (a declined candidate may apply again).
"""

from .checks import check_rules, eligibility_for
from .partners import partners_for
from .reasons import (
    FINISHED_RESULTS,
    NOT_A_FIT_FOR_PARTNERS,
    YOUNG_UNDER,
    Eligibility,
    Reason,
    ReasonCode,
    age_on,
    cycles_around,
)

__all__ = [
    "FINISHED_RESULTS",
    "NOT_A_FIT_FOR_PARTNERS",
    "YOUNG_UNDER",
    "Eligibility",
    "Reason",
    "ReasonCode",
    "age_on",
    "check_rules",
    "cycles_around",
    "eligibility_for",
    "partners_for",
]
