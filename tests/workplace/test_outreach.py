"""Segments and email to a segment: scoped to the director's regions, the left-out people
named, one outbox row per (send, recipient) whatever is clicked or retried, staff text
never run as a template, Spanish for Spanish readers, and every send on the record."""

import pytest
from django.urls import reverse

from rfs.enums import AuditAction
from rfs.models import AuditEvent, OutboundEmail
from tests.workplace.outreach_helpers import north_audience
from workplace import outreach, outreach_delivery
from workplace.models import Segment, SegmentRecipient
from workplace.outreach_selectors import audience, segment_candidates

pytestmark = pytest.mark.django_db

EMAIL = {
    "subject": "Hello {first_name}",
    "body": "Hi {first_name}, about {office}.\n\nLiteral: {{ user.email }} {% now 'Y' %}\n"
    "Next: {next_step_link}",
    "subject_es": "Hola {first_name}",
    "body_es": "Hola {first_name}. Tu próximo paso: {next_step_link}",
}


@pytest.fixture
def people(north, west):
    return north_audience()


def _send(user, segment, token="t1"):
    return outreach.segment_email_send(user=user, segment=segment, token=token, **EMAIL)


def test_a_directors_segment_holds_only_their_regions_candidates(director, people, west):
    # Even a filter naming another region finds nobody outside the director's regions.
    assert "wes" not in {c.user.email[:3] for c in segment_candidates(director, {})}
    assert list(segment_candidates(director, {"region": west.pk})) == []
    assert list(segment_candidates(director, {"state": "CA"})) == []
    assert [c.user.email for c in segment_candidates(director, {"state": "MA"})] == [
        "ben@example.org"
    ]


def test_filters_stage_tag_owner_and_time_in_stage(director, people):
    from datetime import timedelta

    from django.utils import timezone

    from candidates.models import Candidate
    from workplace.models import CandidateFile, Tag

    cal = people["cal"]
    Candidate.objects.filter(pk=cal.pk).update(
        stage="screened", stage_changed_at=timezone.now() - timedelta(days=40)
    )
    tag = Tag.objects.create(name="Hot")
    CandidateFile.objects.create(candidate=cal, owner=director).tags.add(tag)

    for filters in (
        {"stage": "screened"},
        {"tag": tag.pk},
        {"owner": director.pk},
        {"min_days_in_stage": 30},
    ):
        assert [c.pk for c in segment_candidates(director, filters)] == [cal.pk], filters


def test_the_audience_names_who_is_left_out_and_why(director, people):
    reach = audience(director, {})

    assert {c.user.email for c in reach.recipients} == {
        "ana@example.org",
        "ben@example.org",
        "cal@example.org",
    }
    assert reach.left_out_counts == {
        "withdrawn": 1,
        "no_consent": 1,
        "unsubscribed": 1,
        "suppressed": 1,
    }


def test_a_send_queues_one_row_per_recipient_once(
    director, people, django_capture_on_commit_callbacks
):
    segment = Segment.objects.create(name="All", created_by=director)

    with django_capture_on_commit_callbacks(execute=True):
        send, new = _send(director, segment)
    with django_capture_on_commit_callbacks(execute=True):
        again, new_again = _send(director, segment)  # a double click: the same token
    outreach_delivery.segment_email_deliver(send.pk)  # a retried task

    rows = OutboundEmail.objects.filter(purpose="segment_email")
    assert (new, new_again, again.pk) == (True, False, send.pk)
    assert sorted(rows.values_list("to_email", flat=True)) == [
        "ana@example.org",
        "ben@example.org",
        "cal@example.org",
    ]
    assert all("List-Unsubscribe" in row.headers for row in rows)
    assert send.left_out == {"withdrawn": 1, "no_consent": 1, "unsubscribed": 1, "suppressed": 1}
    assert not SegmentRecipient.objects.filter(email=send, queued_at__isnull=True).exists()


def test_the_task_queues_in_batches(director, people):
    segment = Segment.objects.create(name="All", created_by=director)
    send, _new = _send(director, segment)  # callbacks not run: nothing queued yet

    remaining = outreach_delivery.segment_email_deliver(send.pk, batch=2)

    assert remaining == 1
    assert OutboundEmail.objects.filter(purpose="segment_email").count() == 2


def test_who_withdrew_between_the_send_and_the_delivery_is_not_emailed(director, people):
    from candidates.models import Candidate

    segment = Segment.objects.create(name="All", created_by=director)
    send, _new = _send(director, segment)
    Candidate.objects.filter(pk=people["cal"].pk).update(activity="withdrawn")
    Candidate.objects.filter(pk=people["ben"].pk).update(consent_email=False)

    assert outreach_delivery.segment_email_deliver(send.pk) == 0

    rows = OutboundEmail.objects.filter(purpose="segment_email")
    assert list(rows.values_list("to_email", flat=True)) == ["ana@example.org"]


def test_the_author_edits_and_deletes_a_segment(client, director, people):
    segment = Segment.objects.create(name="Old", created_by=director)
    client.force_login(director)

    client.post(reverse("workplace:segment", args=[segment.pk]), {"name": "MA", "state": "MA"})
    segment.refresh_from_db()
    assert (segment.name, segment.filters) == ("MA", {"state": "MA"})
    page = client.get(reverse("workplace:segment", args=[segment.pk])).content.decode()
    assert "1 candidate" in page and "Ben Lee" in page and "Ana Ortiz" not in page
    client.post(reverse("workplace:segment_delete", args=[segment.pk]))
    assert not Segment.objects.filter(pk=segment.pk).exists()


def test_staff_text_is_never_a_template_and_spanish_readers_get_spanish(director, people):
    segment = Segment.objects.create(name="All", created_by=director)
    send, _new = _send(director, segment)
    outreach_delivery.segment_email_deliver(send.pk)

    ben = OutboundEmail.objects.get(to_email="ben@example.org")
    ana = OutboundEmail.objects.get(to_email="ana@example.org")
    assert ben.subject == "Hello Ben"
    assert "{{ user.email }} {% now 'Y' %}" in ben.body_text
    assert "{{ user.email }} {% now &#x27;Y&#x27; %}" in ben.body_html
    assert "ben@example.org" not in ben.body_text.split("unsubscribe")[0]
    assert "/journey/" in ben.body_text
    assert ana.subject == "Hola Ana"
    assert "Tu próximo paso" in ana.body_text


def test_each_send_is_audited_and_on_the_candidates_record(client, director, people):
    segment = Segment.objects.create(name="All", created_by=director)
    _send(director, segment)

    events = AuditEvent.objects.filter(action=AuditAction.SEGMENT_EMAIL)
    assert {e.person.email for e in events} == {
        "ana@example.org",
        "ben@example.org",
        "cal@example.org",
    }
    assert all(e.actor == director for e in events)
    client.force_login(director)
    page = client.get(reverse("workplace:record", args=[people["ben"].pk])).content.decode()
    assert "Emails to segments" in page and "Hello {first_name}" in page


def test_the_pages_save_preview_and_send(
    client, director, people, django_capture_on_commit_callbacks
):
    client.force_login(director)
    response = client.post(reverse("workplace:segment_new"), {"name": "New York", "state": "NY"})
    segment = Segment.objects.get()
    assert response.status_code == 302 and segment.filters == {"state": "NY"}

    url = reverse("workplace:segment_email", args=[segment.pk])
    form = {**EMAIL, "token": "abc"}
    preview = client.post(url, {**form, "action": "preview"}).content.decode()
    assert "Goes to 2 people" in preview  # Ana and Cal; Ben is in MA
    assert "Hola Ana" in preview and "Hello Cal" in preview
    assert "4 left out" in preview and "address suppressed after bounces: 1" in preview
    assert not OutboundEmail.objects.filter(purpose="segment_email").exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**form, "action": "send"})
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {**form, "action": "send"}, follow=True)
    assert "already sent" in again.content.decode()
    assert OutboundEmail.objects.filter(purpose="segment_email").count() == 2


def test_another_regions_director_can_neither_see_nor_send(
    client, director, other_director, people
):
    segment = Segment.objects.create(name="Mine", created_by=director)
    client.force_login(other_director)

    url = reverse("workplace:segment_email", args=[segment.pk])
    assert client.post(url, {**EMAIL, "token": "x", "action": "send"}).status_code == 404
    assert client.post(reverse("workplace:segment_delete", args=[segment.pk])).status_code == 404
    assert "Mine" not in client.get(reverse("workplace:segments")).content.decode()
    assert not OutboundEmail.objects.filter(purpose="segment_email").exists()
    assert Segment.objects.filter(pk=segment.pk).exists()


@pytest.mark.parametrize("count", [1, 3])
def test_the_segment_list_takes_the_same_queries(
    client, director, django_assert_num_queries, count
):
    for number in range(count):
        Segment.objects.create(name=f"S{number}", created_by=director)
    client.force_login(director)

    with django_assert_num_queries(QUERIES):
        response = client.get(reverse("workplace:segments"))

    assert response.status_code == 200


QUERIES = 3


@pytest.mark.parametrize("count", [1, 3])
def test_a_segments_page_and_its_email_page_take_the_same_queries(
    client, director, django_assert_num_queries, count
):
    from tests.factories import CandidateFactory

    for number in range(count):
        CandidateFactory(state="NY", consent_email=True, user__email=f"p{number}@example.org")
    segment = Segment.objects.create(name="NY", created_by=director, filters={"state": "NY"})
    client.force_login(director)

    with django_assert_num_queries(SEGMENT_QUERIES):
        page = client.get(reverse("workplace:segment", args=[segment.pk]))
    with django_assert_num_queries(EMAIL_QUERIES):
        email_page = client.get(reverse("workplace:segment_email", args=[segment.pk]))

    assert f"{count} candidate" in page.content.decode()
    assert f"Goes to {count} " in email_page.content.decode()


SEGMENT_QUERIES = 8
EMAIL_QUERIES = 5


def test_erasure_deletes_which_segment_emails_the_candidate_got(director, people):
    from candidates.privacy import candidate_erase

    segment = Segment.objects.create(name="All", created_by=director)
    _send(director, segment)

    candidate_erase(user=people["ben"].user)

    assert not SegmentRecipient.objects.filter(candidate__user__email="ben@example.org").exists()
    assert SegmentRecipient.objects.count() == 2
