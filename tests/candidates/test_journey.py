"""My journey: the candidate's home, their profile, their race."""

import zoneinfo
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from candidates import services
from candidates.enums import Activity, Stage
from candidates.models import Candidate, Demographics, Race
from rfs.emails import RenderedEmail
from rfs.enums import EmailStatus
from rfs.models import OutboundEmail
from rfs.services import email_queue, email_send

pytestmark = pytest.mark.django_db


def race_data(**overrides) -> dict:
    election = timezone.localdate() + timedelta(days=200)
    return {
        "office_name": "City Council",
        "level": "municipal",
        "jurisdiction_name": "New York",
        "district": "District 3",
        "state": "NY",
        "election_date": election.isoformat(),
        "filing_deadline": (election - timedelta(days=100)).isoformat(),
        "filing_status": "collecting_signatures",
        **overrides,
    }


def test_journey_names_the_intro_call_as_the_next_step(client, candidate_user):
    client.force_login(candidate_user)

    response = client.get(reverse("candidates:journey"))

    body = response.content.decode()
    assert response.context["step"].title == "Join an intro call"
    assert "We&#x27;ll email you soon" in body or "We'll email you soon" in body
    assert "Signed up" in body


def test_home_sends_a_candidate_to_their_journey(client, candidate_user):
    client.force_login(candidate_user)

    assert client.get(reverse("home"))["Location"] == reverse("candidates:journey")


def test_journey_lists_the_emails_we_sent(client, candidate_user):
    email = email_queue(
        purpose="welcome",
        to_email=candidate_user.email,
        recipient=candidate_user,
        content=RenderedEmail("Welcome aboard", "Hi", ""),
    )
    email_send(email_id=email.pk)
    client.force_login(candidate_user)

    assert "Welcome aboard" in client.get(reverse("candidates:journey")).content.decode()


def test_journey_does_not_show_demographics(client, candidate_user):
    Demographics.objects.create(
        candidate=candidate_user.candidate, gender="self", gender_self_description="Two-spirit"
    )
    client.force_login(candidate_user)

    assert "Two-spirit" not in client.get(reverse("candidates:journey")).content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_journey_queries_do_not_grow_with_history(
    client, candidate_user, count, django_assert_num_queries
):
    candidate = candidate_user.candidate
    for _ in range(count):
        services.candidate_set_activity(
            candidate=candidate, activity=Activity.PAUSED, by=candidate_user
        )
        services.candidate_set_activity(
            candidate=candidate, activity=Activity.ACTIVE, by=candidate_user
        )
        email = email_queue(
            purpose="note",
            to_email=candidate_user.email,
            recipient=candidate_user,
            content=RenderedEmail("Hello", "Hi", ""),
            occurrence=str(_),
        )
        email_send(email_id=email.pk)
        Race.objects.create(
            candidate=candidate,
            office_name="Council",
            level="municipal",
            jurisdiction_name="NYC",
            state="NY",
            election_date="2027-11-02",
            filing_status="exploring",
            result="lost",
        )
    client.force_login(candidate_user)

    # user with roles (two-factor check; the session itself comes from the cache), the candidate with region, history,
    # races, offices of interest, sent emails, intro call places, resources sent (with
    # the resource), the open 1:1 call (with its screener), whether they were marked
    # present at an intro call not yet held (asked only while signed up, for the next
    # step and so "no calls" doesn't invite a second intro call); endorsements: nothing before
    # running; mentorship: questions, active matches (2); resources: their own rows
    # (demographics, directory entry, race level, bookmarks count) and their course
    # progress (2), plus the published courses and the channels, read once into the
    # cache (2; the cache starts empty in each test, and the next view reads neither);
    # whether email to their address bounced (rfs, 1).
    with django_assert_num_queries(17):
        response = client.get(reverse("candidates:journey"))

    assert len(response.context["journey"].history) == 2 * count


def test_journey_reads_courses_and_channels_from_the_cache_after_the_first_view(
    client, candidate_user, django_assert_num_queries
):
    client.force_login(candidate_user)
    client.get(reverse("candidates:journey"))

    # The 17 of the first view but the published courses and the channels.
    with django_assert_num_queries(15):
        client.get(reverse("candidates:journey"))


def test_pause_and_come_back(client, candidate_user):
    client.force_login(candidate_user)

    client.post(reverse("candidates:activity"), {"activity": "paused"})
    candidate_user.candidate.refresh_from_db()
    assert candidate_user.candidate.activity == Activity.PAUSED
    assert "Welcome back whenever" in client.get(reverse("candidates:journey")).content.decode()

    client.post(reverse("candidates:activity"), {"activity": "active"})
    candidate_user.candidate.refresh_from_db()
    assert candidate_user.candidate.activity == Activity.ACTIVE


def test_an_unknown_activity_changes_nothing(client, candidate_user):
    client.force_login(candidate_user)

    client.post(reverse("candidates:activity"), {"activity": "gone"})

    candidate_user.candidate.refresh_from_db()
    assert candidate_user.candidate.activity == Activity.ACTIVE


def test_changing_zip_moves_them_to_the_right_region(client, candidate_user, west):
    client.force_login(candidate_user)

    response = client.post(
        reverse("candidates:profile"),
        {"phone": "+12125550123", "zip_code": "94110", "when_might_run": "later"},
    )

    assert response.status_code == 302
    candidate = Candidate.objects.get(pk=candidate_user.candidate.pk)
    assert (candidate.state, candidate.city, candidate.region) == ("CA", "San Francisco", west)
    assert candidate.user.time_zone == "America/Los_Angeles"


def test_profile_bad_zip_keeps_what_was_typed(client, candidate_user):
    client.force_login(candidate_user)

    response = client.post(
        reverse("candidates:profile"),
        {"phone": "+12125550123", "zip_code": "9411", "when_might_run": "later"},
    )

    assert "A ZIP code has 5 digits" in response.content.decode()
    assert 'value="9411"' in response.content.decode()


def test_declaring_a_race_with_filing_started_moves_them_to_running(client, candidate_user):
    client.force_login(candidate_user)

    response = client.post(reverse("candidates:race_declare"), race_data())

    assert response.status_code == 302
    candidate = Candidate.objects.get(pk=candidate_user.candidate.pk)
    assert candidate.stage == Stage.RUNNING
    assert candidate.races.get().office_name == "City Council"


def test_declaring_an_exploratory_race_keeps_the_stage(client, candidate_user):
    client.force_login(candidate_user)

    client.post(reverse("candidates:race_declare"), race_data(filing_status="exploring"))

    assert Candidate.objects.get(pk=candidate_user.candidate.pk).stage == Stage.SIGNED_UP


def test_declaring_the_same_race_twice_keeps_one(client, candidate_user):
    client.force_login(candidate_user)

    client.post(reverse("candidates:race_declare"), race_data(filing_status="exploring"))
    client.post(reverse("candidates:race_declare"), race_data(filing_status="filed"))

    race = Race.objects.get()
    assert race.filing_status == "filed"
    assert Candidate.objects.get(pk=candidate_user.candidate.pk).stage == Stage.RUNNING


def test_race_form_errors_keep_what_was_typed(client, candidate_user):
    client.force_login(candidate_user)
    past = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = client.post(reverse("candidates:race_declare"), race_data(election_date=past))

    assert "Election day should be in the future." in response.content.decode()
    assert 'value="City Council"' in response.content.decode()
    assert not Race.objects.exists()


def test_race_form_refuses_a_filing_deadline_years_before_election_day(client, candidate_user):
    client.force_login(candidate_user)

    response = client.post(
        reverse("candidates:race_declare"), race_data(filing_deadline="1890-08-10")
    )

    assert "more than two years before election day" in response.content.decode()
    assert 'value="1890-08-10"' in response.content.decode()
    assert not Race.objects.exists()


def test_filing_deadline_reminders_wait_in_the_outbox_until_due(
    client, candidate_user, django_capture_on_commit_callbacks
):
    client.force_login(candidate_user)
    deadline = timezone.localdate() + timedelta(days=10)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("candidates:race_declare"), race_data(filing_deadline=deadline.isoformat())
        )

    reminders = OutboundEmail.objects.filter(purpose="filing_reminder").order_by("next_attempt_at")
    # 30 days before has passed already; 7 and 1 days before are scheduled, not sent.
    assert reminders.count() == 2
    assert all(
        r.status == EmailStatus.QUEUED and r.next_attempt_at > timezone.now() for r in reminders
    )
    assert [m for m in mail.outbox if "filing deadline" in m.subject] == []
    assert reminders.first().subject == "Action needed: your filing deadline is in 7 days"


def test_journey_counts_down_to_the_filing_deadline(client, candidate_user):
    client.force_login(candidate_user)
    # Days count in the candidate's own zone, which is not UTC's date for part of the day.
    their_today = timezone.localdate(
        timezone=zoneinfo.ZoneInfo(candidate_user.time_zone or settings.RFS_DEFAULT_USER_TIME_ZONE)
    )
    client.post(
        reverse("candidates:race_declare"),
        race_data(filing_deadline=(their_today + timedelta(days=12)).isoformat()),
    )

    assert (
        "Filing deadline: 12 days to go"
        in client.get(reverse("candidates:journey")).content.decode()
    )


def test_after_a_result_they_can_run_again(candidate_user):
    candidate = candidate_user.candidate
    race = services.race_declare(
        candidate=candidate,
        by=candidate_user,
        **{
            **race_data(),
            "election_date": timezone.localdate() + timedelta(days=30),
            "filing_deadline": None,
        },
    )
    services.race_record_result(race=race, result="lost", by=candidate_user)
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.LOST

    services.race_declare(
        candidate=candidate,
        by=candidate_user,
        **{
            **race_data(),
            "office_name": "State House",
            "election_date": timezone.localdate() + timedelta(days=700),
            "filing_deadline": None,
        },
    )

    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.RUNNING


def test_a_race_can_start_from_an_imported_office_they_picked(client, candidate_user):
    from candidates.models import Election, Jurisdiction, Office, OfficeInterest

    city = Jurisdiction.objects.create(
        name="Saint Paul",
        kind="municipality",
        state="MN",
        county="Ramsey County",
        city="Saint Paul",
    )
    office = Office.objects.create(
        jurisdiction=city, name="City Council", level="municipal", district="Ward 2"
    )
    election_day = timezone.localdate() + timedelta(days=300)
    Election.objects.create(
        office=office, date=election_day, filing_deadline=election_day - timedelta(days=90)
    )
    interest = OfficeInterest.objects.create(
        candidate=candidate_user.candidate,
        office=office,
        label="Saint Paul City Council, Ward 2",
        level="municipal",
        state="MN",
    )
    client.force_login(candidate_user)

    form = client.get(reverse("candidates:race_declare"), {"interest": interest.pk}).context["form"]
    assert (
        form.initial["office_name"],
        form.initial["district"],
        form.initial["election_date"],
    ) == ("City Council", "Ward 2", election_day)

    data = race_data(
        office_name="City Council",
        district="Ward 2",
        jurisdiction_name="Saint Paul",
        state="MN",
        election_date=election_day.isoformat(),
        filing_deadline="",
        interest=interest.pk,
    )
    client.post(reverse("candidates:race_declare"), data)

    assert Race.objects.get().office == office
