"""Writes for a candidate's endorsement application: start, save each step as a draft,
add and remove filing evidence, submit, withdraw.

Eligibility is checked when an application starts and again when it is submitted
(``endorsements.eligibility``). Submitting moves the candidate to ``applied`` through
``candidates.services.candidate_move`` and queues the confirmation email.
"""

from .common import (
    MAX_EVIDENCE_FILES,
    STEP_FIELDS,
    STEPS,
    ApplicationError,
    Missing,
    step_after,
    step_before,
)
from .drafts import application_save_step, application_start, evidence_add, evidence_remove
from .submission import application_missing, application_submit, application_withdraw

__all__ = [
    "MAX_EVIDENCE_FILES",
    "STEPS",
    "STEP_FIELDS",
    "ApplicationError",
    "Missing",
    "application_missing",
    "application_save_step",
    "application_start",
    "application_submit",
    "application_withdraw",
    "evidence_add",
    "evidence_remove",
    "step_after",
    "step_before",
]
