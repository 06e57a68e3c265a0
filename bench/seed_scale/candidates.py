"""A candidate and everything their history left behind."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from allauth.account.models import EmailAddress

from candidates import bulk as candidate_rows
from candidates.enums import ChangeKind, Gender, RunBefore, Stage, YesNo
from candidates.models import Candidate, Demographics, OfficeInterest, StageChange
from rfs import bulk
from rfs.enums import EmailStatus, Role
from rfs.models import OutboundEmail, User

from .calls import CallRows
from .campaigns import CampaignRows
from .data import (
    AP,
    EMAIL_DOMAIN,
    ENDORSED_SHARE,
    FIRST_NAMES,
    GENERATION,
    HEARD_FROM,
    IA,
    LAST_NAMES,
    PATHS,
    RACE_ETHNICITY,
    RU,
    SC,
    SOURCES,
    TYPICAL_OFFICES,
    WHEN_MIGHT_RUN,
    tuesday_call_at_or_before,
)
from .people import PeopleRows, Places, Staffing


class Generator(CallRows, CampaignRows, PeopleRows):
    """Builds every row. All randomness comes from one ``random.Random(seed)``."""

    def candidate(self, places: Places, people: Staffing) -> str:
        """One candidate and everything their history left behind; returns their stage."""
        rng, now = self.rng, self.now
        self.counter += 1
        n = self.counter
        stage = rng.choices(self.stages, cum_weights=self.stage_cumulative)[0]
        path = list(PATHS[stage])
        if stage in ENDORSED_SHARE and rng.random() >= ENDORSED_SHARE[stage]:
            path = [IA, SC, RU, stage]  # ran without applying for an endorsement
        state = rng.choices(places.states, cum_weights=places.cumulative)[0]
        place = rng.choice(places.by_state[state])
        region_id = places.region_of[state]
        times = self.timeline(stage, path)
        intro_call = None
        if IA in times:
            # The session decides the day: attendance is recorded an hour after it starts.
            national = rng.random() < 0.3
            intro_call = self.session(None if national else region_id, times[IA], people, held=True)
            times[IA] = intro_call[3] + timedelta(hours=1)
            times["signed_up"] = intro_call[3] - timedelta(days=rng.uniform(2, 9))
        created = times["signed_up"]

        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        email = f"{first}.{last}.{n}@{EMAIL_DOMAIN}".lower()
        user_id = self.w.add(
            User,
            bulk.user_row(
                email=email,
                name=f"{first} {last}",
                roles=[Role.CANDIDATE],
                time_zone=place["timezone"] or "America/New_York",
                is_superuser=False,
                date_joined=created,
                last_login=times[stage] if path else created,
                unsubscribed_at=min(now, created + timedelta(days=30))
                if rng.random() < 0.03
                else None,
            ),
        )
        self.w.add(User.groups.through, user_id=user_id, group_id=self.group_ids[Role.CANDIDATE])
        self.w.add(EmailAddress, bulk.email_address_row(user_id=user_id, email=email))

        activity = "active"
        roll = rng.random()
        if roll < 0.03:
            activity = "withdrawn"
        elif roll < 0.08:
            activity = "paused"
        area = (place.get("area_codes") or ["202"])[0]
        last_step = times[path[-1]] if path else created
        candidate_id = self.w.add(
            Candidate,
            candidate_rows.candidate_row(
                user_id=user_id,
                name=f"{first} {last}",
                email=email,
            ),
            phone=f"+1{area}555{n % 10000:04d}",
            zip_code=place["zip_code"],
            city=place["city"],
            county=place["county"] or "",
            state=state,
            region_id=region_id,
            date_of_birth=date(
                self.today.year - rng.randint(21, 70), rng.randint(1, 12), rng.randint(1, 28)
            ),
            when_might_run=rng.choice(WHEN_MIGHT_RUN),
            run_before=RunBefore.NEVER
            if rng.random() < 0.85
            else rng.choice([RunBefore.RAN_BEFORE, RunBefore.HOLD_OFFICE]),
            heard_from=rng.choice(HEARD_FROM),
            consent_email=rng.random() < 0.7,
            consent_sms=rng.random() < 0.4,
            screening_opt_in_at=times[IA] + timedelta(hours=2) if IA in times else None,
            stage=stage,
            stage_changed_at=last_step,
            activity=activity,
            utm_source=rng.choice(SOURCES),
            created_at=created,
            updated_at=last_step,
        )

        # The history: signing up, then each milestone.
        self.w.add(
            StageChange,
            candidate_rows.signup_change_row(
                candidate_id=candidate_id, region_id=region_id, by_id=user_id, at=created
            ),
        )
        if rng.random() < 0.7:
            self.demographics(candidate_id)
        if rng.random() < 0.35:
            for label, level in rng.sample(TYPICAL_OFFICES, rng.randint(1, 2)):
                self.w.add(
                    OfficeInterest, candidate_id=candidate_id, label=label, level=level, state=state
                )
        self.signup_email(user_id, email, created)

        by_of = {}
        if intro_call is not None:
            self.attend(candidate_id, intro_call)
            by_of[IA] = intro_call[2]
        elif created > now - timedelta(days=30) and rng.random() < 0.4:
            self.upcoming_registration(candidate_id, user_id, email, region_id, people)
        elif rng.random() < 0.15:
            self.missed_call(candidate_id, region_id, created, people)
        if SC in times:
            by_of[SC] = self.screening(candidate_id, region_id, times[SC], people)
        elif stage == Stage.INTRO_ATTENDED and rng.random() < 0.15:
            self.open_screening(candidate_id, region_id, people)
        race_id, race = None, None
        if RU in times:
            race_id, race = self.race(candidate_id, user_id, state, place, stage, times)
        if AP in times:
            by_of.update(
                self.application(
                    candidate_id,
                    region_id,
                    race_id,
                    race,
                    stage,
                    path,
                    times,
                    people,
                    first,
                    last,
                    state,
                    place,
                )
            )

        previous = Stage.SIGNED_UP
        for step in path:
            self.w.add(
                StageChange,
                candidate_rows.stage_change_row(
                    candidate_id=candidate_id,
                    region_id=region_id,
                    from_stage=previous,
                    to_stage=step,
                    by_id=by_of.get(step, user_id),
                    at=times[step],
                ),
            )
            previous = step
        if activity != "active":
            self.w.add(
                StageChange,
                candidate_rows.stage_change_row(
                    candidate_id=candidate_id,
                    region_id=region_id,
                    kind=ChangeKind.ACTIVITY,
                    from_stage=stage,
                    to_stage=stage,
                    activity=activity,
                    by_id=user_id,
                    at=min(now, last_step + timedelta(days=20)),
                ),
            )
        if rng.random() < 0.05:
            self.question(candidate_id, region_id, state, created, people)
        return stage

    def timeline(self, stage: str, path: list[str]) -> dict[str, datetime]:
        """When each milestone happened, walking back from the last one.

        Signups grow over three years (more recent ones are more frequent); later stages
        sit further back. Intro calls are on Tuesdays at 23:00 UTC.
        """
        rng, now = self.rng, self.now
        days = timedelta(days=1)
        if stage in (Stage.WON, Stage.LOST):
            election = rng.choice(self.past_elections)
            last = datetime.combine(election + days, time(), tzinfo=UTC) + timedelta(
                hours=rng.randint(12, 60)
            )
        elif stage in (Stage.ENDORSED, Stage.NOT_ENDORSED):
            last = now - days * rng.uniform(2, 150)
        elif stage == Stage.APPLIED:
            last = now - days * rng.uniform(0.5, 60)
        else:
            last = now - days * (3 + 1090 * rng.random() ** 1.5)
        times: dict[str, datetime] = {}
        gaps = {
            IA: (5, 30),
            SC: (10, 90),
            RU: (5, 60),
            AP: (7, 45),
            Stage.ENDORSED: (20, 250),
            Stage.NOT_ENDORSED: (20, 250),
            Stage.WON: (60, 300),
            Stage.LOST: (60, 300),
        }
        when = last
        for step in reversed(path):
            if step == IA:
                when = tuesday_call_at_or_before(when)
            times[step] = when
            low, high = gaps[step]
            when = when - days * rng.uniform(low, high)
        times["signed_up"] = when
        return times

    def demographics(self, candidate_id: int) -> None:
        rng = self.rng
        self.w.add(
            Demographics,
            candidate_id=candidate_id,
            gender=rng.choices(
                [Gender.WOMAN, Gender.MAN, Gender.NONBINARY, Gender.NO_ANSWER, ""],
                weights=[52, 38, 3, 4, 3],
            )[0],
            race_ethnicity=rng.sample(RACE_ETHNICITY, 1 if rng.random() < 0.85 else 2),
            lgbtq=rng.choices([YesNo.YES, YesNo.NO, YesNo.NO_ANSWER, ""], weights=[15, 75, 5, 5])[
                0
            ],
            veteran=rng.choices([YesNo.YES, YesNo.NO, ""], weights=[6, 88, 6])[0],
            generation=rng.choices(GENERATION, weights=[12, 18, 65, 5])[0],
        )

    def signup_email(self, user_id: int, email: str, created: datetime) -> None:
        code = f"{self.rng.getrandbits(32):08X}"[:6]
        self.w.add(
            OutboundEmail,
            bulk.outbound_email_row(
                purpose="email_confirmation_signup",
                to_email=email,
                occurrence=code,
                subject="Your sign-up code",
                body_text=f"Hello!\n\nYour code is {code}. It expires in 15 minutes.\n",
                recipient_id=user_id,
                body_html="",
                headers={},
                ics="",
                transactional=True,
                status=EmailStatus.SENT,
                attempts=1,
                created_at=created,
                next_attempt_at=created,
                sent_at=created + timedelta(seconds=3),
            ),
        )
