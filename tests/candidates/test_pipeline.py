"""The pipeline's spine: every move from every stage, as PRODUCT.md's table says."""

import itertools

import pytest

from candidates import services
from candidates.enums import STAGE_RANK, TRANSITIONS, Activity, ChangeKind, Stage
from candidates.models import Candidate, StageChange
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db

ALL_MOVES = list(itertools.product(Stage.values, Stage.values))


def candidate_at(stage: str) -> Candidate:
    candidate = CandidateFactory()
    Candidate.objects.filter(pk=candidate.pk).update(stage=stage)
    candidate.refresh_from_db()
    return candidate


def expected_outcome(from_stage: str, to_stage: str) -> str:
    if to_stage in TRANSITIONS[from_stage]:
        return "move"
    if STAGE_RANK[to_stage] <= STAGE_RANK[from_stage]:
        return "event"
    return "refused"


def test_transition_table_is_exactly_the_products():
    assert {stage: set(targets) for stage, targets in TRANSITIONS.items()} == {
        "signed_up": {"intro_attended", "screened", "running"},
        "intro_attended": {"screened", "running"},
        "screened": {"running"},
        "running": {"applied", "won", "lost"},
        "applied": {"endorsed", "not_endorsed"},
        "not_endorsed": {"applied", "won", "lost"},
        "endorsed": {"won", "lost"},
        "won": {"running"},
        "lost": {"running"},
    }


@pytest.mark.parametrize(("from_stage", "to_stage"), ALL_MOVES)
def test_candidate_move_follows_the_table(from_stage, to_stage, staff):
    candidate = candidate_at(from_stage)
    outcome = expected_outcome(from_stage, to_stage)

    if outcome == "refused":
        with pytest.raises(services.IllegalTransition):
            services.candidate_move(candidate=candidate, to_stage=to_stage, by=staff)
        candidate.refresh_from_db()
        assert candidate.stage == from_stage
        assert not StageChange.objects.filter(candidate=candidate).exists()
        return

    change = services.candidate_move(candidate=candidate, to_stage=to_stage, by=staff, note="step")

    candidate.refresh_from_db()
    assert candidate.stage == (to_stage if outcome == "move" else from_stage)
    assert (change.kind, change.from_stage, change.to_stage, change.by) == (
        ChangeKind.MOVE if outcome == "move" else ChangeKind.EVENT,
        from_stage,
        to_stage,
        staff,
    )
    assert change.note == "step"


def test_staff_may_make_another_move_with_a_reason(staff):
    candidate = candidate_at(Stage.SIGNED_UP)

    change = services.candidate_move(
        candidate=candidate,
        to_stage=Stage.ENDORSED,
        by=staff,
        override=True,
        note="Endorsed at the convention",
    )

    candidate.refresh_from_db()
    assert candidate.stage == Stage.ENDORSED
    assert change.kind == ChangeKind.MOVE
    assert change.note == "Endorsed at the convention"


def test_another_move_without_a_reason_is_refused(staff):
    candidate = candidate_at(Stage.SIGNED_UP)

    with pytest.raises(services.IllegalTransition, match="written reason"):
        services.candidate_move(
            candidate=candidate, to_stage=Stage.ENDORSED, by=staff, override=True, note=" "
        )

    candidate.refresh_from_db()
    assert candidate.stage == Stage.SIGNED_UP


@pytest.mark.parametrize("mover", ["director", "nobody"])
def test_only_national_staff_may_move_outside_the_steps(mover, request):
    """``candidate_move`` checks ``candidates.move_outside_steps`` itself: a caller that
    forgets to is still refused, and so is a system move (``by=None``)."""
    by = request.getfixturevalue("director") if mover == "director" else None
    candidate = candidate_at(Stage.SIGNED_UP)

    with pytest.raises(services.IllegalTransition, match="Only national staff"):
        services.candidate_move(
            candidate=candidate,
            to_stage=Stage.ENDORSED,
            by=by,
            override=True,
            note="Endorsed at the convention",
        )

    candidate.refresh_from_db()
    assert candidate.stage == Stage.SIGNED_UP
    assert not StageChange.objects.filter(candidate=candidate).exists()


def test_a_move_updates_when_the_stage_changed(staff):
    candidate = candidate_at(Stage.SIGNED_UP)
    before = candidate.stage_changed_at

    services.candidate_move(candidate=candidate, to_stage=Stage.INTRO_ATTENDED, by=staff)

    candidate.refresh_from_db()
    assert candidate.stage_changed_at > before


def test_an_event_leaves_when_the_stage_changed_alone(staff):
    candidate = candidate_at(Stage.RUNNING)
    before = candidate.stage_changed_at

    services.candidate_move(candidate=candidate, to_stage=Stage.INTRO_ATTENDED, by=staff)

    candidate.refresh_from_db()
    assert candidate.stage_changed_at == before


@pytest.mark.parametrize("activity", [Activity.PAUSED, Activity.WITHDRAWN])
def test_pausing_or_withdrawing_never_changes_the_stage(activity, candidate_user):
    candidate = candidate_user.candidate
    services.candidate_move(candidate=candidate, to_stage=Stage.SCREENED, by=None)

    services.candidate_set_activity(candidate=candidate, activity=activity, by=candidate_user)
    services.candidate_set_activity(
        candidate=candidate, activity=Activity.ACTIVE, by=candidate_user
    )

    candidate.refresh_from_db()
    assert candidate.stage == Stage.SCREENED
    assert candidate.activity == Activity.ACTIVE
    activity_changes = StageChange.objects.filter(candidate=candidate, kind=ChangeKind.ACTIVITY)
    assert list(activity_changes.values_list("activity", flat=True)) == [activity, Activity.ACTIVE]


def test_setting_the_same_activity_twice_records_it_once(candidate_user):
    candidate = candidate_user.candidate

    services.candidate_set_activity(
        candidate=candidate, activity=Activity.PAUSED, by=candidate_user
    )
    services.candidate_set_activity(
        candidate=candidate, activity=Activity.PAUSED, by=candidate_user
    )

    assert StageChange.objects.filter(candidate=candidate, kind=ChangeKind.ACTIVITY).count() == 1


def test_moves_record_the_region_for_anonymous_reports(candidate_user, north):
    change = services.candidate_move(
        candidate=candidate_user.candidate, to_stage=Stage.SCREENED, by=None
    )

    assert change.region == north
