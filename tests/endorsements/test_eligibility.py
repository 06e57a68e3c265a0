"""Endorsement eligibility: each rule with its exact message, and partner referrals."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from candidates.enums import Stage
from candidates.models import Demographics, IntroCallRegistration, StageChange
from candidates.services import candidate_move, candidate_set_activity
from endorsements.eligibility import ReasonCode, eligibility_for, partners_for
from resources.models import PartnerOrganization
from tests.factories import CandidateFactory, RaceFactory
from tests.factories.endorsements import (
    ApplicationFactory,
    CycleFactory,
    PartnerOrganizationFactory,
    make_eligible,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
# RaceFactory's election day in 2026.
ELECTION_DAY = date(2026, 11, 3)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 15, 0, tzinfo=ZoneInfo("UTC")), tick=False)


@pytest.fixture
def cycle(db):
    return CycleFactory(
        name="Spring 2026",
        opens_on=date(2026, 2, 1),
        closes_on=date(2026, 6, 30),
        election_year=2026,
    )


@pytest.fixture
def candidate(north, cycle):
    return make_eligible(CandidateFactory(state="NY"))


def messages_of(eligibility) -> dict[str, str]:
    return {reason.code: reason.message for reason in eligibility.reasons}


# --- Each rule ---------------------------------------------------------------------------


def test_eligibility_passes_a_candidate_who_meets_every_rule(candidate, cycle):
    eligibility = eligibility_for(candidate)

    assert (eligibility.eligible, eligibility.reasons) == (True, [])
    assert eligibility.cycle == cycle
    assert eligibility.race == candidate.races.get()
    assert (eligibility.age_on_election_day, eligibility.runs) == (31, 1)


def test_eligibility_outside_a_cycle_says_when_the_next_one_opens(candidate, cycle):
    cycle.delete()
    upcoming = CycleFactory(
        name="Fall 2026", opens_on=date(2026, 8, 1), closes_on=date(2026, 9, 30), election_year=2026
    )

    eligibility = eligibility_for(candidate)

    assert eligibility.next_cycle == upcoming
    assert messages_of(eligibility) == {
        ReasonCode.NO_CYCLE: "Endorsement applications are closed right now. The next round opens on August 1, 2026, "
        "and we'll email you when it does.",
    }


def test_eligibility_without_any_cycle_promises_an_email(candidate, cycle):
    cycle.delete()

    eligibility = eligibility_for(candidate)

    assert (eligibility.cycle, eligibility.next_cycle) == (None, None)
    assert messages_of(eligibility) == {
        ReasonCode.NO_CYCLE: "Endorsement applications are closed right now. We'll email you as soon as the next round opens.",
    }


def test_eligibility_for_a_given_cycle_that_has_closed_fails(candidate, cycle):
    closed = CycleFactory(
        name="Winter 2025",
        opens_on=date(2025, 11, 1),
        closes_on=date(2026, 1, 31),
        election_year=2026,
    )

    eligibility = eligibility_for(candidate, cycle=closed)

    assert eligibility.codes == [ReasonCode.NO_CYCLE]


def test_eligibility_needs_a_race(north, cycle):
    candidate = make_eligible(CandidateFactory(state="NY"))
    candidate.races.all().delete()

    assert messages_of(eligibility_for(candidate)) == {
        ReasonCode.NO_RACE: "Tell us about your race first: add the office you're running for on My journey.",
    }


def test_eligibility_needs_filing_started(candidate):
    candidate.races.update(filing_status="exploring")

    assert messages_of(eligibility_for(candidate)) == {
        ReasonCode.FILING_NOT_STARTED: "We endorse candidates once filing has started. When you start collecting "
        "signatures or file your paperwork, update your race on My journey and come back.",
    }


def test_eligibility_a_race_with_a_result_is_not_a_current_race(candidate):
    candidate.races.update(result="lost")

    eligibility = eligibility_for(candidate)

    assert eligibility.codes == [ReasonCode.NO_RACE]
    assert eligibility.runs == 2


def test_eligibility_needs_an_intro_call(candidate):
    StageChange.objects.filter(candidate=candidate, to_stage=Stage.INTRO_ATTENDED).delete()

    assert messages_of(eligibility_for(candidate)) == {
        ReasonCode.NO_INTRO_CALL: "Join one of our weekly intro calls first. It's a friendly hour with other first-time "
        "candidates, and you can pick a time that suits you.",
    }


def test_eligibility_counts_an_attended_registration_as_an_intro_call(candidate, director):
    from candidates.models import IntroCall

    StageChange.objects.filter(candidate=candidate, to_stage=Stage.INTRO_ATTENDED).delete()
    call = IntroCall.objects.create(
        region=candidate.region,
        host=director,
        starts_at=datetime(2026, 2, 3, 0, 0, tzinfo=ZoneInfo("UTC")),
        meeting_url="https://meet.example.org/intro",
    )
    IntroCallRegistration.objects.create(call=call, candidate=candidate, attended=True)

    assert eligibility_for(candidate).eligible is True


def test_eligibility_needs_a_date_of_birth(candidate):
    candidate.date_of_birth = None
    candidate.save(update_fields=["date_of_birth"])

    assert messages_of(eligibility_for(candidate)) == {
        ReasonCode.NO_BIRTH_DATE: "We don't have your date of birth yet, and we need it to check our age range. "
        "You can add it on your profile.",
    }


def test_eligibility_too_young_on_election_day(candidate):
    # 17 on election day: 18 the day after.
    candidate.date_of_birth = date(2008, 11, 4)
    candidate.save(update_fields=["date_of_birth"])

    assert messages_of(eligibility_for(candidate)) == {
        ReasonCode.TOO_YOUNG: "Our endorsement is for candidates who are at least 18 on election day (November 3, 2026). "
        "We'd love to help you get ready: our trainings and mentors are open to you now.",
    }


@pytest.mark.parametrize(
    ("born", "eligible"),
    [
        (date(1985, 11, 4), True),  # 40 on election day, 41 the day after
        (date(1985, 11, 3), False),  # 41 on election day
        (date(2008, 11, 3), True),  # 18 on election day itself
    ],
)
def test_eligibility_age_counts_on_election_day(candidate, born, eligible):
    candidate.date_of_birth = born
    candidate.save(update_fields=["date_of_birth"])

    assert eligibility_for(candidate).eligible is eligible


def test_eligibility_too_old_on_election_day(candidate):
    candidate.date_of_birth = date(1980, 1, 1)
    candidate.save(update_fields=["date_of_birth"])

    assert messages_of(eligibility_for(candidate)) == {
        ReasonCode.TOO_OLD: "Our endorsement is for candidates who are 40 or younger on election day (November 3, 2026). "
        "The organisations below support candidates of every age, and our trainings are still yours.",
    }


def test_eligibility_age_range_comes_from_settings(candidate, settings):
    settings.RFS_ENDORSEMENT_MAX_AGE = 30

    assert eligibility_for(candidate).codes == [ReasonCode.TOO_OLD]


def test_eligibility_needs_a_down_ballot_office(candidate):
    candidate.races.update(level="statewide")

    assert messages_of(eligibility_for(candidate)) == {
        ReasonCode.OFFICE_LEVEL: "We endorse down-ballot races (state legislature, county, city or town, school board, "
        "judicial, special district). For a statewide race, the organisations below are a "
        "better fit, and our trainings are still yours.",
    }


def test_eligibility_office_levels_come_from_settings(candidate, settings):
    settings.RFS_ENDORSEMENT_LEVELS = ["school_board"]

    assert eligibility_for(candidate).codes == [ReasonCode.OFFICE_LEVEL]


def test_eligibility_a_second_run_is_fine(candidate):
    candidate.run_before = "ran"
    candidate.save(update_fields=["run_before"])

    eligibility = eligibility_for(candidate)

    assert (eligibility.eligible, eligibility.runs) == (True, 2)


def test_eligibility_a_third_run_is_too_many(candidate):
    candidate.run_before = "hold"
    candidate.save(update_fields=["run_before"])
    RaceFactory(candidate=candidate, result="won", election_date=date(2024, 11, 5))

    assert messages_of(eligibility_for(candidate)) == {
        ReasonCode.TOO_MANY_RUNS: "Our endorsement is for candidates on their first or second run, and this would be "
        "run number 3 for you. The organisations below support experienced candidates too.",
    }


def test_eligibility_a_runoff_is_the_same_run(candidate):
    RaceFactory(candidate=candidate, result="runoff", election_date=date(2025, 11, 4))
    RaceFactory(candidate=candidate, result="lost", election_date=date(2024, 11, 5))
    # The current race is the latest one declared without a result.
    RaceFactory(candidate=candidate)

    assert eligibility_for(candidate).runs == 2


def test_eligibility_earlier_races_count_against_the_run_limit(candidate, settings):
    settings.RFS_ENDORSEMENT_MAX_RUN = 1
    RaceFactory(candidate=candidate, result="lost", election_date=date(2024, 11, 5))
    RaceFactory(candidate=candidate)

    assert eligibility_for(candidate).codes == [ReasonCode.TOO_MANY_RUNS]


@pytest.mark.parametrize(
    ("activity", "message"),
    [
        (
            "paused",
            "Your journey is paused. Pick up where you left off on My journey, then come back to apply.",
        ),
        (
            "withdrawn",
            "You've stepped back for now. When you're ready, tell us you're back on My journey and apply.",
        ),
    ],
)
def test_eligibility_needs_an_active_candidate(candidate, activity, message):
    candidate_set_activity(candidate=candidate, activity=activity, by=None)

    assert messages_of(eligibility_for(candidate)) == {ReasonCode.NOT_ACTIVE: message}


def test_eligibility_once_applied_in_the_cycle(candidate, cycle):
    ApplicationFactory(candidate=candidate, cycle=cycle, race=candidate.races.get(), submitted=True)

    assert messages_of(eligibility_for(candidate)) == {
        ReasonCode.ALREADY_APPLIED: "You've already applied in this round. We'll email you as soon as we've decided.",
    }


def test_eligibility_once_endorsed_in_the_cycle(candidate, cycle):
    ApplicationFactory(
        candidate=candidate, cycle=cycle, race=candidate.races.get(), status="approved"
    )

    assert messages_of(eligibility_for(candidate)) == {
        ReasonCode.ALREADY_ENDORSED: "You're already endorsed in this round. Congratulations!",
    }


@pytest.mark.parametrize("status", ["declined", "withdrawn", "draft"])
def test_eligibility_after_a_decline_or_a_draft_may_apply(candidate, cycle, status):
    ApplicationFactory(candidate=candidate, cycle=cycle, race=candidate.races.get(), status=status)

    assert eligibility_for(candidate).eligible is True


def test_eligibility_in_another_cycle_does_not_count(candidate, cycle):
    earlier = CycleFactory(
        name="2025", opens_on=date(2025, 1, 1), closes_on=date(2025, 6, 30), election_year=2025
    )
    ApplicationFactory(
        candidate=candidate, cycle=earlier, race=candidate.races.get(), status="approved"
    )

    assert eligibility_for(candidate).eligible is True


def test_eligibility_lists_every_failing_rule_at_once(north, cycle):
    candidate = CandidateFactory(state="NY", run_before="ran")
    RaceFactory(candidate=candidate, result="lost", election_date=date(2024, 11, 5))
    candidate_set_activity(candidate=candidate, activity="paused", by=None)

    eligibility = eligibility_for(candidate)

    assert eligibility.codes == [
        ReasonCode.NO_RACE,
        ReasonCode.NO_INTRO_CALL,
        ReasonCode.NO_BIRTH_DATE,
        ReasonCode.TOO_MANY_RUNS,
        ReasonCode.NOT_ACTIVE,
    ]
    assert eligibility.eligible is False


def test_eligibility_without_a_race_checks_age_on_the_cycles_election_day(north, cycle):
    candidate = make_eligible(CandidateFactory(state="NY"), date_of_birth=date(2009, 1, 1))
    candidate.races.all().delete()

    assert eligibility_for(candidate).codes == [ReasonCode.NO_RACE, ReasonCode.TOO_YOUNG]


def test_eligibility_reads_a_fixed_number_of_queries(candidate, cycle, django_assert_num_queries):
    # The open cycle, their races, then their details with intro calls and applications.
    with django_assert_num_queries(3):
        eligibility_for(candidate)
    # Given the cycle: races, then the details.
    with django_assert_num_queries(2):
        eligibility_for(candidate, cycle=cycle)


def test_eligibility_uses_the_moved_stage_history(north, cycle):
    """An intro call attended by someone already running is an event in their history: it counts."""
    candidate = CandidateFactory(state="NY", date_of_birth=date(1995, 5, 1))
    RaceFactory(candidate=candidate)
    candidate_move(candidate=candidate, to_stage=Stage.RUNNING, by=None)
    candidate_move(candidate=candidate, to_stage=Stage.INTRO_ATTENDED, by=None)

    assert eligibility_for(candidate).eligible is True


# --- Partner referrals ------------------------------------------------------------------------


def slugs(partners) -> list[str]:
    return [partner.slug for partner in partners]


def demographics(candidate, **answers) -> None:
    Demographics.objects.create(candidate=candidate, **answers)


def too_old(candidate):
    candidate.date_of_birth = date(1970, 1, 1)
    candidate.save(update_fields=["date_of_birth"])
    return eligibility_for(candidate).reasons


def test_partners_seeded_with_the_national_groups_the_seeds_name(db):
    seeded = set(
        PartnerOrganization.objects.filter(scope="national").values_list("slug", flat=True)
    )

    assert {
        "emerge",
        "she-should-run",
        "emilys-list",
        "higher-heights",
        "victory-institute",
        "veterans-campaign",
        "new-american-leaders",
        "ndtc",
        "wellstone",
        "latino-victory",
    } <= seeded
    assert all(
        partner.focus and partner.focus_text and partner.url.startswith("https://")
        for partner in PartnerOrganization.objects.all()
    )


def test_partners_for_everyone_are_the_training_groups(candidate):
    assert slugs(partners_for(candidate, too_old(candidate))) == [
        "ndtc",
        "our-revolution",
        "pccc",
        "run-for-office",
        "wellstone",
    ]


def test_partners_for_a_black_woman_put_her_groups_first(candidate):
    demographics(candidate, gender="woman", race_ethnicity=["black"])

    partners = slugs(partners_for(candidate, too_old(candidate)))

    assert partners[:4] == ["emerge", "emilys-list", "higher-heights", "she-should-run"]
    assert "ndtc" in partners
    assert "veterans-campaign" not in partners


@pytest.mark.parametrize(
    ("answers", "slug"),
    [
        ({"lgbtq": "yes"}, "victory-institute"),
        ({"veteran": "yes"}, "veterans-campaign"),
        ({"generation": "first"}, "new-american-leaders"),
        ({"generation": "second"}, "new-american-leaders"),
        ({"race_ethnicity": ["latino"]}, "latino-victory"),
    ],
)
def test_partners_match_what_a_candidate_told_us(candidate, answers, slug):
    demographics(candidate, **answers)

    assert slugs(partners_for(candidate, too_old(candidate)))[0] == slug


def test_partners_prefer_not_to_say_gets_only_the_general_groups(candidate):
    demographics(
        candidate,
        gender="no_answer",
        lgbtq="no_answer",
        veteran="no_answer",
        generation="no_answer",
    )

    assert slugs(partners_for(candidate, too_old(candidate))) == [
        "ndtc",
        "our-revolution",
        "pccc",
        "run-for-office",
        "wellstone",
    ]


def test_partners_for_a_statewide_race_add_statewide_groups(candidate):
    candidate.races.update(level="statewide")
    demographics(candidate, gender="man")

    partners = slugs(partners_for(candidate, eligibility_for(candidate).reasons))

    # PCCC is statewide and training; EMILY's List is for women only.
    assert partners[0] == "pccc"
    assert "emilys-list" not in partners


def test_partners_for_a_native_candidate_put_wellstone_first(candidate):
    demographics(candidate, race_ethnicity=["american_indian"])

    assert slugs(partners_for(candidate, too_old(candidate)))[0] == "wellstone"


def test_partners_for_a_woman_in_a_statewide_race_include_emilys_list(candidate):
    candidate.races.update(level="statewide")
    demographics(candidate, gender="woman")

    partners = slugs(partners_for(candidate, eligibility_for(candidate).reasons))

    assert partners[:3] == ["emilys-list", "emerge", "she-should-run"]


def test_partners_listing_the_candidates_state_and_not_others(candidate):
    here = PartnerOrganizationFactory(
        name="New York Runs", slug="ny-runs", scope="state", states=["NY"], focus=["state_local"]
    )
    PartnerOrganizationFactory(
        name="California Runs", slug="ca-runs", scope="state", states=["CA"], focus=["state_local"]
    )
    PartnerOrganizationFactory(name="Gone", slug="gone", active=False)

    partners = partners_for(candidate, too_old(candidate))

    assert here in partners
    assert {"ca-runs", "gone"}.isdisjoint(slugs(partners))


def test_partners_none_for_an_eligible_candidate_or_one_who_already_applied(candidate, cycle):
    assert partners_for(candidate, eligibility_for(candidate).reasons) == []
    ApplicationFactory(candidate=candidate, cycle=cycle, race=candidate.races.get(), submitted=True)
    assert partners_for(candidate, eligibility_for(candidate).reasons) == []


def test_partners_read_a_fixed_number_of_queries(candidate, django_assert_num_queries):
    reasons = too_old(candidate)
    PartnerOrganizationFactory.create_batch(3)

    # Their demographics, the directory.
    with django_assert_num_queries(2):
        partners_for(candidate, reasons)
