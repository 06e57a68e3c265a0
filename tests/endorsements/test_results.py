"""Election results and alumni: reporting a result (the candidate's page and the
service), the winners' invitation to mentor, and the daily requests for results."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from candidates.models import StageChange
from candidates.services import candidate_move, candidate_set_activity
from endorsements.services.results import ResultError, result_report, result_requests_send
from endorsements.tasks import result_requests_task
from rfs.enums import Role
from rfs.models import OutboundEmail
from rfs.services import user_set_roles
from tests.factories import CandidateFactory, RaceFactory
from tests.factories.endorsements import ApplicationFactory, EndorsementFactory

pytestmark = pytest.mark.django_db

ELECTION_DAY = date(2030, 11, 5)
RESULT_URL = reverse("endorsements:result_report")


def endorsed_candidate(candidate=None, *, election_date=ELECTION_DAY):
    """A candidate at ``endorsed`` with an approved application for a race on ``election_date``."""
    candidate = candidate or CandidateFactory()
    race = RaceFactory(candidate=candidate, election_date=election_date)
    for stage in ("running", "applied", "endorsed"):
        candidate_move(candidate=candidate, to_stage=stage, by=None)
    EndorsementFactory(
        application=ApplicationFactory(candidate=candidate, race=race, status="approved")
    )
    return candidate, race


def emails(purpose: str) -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(purpose=purpose).order_by("pk"))


# --- Reporting a result ------------------------------------------------------------------------


def test_result_report_won_moves_the_candidate_to_won(staff):
    candidate, race = endorsed_candidate()

    result_report(race=race, result="won", by=staff)

    candidate.refresh_from_db()
    race.refresh_from_db()
    assert candidate.stage == "won"
    assert race.result == "won"
    assert race.result_recorded_by == staff
    assert race.result_recorded_at is not None
    last = StageChange.objects.filter(candidate=candidate).order_by("-pk").first()
    assert (last.from_stage, last.to_stage, last.by) == ("endorsed", "won", staff)


def test_result_report_lost_moves_the_candidate_to_lost():
    candidate, race = endorsed_candidate()

    result_report(race=race, result="lost", by=candidate.user)

    candidate.refresh_from_db()
    assert candidate.stage == "lost"
    assert [email.subject for email in emails("result_thanks")] == ["Thank you for running"]
    assert reverse("candidates:race_declare") in emails("result_thanks")[0].body_text
    assert emails("alumni_mentor_invite") == []


@pytest.mark.parametrize("result", ["runoff", "withdrew"])
def test_result_report_runoff_or_withdrawal_keeps_the_stage(result):
    candidate, race = endorsed_candidate()

    result_report(race=race, result=result, by=candidate.user)

    candidate.refresh_from_db()
    race.refresh_from_db()
    assert candidate.stage == "endorsed"
    assert race.result == result


def test_result_report_after_a_runoff_records_the_final_result():
    candidate, race = endorsed_candidate()
    result_report(race=race, result="runoff", by=candidate.user)

    result_report(race=race, result="won", by=candidate.user)

    candidate.refresh_from_db()
    assert candidate.stage == "won"
    assert [email.subject for email in emails("result_thanks")] == [
        "On to the runoff!",
        "Congratulations on your win!",
    ]


def test_result_report_invites_a_winner_to_mentor(django_capture_on_commit_callbacks, mailoutbox):
    candidate, race = endorsed_candidate()

    with django_capture_on_commit_callbacks(execute=True):
        result_report(race=race, result="won", by=candidate.user)

    [invite] = emails("alumni_mentor_invite")
    assert invite.recipient == candidate.user
    assert reverse("mentorship:mentor_apply") in invite.body_text
    assert invite.headers["List-Unsubscribe"]
    assert sorted(message.subject for message in mailoutbox) == [
        "Congratulations on your win!",
        "You won. Will you help the next first-time candidate?",
    ]


def test_result_report_invites_an_alumna_to_mentor_once():
    candidate, race = endorsed_candidate()
    result_report(race=race, result="won", by=candidate.user)
    result_report(race=race, result="won", by=candidate.user)
    # Running again, and winning again.
    candidate_move(candidate=candidate, to_stage="running", by=None)
    second = RaceFactory(candidate=candidate, election_date=date(2032, 11, 2))

    result_report(race=second, result="won", by=candidate.user)

    assert len(emails("alumni_mentor_invite")) == 1
    assert len(emails("result_thanks")) == 2


def test_result_report_does_not_invite_someone_who_already_mentors():
    candidate, race = endorsed_candidate()
    user_set_roles(user=candidate.user, roles={Role.CANDIDATE, Role.MENTOR})

    result_report(race=race, result="won", by=candidate.user)

    assert emails("alumni_mentor_invite") == []


def test_result_report_refuses_to_change_a_final_result():
    candidate, race = endorsed_candidate()
    result_report(race=race, result="lost", by=candidate.user)

    with pytest.raises(ResultError, match="already recorded as “Lost”"):
        result_report(race=race, result="won", by=candidate.user)

    race.refresh_from_db()
    assert race.result == "lost"


def test_result_report_refuses_a_move_the_pipeline_does_not_allow():
    # Still waiting for the endorsement decision: applied may not move to won.
    candidate = CandidateFactory()
    race = RaceFactory(candidate=candidate)
    for stage in ("running", "applied"):
        candidate_move(candidate=candidate, to_stage=stage, by=None)

    with pytest.raises(ResultError, match="our team will record it with you"):
        result_report(race=race, result="won", by=candidate.user)

    race.refresh_from_db()
    candidate.refresh_from_db()
    assert (race.result, race.result_recorded_at, candidate.stage) == ("", None, "applied")
    assert emails("result_thanks") == []


# --- The candidate's result page ---------------------------------------------------------------------


def test_result_page_asks_about_the_current_race(client, candidate_user):
    endorsed_candidate(candidate_user.candidate)
    client.force_login(candidate_user)

    html = client.get(RESULT_URL).content.decode()

    assert "City Council, Ward 3" in html
    assert 'value="won"' in html
    assert 'value="withdrew"' in html


def test_result_page_after_a_win_invites_to_mentor(client, candidate_user):
    endorsed_candidate(candidate_user.candidate)
    client.force_login(candidate_user)

    response = client.post(RESULT_URL, {"result": "won"}, follow=True)

    html = response.content.decode()
    assert "Congratulations, you won!" in html
    assert reverse("mentorship:mentor_apply") in html
    candidate_user.candidate.refresh_from_db()
    assert candidate_user.candidate.stage == "won"


def test_result_page_after_a_loss_is_kind_and_asks_about_running_again(client, candidate_user):
    endorsed_candidate(candidate_user.candidate)
    client.force_login(candidate_user)

    response = client.post(RESULT_URL, {"result": "lost"}, follow=True)

    html = response.content.decode()
    assert "Thank you for running" in html
    assert "Thinking about running again?" in html
    assert reverse("candidates:race_declare") in html


def test_result_page_after_a_runoff_asks_for_the_final_result(client, candidate_user):
    endorsed_candidate(candidate_user.candidate)
    client.force_login(candidate_user)

    response = client.post(RESULT_URL, {"result": "runoff"}, follow=True)

    html = response.content.decode()
    assert "On to the runoff!" in html
    assert 'value="won"' in html


def test_result_page_without_a_choice_shows_the_error_on_the_field(client, candidate_user):
    endorsed_candidate(candidate_user.candidate)
    client.force_login(candidate_user)

    response = client.post(RESULT_URL, {})

    assert response.status_code == 200
    assert response.context["form"].errors["result"]


def test_result_page_shows_a_refusal_on_the_field(client, candidate_user):
    candidate = candidate_user.candidate
    RaceFactory(candidate=candidate)
    for stage in ("running", "applied"):
        candidate_move(candidate=candidate, to_stage=stage, by=None)
    client.force_login(candidate_user)

    response = client.post(RESULT_URL, {"result": "lost"})

    assert response.status_code == 200
    assert "our team will record it with you" in response.context["form"].errors["result"][0]


def test_result_page_without_a_race_says_so(client, candidate_user):
    client.force_login(candidate_user)

    html = client.get(RESULT_URL).content.decode()

    assert "There's no race waiting for a result." in html


# --- Asking for results ----------------------------------------------------------------------------------


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 16, 0)


def test_result_requests_send_nothing_before_election_day_is_over(time_machine):
    endorsed_candidate()
    time_machine.move_to(at(ELECTION_DAY))

    assert result_requests_send() == 0


def test_result_requests_send_once_per_round(time_machine):
    candidate, _race = endorsed_candidate()

    time_machine.move_to(at(ELECTION_DAY + timedelta(days=1)))
    assert result_requests_send() == 1
    assert result_requests_send() == 0
    time_machine.move_to(at(ELECTION_DAY + timedelta(days=2)))
    assert result_requests_send() == 0
    time_machine.move_to(at(ELECTION_DAY + timedelta(days=8)))
    assert result_requests_send() == 1
    assert result_requests_send() == 0

    sent = emails("result_request")
    assert [(email.recipient, email.subject) for email in sent] == [
        (candidate.user, "Election day is over: how did it go?"),
        (candidate.user, "How did your election go? We'd love to know"),
    ]
    assert reverse("endorsements:result_report") in sent[0].body_text


def test_result_requests_send_no_reminder_once_reported(time_machine):
    candidate, race = endorsed_candidate()
    time_machine.move_to(at(ELECTION_DAY + timedelta(days=1)))
    result_requests_send()
    result_report(race=race, result="won", by=candidate.user)

    time_machine.move_to(at(ELECTION_DAY + timedelta(days=8)))

    assert result_requests_send() == 0


def test_result_requests_send_catches_up_a_missed_day(time_machine):
    endorsed_candidate()

    time_machine.move_to(at(ELECTION_DAY + timedelta(days=3)))

    assert result_requests_send() == 1


def test_result_requests_send_asks_applicants_too(time_machine):
    candidate = CandidateFactory()
    race = RaceFactory(candidate=candidate, election_date=ELECTION_DAY)
    ApplicationFactory(candidate=candidate, race=race, submitted=True)

    time_machine.move_to(at(ELECTION_DAY + timedelta(days=1)))

    assert result_requests_send() == 1


def test_result_requests_send_skips_races_we_were_not_asked_about(time_machine):
    # A race with only a draft application, and one with none.
    drafted = CandidateFactory()
    ApplicationFactory(
        candidate=drafted, race=RaceFactory(candidate=drafted, election_date=ELECTION_DAY)
    )
    RaceFactory(election_date=ELECTION_DAY)

    time_machine.move_to(at(ELECTION_DAY + timedelta(days=1)))

    assert result_requests_send() == 0


def test_result_requests_send_skips_a_withdrawn_candidate(time_machine):
    candidate, _race = endorsed_candidate()
    candidate_set_activity(candidate=candidate, activity="withdrawn", by=candidate.user)

    time_machine.move_to(at(ELECTION_DAY + timedelta(days=1)))

    assert result_requests_send() == 0


def test_result_requests_task_calls_the_service(time_machine):
    endorsed_candidate()
    time_machine.move_to(at(ELECTION_DAY + timedelta(days=1)))

    assert result_requests_task() == 1


# --- Staff, in the admin -----------------------------------------------------------------------------------


class RecordingAdmin:
    """Stands in for the Endorsement admin: keeps the messages the action sends."""

    def __init__(self):
        self.messages = []

    def message_user(self, request, message, level):
        self.messages.append(str(message))


def test_admin_action_records_results_through_the_service(rf, staff):
    from endorsements.admin.results import record_result_lost
    from endorsements.models import Endorsement

    first, _race = endorsed_candidate()
    second, second_race = endorsed_candidate()
    result_report(race=second_race, result="won", by=second.user)
    request = rf.post("/admin/")
    request.user = staff
    modeladmin = RecordingAdmin()

    record_result_lost(modeladmin, request, Endorsement.objects.all())

    first.refresh_from_db()
    assert first.stage == "lost"
    assert modeladmin.messages[0] == "Recorded “Lost” for 1 candidate."
    assert "already recorded as “Won”" in modeladmin.messages[1]
