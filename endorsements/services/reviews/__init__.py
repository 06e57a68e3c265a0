"""Writes for the review of an endorsement application: the director's recommendation,
research checks and the questions put to the candidate, committee votes and recusals,
national staff's decisions (one by one or in bulk), and reminders to reviewers.

Candidates never see any of the review (PRODUCT.md, "Privacy"): only the questions put
to them, their own answers and the decision with its reason. Event notes name what
happened, never a finding or a vote's comment. Deciding moves the candidate through
``candidates.services.candidate_move``; every email is an outbox row sent after commit.
"""

from .common import BULK_LIMIT, DECISION_WARNING_DAYS, ReviewError
from .decisions import decision_make, decisions_make_bulk, vote_cast
from .reminders import review_reminders_send
from .research import (
    decision_readiness,
    explanation_give,
    explanation_request,
    recommendation_write,
    research_check,
    research_unchecked,
)

__all__ = [
    "BULK_LIMIT",
    "DECISION_WARNING_DAYS",
    "ReviewError",
    "decision_make",
    "decision_readiness",
    "decisions_make_bulk",
    "explanation_give",
    "explanation_request",
    "recommendation_write",
    "research_check",
    "research_unchecked",
    "review_reminders_send",
    "vote_cast",
]
