"""The directors' dashboard, its downloads, the admin's landing summary and the public impact page."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate, IntroCall, IntroCallRegistration, StageChange
from insights.analytics.refresh import LOCK_LEASE, analytics_refresh, refresh_claim, refresh_release
from insights.models import AnalyticsRefreshLock, AnalyticsSnapshot
from insights.services import analytics_refresh_queue
from insights.tasks import analytics_refresh_task
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def candidates_in(states: list[str], *, stuck_days: int = 60) -> list[Candidate]:
    """One candidate per state, each at intro_attended since ``stuck_days`` ago."""
    people = []
    for state in states:
        candidate = CandidateFactory(state=state)
        change = StageChange.objects.create(
            candidate=candidate,
            from_stage="signed_up",
            to_stage="intro_attended",
            region=candidate.region,
        )
        long_ago = timezone.now() - timedelta(days=stuck_days)
        StageChange.objects.filter(pk=change.pk).update(at=long_ago)
        Candidate.objects.filter(pk=candidate.pk).update(
            stage="intro_attended", stage_changed_at=long_ago
        )
        people.append(candidate)
    return people


def held_sessions(region, host, count: int) -> None:
    for number in range(count):
        call = IntroCall.objects.create(
            region=region,
            host=host,
            status="held",
            starts_at=timezone.now() - timedelta(days=7 + number),
        )
        IntroCallRegistration.objects.create(
            call=call, candidate=CandidateFactory(state="NY"), attended=True
        )


def test_dashboard_shows_the_directors_regions_only(client, director, north, west):
    candidates_in(["NY", "MA"])
    candidates_in(["CA", "CA", "OR"])
    analytics_refresh()
    client.force_login(director)

    response = client.get(reverse("dashboard"), {"by": "state"})

    assert response.status_code == 200
    total = response.context["funnel"].total.counts
    assert total[:2] == [2, 2]
    assert {row.label for row in response.context["funnel"].rows} == {"NY", "MA"}
    assert {state for state, *_ in response.context["map_rows"]} == {"NY", "MA"}
    assert {c.state for c in response.context["stuck"]} == {"NY", "MA"}


def test_dashboard_region_outside_scope_is_404(client, director, west):
    client.force_login(director)

    assert client.get(reverse("dashboard"), {"region": west.pk}).status_code == 404


def test_dashboard_director_chooses_among_their_regions_states(client, director, north, west):
    client.force_login(director)

    response = client.get(reverse("dashboard"), {"state": "CA"})

    states = [value for value, _label in response.context["form"].fields["state"].choices if value]
    assert sorted(states) == ["MA", "NY"]
    assert "state" in response.context["form"].errors


def test_dashboard_bad_month_shows_the_error_and_keeps_the_rest(client, staff):
    client.force_login(staff)

    response = client.get(reverse("dashboard"), {"cohort_from": "March", "state": "NY"})

    assert response.status_code == 200
    assert "Enter a month as YYYY-MM" in response.content.decode()
    assert response.context["form"]["state"].value() == "NY"


@pytest.mark.parametrize("rows", [1, 3])
def test_dashboard_query_count_does_not_grow_with_rows(
    client, staff, director, north, rows, django_assert_num_queries
):
    candidates_in(["NY", "MA", "NY"][:rows] if rows == 3 else ["NY"])
    held_sessions(north, director, rows)
    analytics_refresh()
    client.force_login(staff)
    cache.clear()  # the refresh cached the page as it opens: count every query once
    # user with roles; the form's regions; snapshot; the funnel's rows for the
    # breakdown, the months and the states (3); durations; fair share (2); stuck list;
    # activity (10); the navigation's roles.
    with django_assert_num_queries(21):
        response = client.get(reverse("dashboard"), {"by": "level"})
    assert len(response.context["stuck"]) == rows
    assert len(response.context["activity"].sessions) == rows
    # Again: the figures come from the cache (under the snapshot), the activity too (a
    # minute); user with roles, the form's regions, snapshot, stuck list, navigation.
    with django_assert_num_queries(5):
        again = client.get(reverse("dashboard"), {"by": "level"})
    assert again.context["funnel"] == response.context["funnel"]


def test_refresh_caches_the_dashboard_as_it_opens(
    client, director, north, django_assert_num_queries
):
    candidates_in(["NY"])
    analytics_refresh()
    client.force_login(director)
    # user with roles; the form's regions and their states; snapshot; the director's
    # region ids; stuck list; activity (10); the navigation's roles. No summary cell.
    with django_assert_num_queries(16):
        response = client.get(reverse("dashboard"))
    assert response.context["funnel"].total.counts[0] == 1


def test_dashboard_figures_follow_the_next_refresh(client, director, north):
    candidates_in(["NY"])
    analytics_refresh()
    client.force_login(director)
    assert client.get(reverse("dashboard")).context["funnel"].total.counts[0] == 1

    candidates_in(["NY", "MA"])
    analytics_refresh()
    response = client.get(reverse("dashboard"), {"by": "state"})

    assert response.context["funnel"].total.counts[0] == 3
    assert [(row.label, row.counts[0]) for row in response.context["funnel"].rows] == [
        ("MA", 1),
        ("NY", 2),
    ]


def test_funnel_csv_matches_the_page(client, staff, north):
    candidates_in(["NY", "MA", "MA"])
    analytics_refresh()
    client.force_login(staff)

    response = client.get(reverse("dashboard_funnel_csv"), {"by": "state"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["state", "signed_up", "intro_attended"]
    assert rows[1][:3] == ["MA", "2", "2"]
    assert rows[2][:3] == ["NY", "1", "1"]
    assert rows[-1][:2] == ["total", "3"]


def test_fair_share_csv_hides_small_groups(client, staff, north):
    candidates_in(["NY"] * 3)
    analytics_refresh()
    client.force_login(staff)

    response = client.get(reverse("dashboard_fair_share_csv"), {"dimension": "gender"})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == "not_given"
    assert rows[1][1] == "<10"
    assert "3" not in rows[1]
    # Everyone is in that one hidden group: a total of 3 would give it away.
    assert rows[-1][:2] == ["total", "hidden"]


def test_fair_share_for_a_director_is_their_own_region(client, director, north, west):
    candidates_in(["CA"] * 12)
    analytics_refresh()
    client.force_login(director)

    response = client.get(reverse("dashboard"))

    assert response.context["fair"].region == north.pk
    assert response.context["fair"].total[0] == 0


def test_admin_landing_page_shows_the_directors_funnel(client, director, north, west):
    candidates_in(["NY", "CA"])
    analytics_refresh()
    client.force_login(director)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert "Your pipeline" in response.content.decode()
    assert ("Signed up", 1) in [(str(label), count) for label, count in response.context["rows"]]


def test_impact_page_from_the_last_refresh_and_cached(client, north, django_assert_num_queries):
    candidates_in(["NY", "MA"])
    analytics_refresh()

    first = client.get(reverse("impact"))
    with django_assert_num_queries(0):
        again = client.get(reverse("impact"))

    assert first.context["figures"]["signed_up"] == 2
    assert first.context["figures"]["states"] == 2
    assert again.status_code == 200
    assert "New York" in again.content.decode()


def test_impact_page_before_any_refresh_says_so(client, db):
    response = client.get(reverse("impact"))

    assert "being counted" in response.content.decode()


# --- "Refresh now" -----------------------------------------------------------------------------


def test_refresh_now_for_staff_queues_a_refresh_and_says_so(
    client, staff, north, django_capture_on_commit_callbacks
):
    candidates_in(["NY", "MA"])
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(reverse("dashboard_refresh"), follow=True)

    assert len(queued) == 1
    assert response.redirect_chain == [(reverse("dashboard"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Refreshing the figures now. They take a minute or two: reload this page to see them."
    ]
    assert AnalyticsSnapshot.objects.get().candidates == 2
    # The refresh ran (eagerly here) and freed the lock: the next click queues another.
    assert AnalyticsRefreshLock.objects.get().held_since is None


def test_refresh_now_while_one_runs_says_so_and_queues_nothing(
    client, staff, director, django_capture_on_commit_callbacks
):
    assert refresh_claim(by=director)
    client.force_login(staff)

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(reverse("dashboard_refresh"), follow=True)

    assert queued == []
    assert [str(m) for m in response.context["messages"]] == [
        "A refresh is already running. The figures will update as soon as it finishes."
    ]
    assert not AnalyticsSnapshot.objects.exists()


@pytest.mark.parametrize(
    "persona_name",
    ["candidate_user", "screener", "mentor", "committee_member", "director", "other_director"],
)
def test_refresh_now_is_refused_to_everyone_but_national_staff(
    client, persona, persona_name, django_capture_on_commit_callbacks
):
    client.force_login(persona(persona_name))

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(reverse("dashboard_refresh"))

    assert response.status_code == 403
    assert queued == []
    assert not AnalyticsRefreshLock.objects.filter(held_since__isnull=False).exists()


def test_refresh_now_button_shows_for_staff_only(client, staff, director):
    client.force_login(staff)
    assert b"Refresh now" in client.get(reverse("dashboard")).content
    client.force_login(director)
    assert b"Refresh now" not in client.get(reverse("dashboard")).content


def test_refresh_lock_lapses_after_its_lease(staff):
    assert refresh_claim(by=staff)
    assert not refresh_claim(by=staff)

    AnalyticsRefreshLock.objects.update(
        held_since=timezone.now() - LOCK_LEASE - timedelta(seconds=1)
    )

    assert refresh_claim(by=staff)


def test_beat_refresh_skips_while_another_runs_then_runs(north):
    candidates_in(["NY"])
    assert refresh_claim()

    assert analytics_refresh_task() is None
    assert not AnalyticsSnapshot.objects.exists()

    refresh_release()
    assert analytics_refresh_task() == 1
    assert AnalyticsRefreshLock.objects.get().held_since is None


def test_refresh_frees_the_lock_when_it_fails(north, monkeypatch):
    def broken():
        raise RuntimeError("out of memory")

    monkeypatch.setattr("insights.analytics.refresh.analytics_refresh", broken)

    with pytest.raises(RuntimeError):
        analytics_refresh_task()

    assert refresh_claim()


def test_refresh_now_frees_the_lock_when_the_broker_refuses(
    staff, monkeypatch, django_capture_on_commit_callbacks
):
    def refused(**kwargs):
        raise OSError("broker unreachable")

    monkeypatch.setattr(analytics_refresh_task, "delay", refused)

    with django_capture_on_commit_callbacks(execute=True):
        assert analytics_refresh_queue(by=staff)

    assert AnalyticsRefreshLock.objects.get().held_since is None
