from datetime import timedelta
from io import StringIO

import pytest
import zipcodes
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from candidates.enums import Stage
from candidates.models import Candidate, IntroCall, Office, Screener, StageChange
from endorsements.eligibility import eligibility_for
from endorsements.public import alumni_public, endorsements_public
from insights.analytics.milestones import FUNNEL
from insights.models import AnalyticsSnapshot
from resources.models import Resource
from rfs.enums import Role, State
from rfs.management.commands.seed_demo import DEMO_NOTES, DEMO_PEOPLE
from rfs.models import RegionState, User

pytestmark = pytest.mark.django_db


def seed(settings, **options):
    settings.DEBUG = True
    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False  # as under make run
    call_command("seed_demo", candidates=40, stdout=StringIO(), **options)


def test_seed_demo_covers_every_state_and_every_role(settings):
    seed(settings)

    assert RegionState.objects.count() == len(State) == 51
    roles = set(User.objects.values_list("groups__name", flat=True))
    assert roles == {role.value for role in Role}
    assert (
        Candidate.objects.count() == 47
    )  # the demo candidate, 6 logins at later stages and 40 samples
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
    counts = (
        User.objects.count(),
        Candidate.objects.count(),
        RegionState.objects.count(),
        IntroCall.objects.count(),
        Office.objects.count(),
    )

    seed(settings)

    assert (
        User.objects.count(),
        Candidate.objects.count(),
        RegionState.objects.count(),
        IntroCall.objects.count(),
        Office.objects.count(),
    ) == counts


def test_seed_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG"):
        call_command("seed_demo")

    assert User.objects.count() == 0


@pytest.fixture
def seeded(settings):
    """The demo as ``make run`` seeds it (300 sample candidates)."""
    settings.DEBUG = True
    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False
    call_command("seed_demo", stdout=StringIO())


def test_seed_demo_computes_the_dashboard(seeded, client):
    """Right after seeding, the dashboard shows the product: a full funnel, times between
    steps, a trend over 18 months, a stuck list and fair share with groups shown."""
    client.force_login(User.objects.get(email="staff@example.org"))

    context = client.get(reverse("dashboard")).context

    assert context["snapshot"] is not None
    assert all(count > 0 for count in context["funnel"].total.counts)
    assert all(step.median > 0 for _start, _end, step in context["durations"])
    assert [len(line["dots"]) for line in context["trend_chart"]["lines"]] == [18, 18, 18]
    assert len(context["stuck"]) == 25
    shown = [row.value for row in context["fair"].rows if row.counts[0] is not None]
    assert len(shown) >= 2
    assert "not_given" in shown


def test_seed_demo_pages_agree(seeded, client):
    """/impact/, /endorsements/ and /dashboard/ tell the same story."""
    figures = AnalyticsSnapshot.objects.latest("computed_at").impact
    listed = endorsements_public(page=1).paginator.count
    alumni = alumni_public(page=1).paginator.count

    assert figures["endorsed"] == listed > 0
    assert figures["won"] == alumni > 0
    # Every winner's race has an office level: no "Office not recorded".
    assert "unknown" not in figures["won_by_level"]
    assert sum(figures["won_by_level"].values()) == figures["won"]

    impact_page = client.get(reverse("impact")).content.decode()
    assert f'>{figures["endorsed"]}</p><p class="mb-0">candidates endorsed' in impact_page
    assert "Office not recorded" not in impact_page
    # The public page opens on upcoming elections; "Any election" lists everyone endorsed.
    assert client.get(reverse("endorsements:public_list")).context["page"].paginator.count > 0
    every_election = client.get(reverse("endorsements:public_list"), {"election": "any"}).context[
        "page"
    ]
    assert every_election.paginator.count == figures["endorsed"]
    assert (
        client.get(reverse("endorsements:alumni")).context["page"].paginator.count == figures["won"]
    )
    client.force_login(User.objects.get(email="staff@example.org"))
    funnel = client.get(reverse("dashboard")).context["funnel"].total.counts
    assert funnel[FUNNEL.index("endorsed")] == figures["endorsed"]
    assert funnel[FUNNEL.index("won")] == figures["won"]
    assert funnel[0] == figures["signed_up"] == Candidate.objects.count()


def test_seed_demo_history_spans_18_months(settings):
    seed(settings)
    now = timezone.now()

    signups = Candidate.objects.values_list("created_at", flat=True)
    months = {moment.strftime("%Y-%m") for moment in signups}
    assert len(months) == 18
    assert min(signups) > now - timedelta(days=18 * 31)
    assert max(StageChange.objects.values_list("at", flat=True)) <= now
    # Steps take time: nobody's history has one timestamp for every step.
    assert StageChange.objects.values("at").distinct().count() > Candidate.objects.count()
    # Some stop at each step: more signed up than attended an intro call, and so on.
    reached = [
        StageChange.objects.filter(to_stage=stage).values("candidate").distinct().count()
        for stage in ("signed_up", "intro_attended", "screened", "running")
    ]
    assert reached == sorted(reached, reverse=True)
    assert reached[0] > reached[-1]


def test_seed_demo_people_have_their_time_zone_from_their_zip(settings):
    seed(settings)

    zones = dict(User.objects.values_list("email", "time_zone"))
    assert zones["candidate@example.org"] == "America/Chicago"  # Saint Paul
    assert zones["director@example.org"] == "America/New_York"
    assert zones["director.west@example.org"] == "America/Los_Angeles"
    for candidate in Candidate.objects.select_related("user").exclude(zip_code=""):
        assert candidate.user.time_zone == zipcodes.matching(candidate.zip_code)[0]["timezone"], (
            candidate.zip_code
        )


def test_seed_demo_candidates_are_found_by_name(settings, client):
    seed(settings)

    assert not Candidate.objects.filter(search_text="").exists()
    client.force_login(User.objects.get(email="staff@example.org"))
    response = client.get(
        reverse("admin:candidates_candidate_changelist"), {"q": "Casey Candidate"}
    )
    assert [c.user.email for c in response.context["cl"].result_list] == ["candidate@example.org"]


def test_seed_demo_has_a_login_at_each_stage(settings):
    seed(settings)

    stages = dict(
        Candidate.objects.filter(user__email__in=DEMO_NOTES).values_list("user__email", "stage")
    )
    assert stages == {
        "candidate@example.org": Stage.SIGNED_UP,
        "intro@example.org": Stage.INTRO_ATTENDED,
        "screened@example.org": Stage.SCREENED,
        "running@example.org": Stage.RUNNING,
        "applied@example.org": Stage.APPLIED,
        "endorsed@example.org": Stage.ENDORSED,
        "won@example.org": Stage.WON,
    }
    assert eligibility_for(Candidate.objects.get(user__email="running@example.org")).eligible
    for email in DEMO_NOTES:
        assert User.objects.get(email=email).check_password(settings.RFS_DEMO_PASSWORD)


def test_seed_demo_prints_every_login(settings):
    settings.DEBUG = True
    out = StringIO()

    call_command("seed_demo", candidates=10, stdout=out)

    for email, *_rest in DEMO_PEOPLE:
        assert email in out.getvalue()
    assert "can apply for endorsement" in out.getvalue()
