"""Races, endorsement applications and mentorship questions."""

from __future__ import annotations

from datetime import datetime, timedelta

from candidates.enums import FilingStatus, OfficeLevel, RaceResult, Stage
from candidates.models import Race
from endorsements import bulk as endorsement_rows
from endorsements.enums import ApplicationEventKind, ApplicationStatus, ApplicationStep
from endorsements.models import Application, ApplicationEvent, Endorsement
from mentorship.enums import PostKind, QuestionStatus
from mentorship.models import Post, Question, QuestionNotification

from .data import AP, QUESTION_STATUSES, QUESTION_TITLES, RU, SENTENCES, TYPICAL_OFFICES
from .people import Staffing


class CampaignRows:
    """The generator's part for running, applying and asking (see ``Generator``)."""

    def race(
        self, candidate_id: int, user_id: int, state: str, place: dict, stage: str, times: dict
    ) -> tuple[int, dict]:
        """The race they run in: its id, and its row (the endorsement copies it)."""
        rng = self.rng
        office, level = rng.choice(TYPICAL_OFFICES)
        if stage in (Stage.WON, Stage.LOST):
            election = (times[stage] - timedelta(hours=12)).date()
            election = max((d for d in self.past_elections if d <= election), default=election)
            result = RaceResult.WON if stage == Stage.WON else RaceResult.LOST
            recorded = times[stage]
            filing = FilingStatus.ON_BALLOT
        else:
            election = rng.choice(self.next_elections)
            result, recorded = "", None
            filing = rng.choice(
                [FilingStatus.COLLECTING, FilingStatus.FILED, FilingStatus.ON_BALLOT]
            )
        jurisdiction = (
            place["county"]
            if level in (OfficeLevel.COUNTY, OfficeLevel.JUDICIAL)
            else place["city"]
        )
        row = {
            "candidate_id": candidate_id,
            "office_id": None,
            "office_name": office,
            "level": level,
            "jurisdiction_name": jurisdiction or place["city"],
            "district": str(rng.randint(1, 40)) if rng.random() < 0.4 else "",
            "state": state,
            "election_date": election,
            "filing_deadline": election - timedelta(days=rng.randint(60, 150)),
            "filing_status": filing,
            "result": result,
            "result_recorded_at": recorded,
            "result_recorded_by_id": user_id if recorded else None,
            "created_at": times[RU],
        }
        race = dict(row)
        return self.w.add(Race, row), race

    def application(
        self,
        candidate_id: int,
        region_id: int,
        race_id: int | None,
        race: dict | None,
        stage: str,
        path: list[str],
        times: dict,
        people: Staffing,
        first: str,
        last: str,
        state: str,
        place: dict,
    ) -> dict[str, int]:
        """An application (submitted, approved or declined), its events and any endorsement;
        returns who recorded the decision."""
        rng = self.rng
        submitted = times[AP]
        if stage in (Stage.WON, Stage.LOST):
            cycle_id = people.cycles.get(
                times[stage].year - (1 if times[stage].month < 3 else 0), people.cycles[0]
            )
        else:
            cycle_id = people.cycles[0]
        decided_step = next((s for s in path if s in (Stage.ENDORSED, Stage.NOT_ENDORSED)), None)
        status = {
            Stage.ENDORSED: ApplicationStatus.APPROVED,
            Stage.NOT_ENDORSED: ApplicationStatus.DECLINED,
        }.get(decided_step, ApplicationStatus.SUBMITTED)
        decider = rng.choice(people.staff)
        decided_at = times[decided_step] if decided_step else None
        application_id = self.w.add(
            Application,
            candidate_id=candidate_id,
            cycle_id=cycle_id,
            previous_id=None,
            race_id=race_id,
            region_id=region_id,
            status=status,
            step=ApplicationStep.REVIEW,
            district_description="A mixed district of renters and homeowners.",
            seats=1,
            budget=rng.choice([5000, 15000, 40000, 120000]),
            raised_so_far=rng.choice([0, 500, 3000, 12000]),
            team="My neighbor is my treasurer; ten volunteers so far.",
            win_number=rng.randint(800, 20000),
            path_to_victory=rng.choice(SENTENCES),
            answers={"why": rng.choice(SENTENCES)},
            website="https://example.org",
            list_publicly=True,
            submitted_at=submitted,
            decision_due_on=(submitted + timedelta(days=30)).date(),
            decided_at=decided_at,
            decided_by_id=decider if decided_at else None,
            decision_reason=""
            if status != ApplicationStatus.DECLINED
            else "The race is outside our focus this cycle.",
            created_at=submitted - timedelta(days=3),
            updated_at=decided_at or submitted,
        )
        self.w.add(
            ApplicationEvent,
            application_id=application_id,
            kind=ApplicationEventKind.SUBMITTED,
            by_id=None,
            at=submitted,
            note="",
        )
        if decided_at:
            self.w.add(
                ApplicationEvent,
                application_id=application_id,
                kind=ApplicationEventKind.DECIDED,
                by_id=decider,
                at=decided_at,
                note="",
            )
        if status == ApplicationStatus.APPROVED:
            self.w.add(
                Endorsement,
                endorsement_rows.endorsement_row(
                    application_id=application_id,
                    candidate_id=candidate_id,
                    race_id=race_id,
                    race=race,
                    display_name=f"{first} {last}",
                    number=application_id,
                    listed=True,
                    website="https://example.org",
                    donation_url="",
                    photo="",
                    bio="",
                    endorsed_at=decided_at,
                    updated_at=decided_at,
                ),
            )
        return {decided_step: decider} if decided_step else {}

    # --- Mentorship -----------------------------------------------------------------------

    def question(
        self, candidate_id: int, region_id: int, state: str, created: datetime, people: Staffing
    ) -> None:
        rng, now = self.rng, self.now
        area_id = rng.choice(people.areas)
        mentors = people.mentors_by_area.get(area_id) or sorted(people.mentor_user)
        asked = created + (now - created) * rng.random()
        status = rng.choices(QUESTION_STATUSES, weights=[12, 8, 25, 50, 5])[0]
        owner = (
            rng.choice(mentors)
            if status in (QuestionStatus.CLAIMED, QuestionStatus.ANSWERED, QuestionStatus.RESOLVED)
            else None
        )
        claimed = asked + timedelta(hours=rng.uniform(1, 40)) if owner else None
        answered = (
            claimed + timedelta(hours=rng.uniform(1, 24))
            if status in (QuestionStatus.ANSWERED, QuestionStatus.RESOLVED)
            else None
        )
        resolved = (
            answered + timedelta(days=rng.uniform(1, 5))
            if status == QuestionStatus.RESOLVED
            else None
        )
        question_id = self.w.add(
            Question,
            candidate_id=candidate_id,
            area_id=area_id,
            title=rng.choice(QUESTION_TITLES),
            details=rng.choice(SENTENCES),
            private=rng.random() < 0.1,
            status=status,
            region_id=region_id,
            state=state,
            owner_id=owner,
            claimed_at=claimed,
            first_answered_at=answered,
            resolved_at=resolved,
            escalated_at=None,
            rating=rng.randint(3, 5) if resolved else None,
            created_at=asked,
            updated_at=resolved or answered or claimed or asked,
        )
        for mentor_id in rng.sample(mentors, min(3, len(mentors))):
            self.w.add(
                QuestionNotification,
                question_id=question_id,
                mentor_id=mentor_id,
                round=1,
                notified_at=asked,
            )
        if answered:
            self.w.add(
                Post,
                question_id=question_id,
                author_id=people.mentor_user[owner],
                kind=PostKind.ANSWER,
                body=rng.choice(SENTENCES),
                created_at=answered,
            )
