from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from candidates.models import Candidate, IntroCall, Office, Screener, StageChange
from resources.models import Resource
from rfs.enums import Role, State
from rfs.models import RegionState, User

pytestmark = pytest.mark.django_db


def seed(settings, **options):
    settings.DEBUG = True
    call_command("seed_demo", candidates=40, stdout=StringIO(), **options)


def test_seed_demo_covers_every_state_and_every_role(settings):
    seed(settings)

    assert RegionState.objects.count() == len(State) == 51
    roles = set(User.objects.values_list("groups__name", flat=True))
    assert roles == {role.value for role in Role}
    assert Candidate.objects.count() == 47  # the demo candidate, 6 logins at later stages and 40 samples
    assert not Candidate.objects.filter(region=None).exists()
    assert User.objects.get(email="staff@example.org").check_password(settings.RFS_DEMO_PASSWORD)
    # Every page has something to show: intro calls ahead, exact offices in the finder.
    assert IntroCall.objects.filter(region=None).exists()
    assert IntroCall.objects.values("region").distinct().count() == 6  # five regions and national
    assert Office.objects.filter(jurisdiction__city="Saint Paul").exists()
    assert Screener.objects.get(user__email="screener@example.org").status == "approved"
    assert Resource.objects.count() >= 5
    assert StageChange.objects.filter(to_stage="signed_up").count() == Candidate.objects.count()


def test_seed_demo_twice_changes_nothing(settings):
    seed(settings)
    counts = (User.objects.count(), Candidate.objects.count(), RegionState.objects.count(), IntroCall.objects.count(), Office.objects.count())

    seed(settings)

    assert (User.objects.count(), Candidate.objects.count(), RegionState.objects.count(), IntroCall.objects.count(), Office.objects.count()) == counts


def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo")

    assert User.objects.count() == 0
