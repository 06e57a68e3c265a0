"""Intro calls and 1:1 screening calls."""

from __future__ import annotations

from datetime import datetime, timedelta

from candidates.enums import CallStatus, RegistrationStatus, ScreeningCallStatus, ScreeningNextStep
from candidates.models import IntroCall, IntroCallRegistration, ScreeningCall, ScreeningLog
from rfs import bulk
from rfs.enums import EmailStatus
from rfs.models import OutboundEmail

from .data import CONCERNS, INTRO_CAPACITY, SCREENING_MINUTES, SENTENCES, tuesday_call_at_or_before
from .people import Staffing


class CallRows:
    """The generator's part for calls (see ``Generator``)."""

    # --- Intro calls ------------------------------------------------------------------------

    def session(
        self, region_id: int | None, tuesday: datetime, people: Staffing, *, held: bool
    ) -> list:
        """A session of that week with room on it: [call id, places taken, host, start].

        The week's first session is on Tuesday at 23:00 UTC; when it is full the next one
        is a day earlier (past weeks) or later (coming weeks) and an hour earlier, so a
        session never starts after the Tuesday a past attendance was planned for.
        """
        key = (region_id, tuesday)
        current = self.open_calls.get(key)
        if current is None or current[1] >= INTRO_CAPACITY:
            hosts = people.directors.get(region_id) or people.staff
            number = 0 if current is None else current[4] + 1
            shift = timedelta(days=number % 7) * (-1 if held else 1) - timedelta(
                hours=number // 7 % 6
            )
            starts_at = tuesday + shift
            host_id = hosts[number % len(hosts)]
            call_id = self.w.add(
                IntroCall,
                region_id=region_id,
                schedule_id=None,
                host_id=host_id,
                starts_at=starts_at,
                duration_minutes=60,
                meeting_url="https://meet.example.org/intro",
                capacity=INTRO_CAPACITY,
                status=CallStatus.HELD if held else CallStatus.SCHEDULED,
                created_at=starts_at - timedelta(days=28),
            )
            current = [call_id, 0, host_id, starts_at, number]
            self.open_calls[key] = current
        current[1] += 1
        return current

    def attend(self, candidate_id: int, call: list) -> None:
        """Their place on a held session they joined."""
        starts_at = call[3]
        self.w.add(
            IntroCallRegistration,
            call_id=call[0],
            candidate_id=candidate_id,
            status=RegistrationStatus.REGISTERED,
            join_token=self.token(),
            joined_at=starts_at + timedelta(minutes=2),
            attended=True,
            confirmed_at=starts_at - timedelta(hours=20),
            created_at=starts_at - timedelta(days=2),
            updated_at=starts_at + timedelta(hours=1),
        )

    def missed_call(
        self, candidate_id: int, region_id: int, created: datetime, people: Staffing
    ) -> None:
        """Registered for a session they did not join."""
        tuesday = tuesday_call_at_or_before(created + timedelta(days=14))
        if tuesday > self.now - timedelta(hours=6):
            return
        call = self.session(region_id, tuesday, people, held=True)
        self.w.add(
            IntroCallRegistration,
            call_id=call[0],
            candidate_id=candidate_id,
            status=RegistrationStatus.REGISTERED,
            join_token=self.token(),
            attended=False,
            created_at=created + timedelta(hours=1),
            updated_at=call[3] + timedelta(hours=1),
        )

    def upcoming_registration(
        self, candidate_id: int, user_id: int, email: str, region_id: int, people: Staffing
    ) -> None:
        """A place on a session of the coming weeks (the waitlist once it is full), and its email."""
        tuesday = tuesday_call_at_or_before(self.now + timedelta(days=7 * self.rng.randint(1, 4)))
        national = self.rng.random() < 0.3
        call = self.session(None if national else region_id, tuesday, people, held=False)
        registration_id = self.w.add(
            IntroCallRegistration,
            call_id=call[0],
            candidate_id=candidate_id,
            status=RegistrationStatus.REGISTERED,
            join_token=self.token(),
            created_at=self.now - timedelta(days=self.rng.uniform(0, 6)),
        )
        self.w.add(
            OutboundEmail,
            bulk.outbound_email_row(
                purpose="intro_call_registered",
                to_email=email,
                about_label=IntroCallRegistration._meta.label_lower,
                about_pk=registration_id,
                content_type_id=self.email_type,
                subject="You're registered for the intro call",
                body_text="See you on the call! The link to join is in this email.\n",
                recipient_id=user_id,
                headers={},
                body_html="",
                ics="",
                transactional=True,
                status=EmailStatus.SENT,
                attempts=1,
                created_at=self.now - timedelta(days=1),
                next_attempt_at=self.now - timedelta(days=1),
                sent_at=self.now - timedelta(days=1),
            ),
        )

    def token(self) -> str:
        return f"{self.rng.getrandbits(160):040x}"

    # --- 1:1 screening --------------------------------------------------------------------------

    def screener_for(self, region_id: int, people: Staffing) -> tuple[int, int]:
        return self.rng.choice(people.screeners[region_id])

    def screening(self, candidate_id: int, region_id: int, at: datetime, people: Staffing) -> int:
        """A logged call; returns the screener's user, who recorded the step."""
        rng = self.rng
        screener_id, user_id = self.screener_for(region_id, people)
        starts_at = at.replace(
            minute=0 if at.minute < 30 else 30, second=0, microsecond=0
        ) - timedelta(hours=1)
        call_id = self.w.add(
            ScreeningCall,
            candidate_id=candidate_id,
            screener_id=screener_id,
            starts_at=starts_at,
            duration_minutes=SCREENING_MINUTES,
            status=ScreeningCallStatus.LOGGED,
            assigned_by_load=False,
            created_at=starts_at - timedelta(days=5),
            updated_at=at,
        )
        self.w.add(
            ScreeningLog,
            call_id=call_id,
            candidate_id=candidate_id,
            screener_id=screener_id,
            problems_to_solve=rng.choice(SENTENCES),
            community_involvement=rng.choice(SENTENCES),
            concerns_notes=rng.choice(SENTENCES),
            progressive_meaning=rng.choice(SENTENCES),
            community_knowledge=rng.randint(1, 4),
            relationships=rng.randint(1, 4),
            campaign_understanding=rng.randint(1, 4),
            values_alignment=rng.randint(2, 4),
            concerns=rng.sample(CONCERNS, rng.randint(0, 3)),
            next_step=rng.choice(
                [
                    ScreeningNextStep.READY,
                    ScreeningNextStep.NEEDS_MENTOR,
                    ScreeningNextStep.BUILD_EXPERIENCE,
                ]
            ),
            created_at=at,
        )
        return user_id

    def open_screening(self, candidate_id: int, region_id: int, people: Staffing) -> None:
        """A booked call in the next two weeks (a few ended without a log yet), or an
        assignment whose time is still to be agreed."""
        rng = self.rng
        screener_id, _user = self.screener_for(region_id, people)
        roll = rng.random()
        if roll < 0.15:
            status, starts_at = ScreeningCallStatus.ASSIGNED, None
        else:
            base = self.now.replace(minute=0, second=0, microsecond=0)
            offset = rng.randint(-48, 14 * 48) if roll < 0.3 else rng.randint(1, 14 * 48)
            starts_at = base + timedelta(minutes=30 * offset)
            while (screener_id, starts_at) in self.taken_slots:
                starts_at += timedelta(minutes=30)
            self.taken_slots.add((screener_id, starts_at))
            status = ScreeningCallStatus.BOOKED
        self.w.add(
            ScreeningCall,
            candidate_id=candidate_id,
            screener_id=screener_id,
            starts_at=starts_at,
            duration_minutes=SCREENING_MINUTES,
            status=status,
            assigned_by_load=starts_at is None,
            created_at=self.now - timedelta(days=3),
            updated_at=self.now - timedelta(days=3),
        )

    # --- Races and endorsements ----------------------------------------------------------------
