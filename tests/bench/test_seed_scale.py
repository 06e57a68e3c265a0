"""seed_scale at 1,000 candidates: the CI smoke of the benchmark's data (the benchmark
itself is not part of CI). Runs on whatever database is configured: SQLite locally
(INSERTs), PostgreSQL with DATABASE_URL (COPY on a second thread, foreign-key triggers
skipped, so the foreign keys are checked here one by one).

A second run on the same database is refused rather than made idempotent: the data is
reproducible from its seed, and counting people twice would make every figure wrong.
"""

import itertools
from collections import Counter
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError
from django.db import models, transaction

from bench.seed_scale.command import TABLES, seed_scale
from bench.seed_scale.data import EMAIL_DOMAIN
from candidates.enums import STAGE_RANK, Stage
from candidates.models import (
    Candidate,
    Demographics,
    IntroCall,
    IntroCallRegistration,
    Race,
    ScreeningCall,
    ScreeningLog,
    StageChange,
)
from endorsements.enums import ApplicationStatus
from endorsements.models import Application, Endorsement
from mentorship.models import Mentor, Question
from rfs.enums import PRIVILEGED_ROLES, Role
from rfs.models import OutboundEmail, Region, User

pytestmark = pytest.mark.django_db(transaction=False)

COUNT = 1000


def seed(**options) -> str:
    out = StringIO()
    seed_scale(candidates=COUNT, batch=400, force=True, stdout=out, **options)
    return out.getvalue()


def stage_counts() -> dict[str, int]:
    return dict(Candidate.objects.values_list("stage").annotate(n=models.Count("pk")).order_by())


class Discard(Exception):
    """Raised to roll a seeding back inside the test's transaction."""


def test_seed_scale_fills_the_pipeline_in_funnel_proportions():
    output = seed()

    assert Candidate.objects.count() == COUNT
    assert "1,000 candidates" in output and "rows/s" in output
    counts = stage_counts()
    # Most never get past signing up; every stage is represented at 1,000.
    assert set(counts) == set(Stage.values)
    assert counts[Stage.SIGNED_UP] > COUNT / 2
    assert (
        counts[Stage.SIGNED_UP]
        > counts[Stage.INTRO_ATTENDED]
        > counts[Stage.SCREENED]
        > counts[Stage.RUNNING]
    )
    assert Candidate.objects.values("state").distinct().count() >= 40
    assert not Candidate.objects.filter(region=None).exists()
    assert 0.6 * COUNT < Demographics.objects.count() < 0.8 * COUNT
    candidates = User.objects.filter(
        groups__name=Role.CANDIDATE, email__endswith=f"@{EMAIL_DOMAIN}"
    )
    assert candidates.count() == COUNT
    assert (
        not User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exclude(password="!").exists()
    )


def test_seed_scale_history_leads_to_each_candidates_stage():
    seed()

    moves = StageChange.objects.filter(kind="move").order_by("candidate_id", "at", "pk")
    history: dict[int, list[StageChange]] = {}
    for change in moves:
        history.setdefault(change.candidate_id, []).append(change)
    for candidate in Candidate.objects.all():
        steps = history[candidate.pk]
        assert (steps[0].from_stage, steps[0].to_stage) == (Stage.SIGNED_UP, Stage.SIGNED_UP)
        assert steps[-1].to_stage == candidate.stage
        assert steps[-1].at == candidate.stage_changed_at
        assert all(a.to_stage == b.from_stage for a, b in itertools.pairwise(steps))
        assert all(
            STAGE_RANK[a.to_stage] < STAGE_RANK[b.to_stage] for a, b in itertools.pairwise(steps)
        )


def test_seed_scale_rows_match_the_stages():
    seed()

    past = {
        stage for stage in Stage.values if STAGE_RANK[stage] >= STAGE_RANK[Stage.INTRO_ATTENDED]
    }
    attended = set(
        IntroCallRegistration.objects.filter(attended=True).values_list("candidate_id", flat=True)
    )
    assert attended == set(Candidate.objects.filter(stage__in=past).values_list("pk", flat=True))
    screened = Candidate.objects.filter(stage__in=past - {Stage.INTRO_ATTENDED})
    assert set(ScreeningLog.objects.values_list("candidate_id", flat=True)) == set(
        screened.values_list("pk", flat=True)
    )
    running = screened.exclude(stage=Stage.SCREENED)
    assert set(Race.objects.values_list("candidate_id", flat=True)) == set(
        running.values_list("pk", flat=True)
    )
    submitted = Application.objects.filter(status=ApplicationStatus.SUBMITTED).values_list(
        "candidate_id", flat=True
    )
    assert set(submitted) == set(
        Candidate.objects.filter(stage=Stage.APPLIED).values_list("pk", flat=True)
    )
    endorsed = set(Candidate.objects.filter(stage=Stage.ENDORSED).values_list("pk", flat=True))
    assert endorsed <= set(Endorsement.objects.values_list("candidate_id", flat=True))
    assert IntroCall.objects.filter(status="scheduled").exists()
    assert ScreeningCall.objects.filter(status="booked").exists()
    assert Question.objects.exists() and Mentor.objects.exists()
    assert OutboundEmail.objects.filter(purpose="email_confirmation_signup").count() == COUNT
    directed = (
        Region.objects.filter(directors__email__endswith=f"@{EMAIL_DOMAIN}").distinct().count()
    )
    assert directed == Region.objects.count() > 0
    # Staff, directors and committee members have their second factor, as production requires.
    privileged = User.objects.filter(groups__name__in=PRIVILEGED_ROLES).distinct()
    assert (
        privileged.count()
        == Authenticator.objects.filter(user__in=privileged, type="totp").count()
        > 0
    )


def test_seed_scale_every_foreign_key_points_at_a_row():
    """COPY ran with foreign-key triggers skipped (as a superuser): the ids generated
    here must be right on their own."""
    seed()

    for model in TABLES:
        for field in model._meta.concrete_fields:
            if not field.is_relation:
                continue
            target = field.related_model
            dangling = (
                model.objects.exclude(**{f"{field.attname}__isnull": True})
                .exclude(
                    **{f"{field.attname}__in": target.objects.values(field.target_field.attname)}
                )
                .count()
            )
            assert dangling == 0, f"{model._meta.label}.{field.name} points at missing rows"


def test_seed_scale_candidates_are_found_by_the_directors_search():
    """Each candidate's search text is what the services would have written."""
    from candidates.services import candidate_search_text

    seed()

    wrong = [
        candidate.pk
        for candidate in Candidate.objects.select_related("user")
        if candidate.search_text != candidate_search_text(candidate.user)
    ]
    assert Candidate.objects.count() == COUNT
    assert wrong == []


def test_seed_scale_same_seed_same_people():
    def run(seed_value: int) -> tuple[dict, Counter]:
        with pytest.raises(Discard), transaction.atomic():
            seed(seed=seed_value)
            result = (stage_counts(), Counter(Candidate.objects.values_list("state", flat=True)))
            raise Discard
        return result

    first = run(7)
    assert Candidate.objects.count() == 0  # rolled back
    assert run(7) == first
    assert run(8) != first


def test_seed_scale_refuses_to_run_twice():
    seed()

    with pytest.raises(CommandError, match="already holds scale data"):
        seed()

    assert Candidate.objects.count() == COUNT


def test_seed_scale_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        seed_scale(candidates=10, stdout=StringIO())

    assert not User.objects.exists()


def test_seed_scale_moves_the_id_sequences_past_its_rows():
    seed()

    # A row created the ordinary way afterwards gets a fresh id, not a clash.
    user = User.objects.create_user(email="after@example.org")
    assert user.pk > User.objects.exclude(pk=user.pk).aggregate(last=models.Max("pk"))["last"]


def test_seed_scale_runs_as_a_module(capsys):
    """``python -m bench.seed_scale`` takes the command's options and prints its report."""
    from bench.seed_scale.__main__ import main

    assert main(["--candidates", "50", "--batch", "20", "--seed", "3", "--force"]) == 0

    assert "50 candidates and" in capsys.readouterr().out
    assert Candidate.objects.count() == 50


def test_seed_scale_as_a_module_refuses_with_debug_off_unless_forced(settings, capsys):
    from bench.seed_scale.__main__ import main

    settings.DEBUG = False

    assert main(["--candidates", "10"]) == 1

    assert "--force" in capsys.readouterr().err
    assert not User.objects.exists()
