"""The directors' daily digest: once per director per local day at 8 am, across DST
changes; what it says; the setting that turns it off."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from rfs.models import OutboundEmail
from tests.factories import CandidateFactory
from workplace.models import DigestSetting
from workplace.tasks import digests_send_task

pytestmark = pytest.mark.django_db


def _run_beat(start: datetime, end: datetime) -> list[datetime]:
    """Run the task every 15 minutes from start to end (start just after local midnight,
    so no earlier day is still owed); when each digest was queued."""
    sent_at = []
    moment = start
    while moment < end:
        with time_machine.travel(moment, tick=False):
            if digests_send_task():
                sent_at.append(moment)
        moment += timedelta(minutes=15)
    return sent_at


@pytest.mark.parametrize(
    ("start", "first_sends"),
    [
        # New York falls back on Sunday 1 November 2026: 8 am is 12:00 UTC, then 13:00.
        (datetime(2026, 10, 31, 5, tzinfo=UTC), [12, 13, 13]),
        # And springs forward on Sunday 8 March 2026: 8 am is 13:00 UTC, then 12:00.
        (datetime(2026, 3, 7, 5, tzinfo=UTC), [13, 12, 12]),
    ],
)
def test_one_digest_per_director_per_local_day_across_dst(director, start, first_sends):
    director.time_zone = "America/New_York"
    director.save(update_fields=["time_zone"])

    sent_at = _run_beat(start, start + timedelta(days=3))

    assert [moment.hour for moment in sent_at] == first_sends
    rows = OutboundEmail.objects.filter(purpose="director_digest", to_email=director.email)
    assert rows.count() == 3


def test_the_digest_names_signups_inbox_and_calls_and_can_be_turned_off(
    client, director, other_director, north
):
    CandidateFactory(state="NY", user__name="Nia Newcomer")
    DigestSetting.objects.create(user=other_director, enabled=False)

    with time_machine.travel(datetime(2026, 6, 1, 15, tzinfo=UTC), tick=False):
        assert digests_send_task() == 1
        assert digests_send_task() == 0

    email = OutboundEmail.objects.get(purpose="director_digest")
    assert email.to_email == director.email
    assert "Nia Newcomer" in email.body_text
    assert "In your inbox" in email.body_text

    client.force_login(director)
    client.post(reverse("workplace:settings"), {})
    assert DigestSetting.objects.get(user=director).enabled is False
    with time_machine.travel(datetime(2026, 6, 2, 15, tzinfo=UTC), tick=False):
        assert digests_send_task() == 0
    client.post(reverse("workplace:settings"), {"digest": "on"})
    assert "checked" in client.get(reverse("workplace:settings")).content.decode()
