"""bench.surge_counts: what a signup surge left behind, counted against the SMTP sink's
record, and ``ok`` only when every person is a candidate with their first stage change
and got exactly one verification email, queued, sent and received once."""

from collections import Counter

import pytest
from django.urls import reverse

from bench.surge_counts import VERIFICATION_PURPOSE, received_from, surge_counts
from candidates.models import StageChange
from rfs.enums import EmailStatus
from rfs.models import OutboundEmail
from tests.conftest import signup_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DOMAIN = "surge.test.example.org"


def surge(client, people: int) -> list[str]:
    """``people`` sign up through the real form, their verification emails marked sent."""
    addresses = [f"person{n}@{DOMAIN}" for n in range(people)]
    for address in addresses:
        client.cookies.clear()
        response = client.post(reverse("account_signup"), signup_data(email=address))
        assert response.status_code == 302
    OutboundEmail.objects.filter(purpose=VERIFICATION_PURPOSE).update(status=EmailStatus.SENT)
    return addresses


def test_a_clean_surge_counts_everyone_once(client, north):
    addresses = surge(client, 3)

    figures = surge_counts(DOMAIN, Counter(addresses) + Counter({"other@example.org": 1}))

    assert figures["ok"] is True
    assert (
        figures["people"],
        figures["candidates"],
        figures["emails_queued"],
        figures["emails_sent"],
        figures["received"],
    ) == (3, 3, 3, 3, 3)


def test_an_email_received_twice_or_never_is_not_ok(client, north):
    addresses = surge(client, 3)

    twice = surge_counts(DOMAIN, Counter(addresses) + Counter(addresses[:1]))
    never = surge_counts(DOMAIN, Counter(addresses[1:]))

    assert (twice["ok"], twice["received_twice"]) == (False, 1)
    assert (never["ok"], never["people_not_received"]) == (False, 1)


def test_an_email_still_waiting_is_not_ok(client, north):
    addresses = surge(client, 2)
    OutboundEmail.objects.filter(to_email=addresses[0]).update(status=EmailStatus.QUEUED)

    figures = surge_counts(DOMAIN, Counter(addresses))

    assert (figures["ok"], figures["emails_waiting"], figures["emails_sent"]) == (False, 1, 1)


def test_half_saved_people_are_counted(client, north):
    addresses = surge(client, 2)
    UserFactory(email=f"lonely@{DOMAIN}")
    StageChange.objects.filter(candidate__user__email=addresses[0]).delete()

    figures = surge_counts(DOMAIN, Counter(addresses))

    assert figures["people_without_candidate"] == 1
    assert figures["candidates_without_stage_change"] == 1
    assert figures["ok"] is False


def test_the_sinks_record_is_read_per_address(tmp_path):
    record = tmp_path / "recipients.txt"
    record.write_text("a@x.org\nb@x.org\na@x.org\n\n")

    assert received_from(record) == Counter({"a@x.org": 2, "b@x.org": 1})
    assert received_from(tmp_path / "none.txt") == Counter()
