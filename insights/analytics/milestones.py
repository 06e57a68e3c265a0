"""What the funnel counts: the milestones, which later steps imply them, and the steps
whose durations are measured.

A candidate *reached* a milestone when a stage change to it, or to a later milestone of
its chain, was recorded: someone who went straight from signup to running passed the
intro-call and screening steps of the funnel. Durations are measured only between two
milestones that were both recorded, from the first time each was reached, in whole days.
"""

import itertools

from candidates.enums import Stage

# The funnel's columns, in order. Signing up is the candidate's creation time.
FUNNEL = [
    Stage.SIGNED_UP,
    Stage.INTRO_ATTENDED,
    Stage.SCREENED,
    Stage.RUNNING,
    Stage.APPLIED,
    Stage.ENDORSED,
    Stage.WON,
]

# Demographic questions the fair-share report breaks the funnel down by. A person who
# skipped a question (or the whole form) counts under "not_given".
DIMENSIONS = ["gender", "race_ethnicity", "lgbtq", "veteran", "generation"]
NOT_GIVEN = "not_given"

_AFTER_RUNNING = {Stage.APPLIED, Stage.ENDORSED, Stage.NOT_ENDORSED, Stage.WON, Stage.LOST}

# Milestone -> the recorded stages that mean it was reached.
REACHED_BY: dict[str, frozenset[str]] = {
    Stage.INTRO_ATTENDED: frozenset(
        {Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING} | _AFTER_RUNNING
    ),
    Stage.SCREENED: frozenset({Stage.SCREENED, Stage.RUNNING} | _AFTER_RUNNING),
    Stage.RUNNING: frozenset({Stage.RUNNING} | _AFTER_RUNNING),
    Stage.APPLIED: frozenset({Stage.APPLIED, Stage.ENDORSED, Stage.NOT_ENDORSED}),
    Stage.ENDORSED: frozenset({Stage.ENDORSED}),
    Stage.WON: frozenset({Stage.WON}),
}

# The stages whose first time is read from the history.
RECORDED = sorted(set().union(*REACHED_BY.values()))

# Consecutive funnel milestones: the steps whose time is measured.
STEPS: list[tuple[str, str]] = list(itertools.pairwise(FUNNEL))


def step_name(start: str, end: str) -> str:
    return f"{start}>{end}"


def reached(milestone: str, recorded: dict[str, object]) -> bool:
    """``recorded`` maps a stage to the first time it was recorded (or None)."""
    if milestone == Stage.SIGNED_UP:
        return True
    return any(recorded.get(stage) is not None for stage in REACHED_BY[milestone])


def whole_days(start, end) -> int:
    """Whole days from one time to a later one (a later record of an earlier step counts as 0)."""
    return max(0, int((end - start).total_seconds() // 86400))


def percentile(sorted_days: list[int], fraction: float) -> int | None:
    """Nearest-rank percentile of an ascending list: the smallest value with at least
    ``fraction`` of the values at or below it."""
    if not sorted_days:
        return None
    import math

    rank = max(1, math.ceil(fraction * len(sorted_days)))
    return sorted_days[rank - 1]
