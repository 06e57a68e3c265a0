"""Shared by the application services: the steps and their fields, the errors they raise,
locking a draft."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from ...eligibility import Reason
from ...enums import ApplicationStatus, ApplicationStep
from ...models import Application

__all__ = [
    "MAX_EVIDENCE_FILES",
    "STEPS",
    "STEP_FIELDS",
    "ApplicationError",
    "Missing",
    "step_after",
    "step_before",
]


# The form's steps, in order.
STEPS: list[str] = list(ApplicationStep.values)


# The fields each step saves; the other steps' fields are left as they are.
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    ApplicationStep.RACE: ("race", "district_description", "seats", "incumbent", "opponents"),
    ApplicationStep.FILING: (),
    ApplicationStep.PLAN: ("budget", "raised_so_far", "team", "win_number", "path_to_victory"),
    ApplicationStep.QUESTIONNAIRE: ("answers",),
    ApplicationStep.LINKS: ("website", "donation_url", "social_links", "list_publicly"),
    ApplicationStep.REVIEW: (),
}


# What a re-application carries over from the earlier one in the same cycle.
CARRIED_FIELDS = tuple(name for step in STEPS for name in STEP_FIELDS[step] if name != "race")


# Enough for a filing receipt, a petition page or two, a ballot notice.
MAX_EVIDENCE_FILES = 10


class ApplicationError(ValueError):
    """The application can't do that now; the message says why. ``reasons`` holds the
    eligibility rules that failed, ``missing`` the parts still to fill in."""

    def __init__(
        self,
        message: str,
        *,
        reasons: list[Reason] | None = None,
        missing: list["Missing"] | None = None,
    ):
        super().__init__(message)
        self.reasons = reasons or []
        self.missing = missing or []


@dataclass(frozen=True)
class Missing:
    step: str
    message: str


def step_after(step: str) -> str:
    index = STEPS.index(step)
    return STEPS[min(index + 1, len(STEPS) - 1)]


def step_before(step: str) -> str:
    index = STEPS.index(step)
    return STEPS[max(index - 1, 0)]


def _furthest(current: str, reached: str) -> str:
    return max(current, reached, key=STEPS.index)


def _lock(application: Application) -> Application:
    # Only the application's row: submissions in the same cycle must not queue on the cycle's.
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("cycle", "candidate__user")
        .get(pk=application.pk)
    )


def _require_draft(application: Application) -> None:
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationError(
            _("This application has been sent, so it can't be changed any more.")
        )
