"""Forms of the endorsements app: ``application`` (the candidate's multi-step application)."""

from .application import (
    STEP_FORMS,
    EvidenceForm,
    ExplanationForm,
    LinksStepForm,
    PlanStepForm,
    QuestionnaireStepForm,
    RaceStepForm,
    service_data,
    step_form,
)

__all__ = [
    "STEP_FORMS",
    "EvidenceForm",
    "ExplanationForm",
    "LinksStepForm",
    "PlanStepForm",
    "QuestionnaireStepForm",
    "RaceStepForm",
    "service_data",
    "step_form",
]
