"""The dashboard as its own app: its stuck list, its task's stored name, and the rule
for who sees everything, which core and the dashboard share."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from candidates.models import Candidate
from insights.selectors import candidates_stuck
from insights.tasks import analytics_refresh_task
from rfs.celery import app as celery_app
from rfs.enums import Role
from rfs.rules import is_national_staff
from rfs.selectors import sees_all_regions
from tests.factories import CandidateFactory, UserFactory

pytestmark = pytest.mark.django_db

STAGES = ["signed_up", "intro_attended"]


def in_stage_since(state: str, days: int, **fields) -> Candidate:
    candidate = CandidateFactory(state=state, **fields)
    Candidate.objects.filter(pk=candidate.pk).update(
        stage="intro_attended", stage_changed_at=timezone.now() - timedelta(days=days)
    )
    return candidate


def test_stuck_list_holds_a_directors_active_candidates_past_the_days_oldest_first(
    director, north, west
):
    older, old = in_stage_since("NY", 90), in_stage_since("MA", 45)
    in_stage_since("NY", 10)  # not stuck yet
    in_stage_since("NY", 90, activity="paused")  # paused: nothing to act on
    in_stage_since("CA", 90)  # another region

    stuck = candidates_stuck(director, stages=STAGES, days=30, regions=[north])

    assert list(stuck) == [older, old]


def test_stuck_list_for_staff_filters_by_region_and_state(staff, north, west):
    in_stage_since("NY", 90)
    massachusetts = in_stage_since("MA", 60)
    california = in_stage_since("CA", 60)

    assert list(
        candidates_stuck(staff, stages=STAGES, days=30, regions=[north, west], region=west.pk)
    ) == [california]
    assert list(
        candidates_stuck(staff, stages=STAGES, days=30, regions=[north, west], state="MA")
    ) == [massachusetts]


def test_refresh_task_keeps_the_name_beat_stored():
    assert analytics_refresh_task.name == "rfs.tasks.analytics_refresh_task"


def test_every_beat_entry_names_a_registered_task():
    celery_app.loader.import_default_modules()  # what a worker does as it starts: every app's tasks
    registered = set(celery_app.tasks)
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} <= registered


def test_sees_everything_is_one_rule_for_selectors_and_permissions(staff, director):
    superuser = UserFactory(email="root@example.org", is_superuser=True)
    inactive_staff = UserFactory(
        email="gone@example.org", roles=[Role.NATIONAL_STAFF], is_active=False
    )
    people = {
        staff: True,
        superuser: True,
        director: False,
        inactive_staff: False,
        AnonymousUser(): False,
    }

    for person, sees_all in people.items():
        assert sees_all_regions(person) is sees_all
        assert is_national_staff.test(person) is sees_all
