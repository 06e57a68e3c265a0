"""The people who are not candidates (staff, directors, committee, screeners, mentors),
the places candidates live, and the rows every generator part shares."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import zipcodes
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils.text import slugify

from candidates.enums import ScreenerStatus
from candidates.models import (
    IntroCallRegistration,
    IntroCallSchedule,
    Screener,
    ScreenerAvailability,
)
from endorsements.models import Cycle
from mentorship.enums import MentorStatus
from mentorship.models import ExpertiseArea, Mentor
from resources.enums import Audience, Format
from resources.models import Resource
from rfs import bulk
from rfs.enums import Role
from rfs.models import Region, RegionState, User

from .copy_rows import Writer
from .data import (
    AREAS,
    EMAIL_DOMAIN,
    FIRST_NAMES,
    LAST_NAMES,
    RESOURCE_SUBJECTS,
    SENTENCES,
    STAGE_WEIGHTS,
    STATE_POPULATION,
    elections_around,
)


@dataclass
class Staffing:
    """The people who are not candidates, by what the generator needs them for."""

    staff: list[int]
    directors: dict[int, list[int]]  # region id -> user ids
    screeners: dict[int, list[tuple[int, int]]]  # region id -> (screener id, user id)
    mentors_by_area: dict[int, list[int]]  # area id -> mentor ids
    mentor_user: dict[int, int]  # mentor id -> user id
    areas: list[int]
    cycles: dict[int, int]  # election year -> cycle id; 0 is the current cycle
    resources: list[int] = field(default_factory=list)


@dataclass
class Places:
    """ZIP codes by state, and each state's region."""

    by_state: dict[str, list[dict]]
    region_of: dict[str, int]
    states: list[str]
    cumulative: list[float]  # population weights, accumulated for random.choices


class PeopleRows:
    """The generator's base: its state, and the people who are not candidates. All
    randomness comes from one ``random.Random(seed)``."""

    def __init__(self, *, rng: random.Random, writer: Writer, now: datetime, total: int) -> None:
        self.rng = rng
        self.w = writer
        self.now = now
        self.today = now.date()
        self.total = total
        self.past_elections, self.next_elections = elections_around(self.today)
        # (region id or None, tuesday) -> [call id, registered so far, host id]
        self.open_calls: dict[tuple[int | None, date], list] = {}
        self.taken_slots: set[tuple[int, datetime]] = set()
        self.counter = 0
        self.group_ids = dict(Group.objects.values_list("name", "id"))
        self.email_type = ContentType.objects.get_for_model(IntroCallRegistration).pk
        self.stages = list(STAGE_WEIGHTS)
        self.stage_cumulative = list(itertools.accumulate(STAGE_WEIGHTS.values()))

    # --- People who are not candidates ----------------------------------------------------

    def person(
        self,
        email: str,
        name: str,
        roles: list[str],
        *,
        joined: datetime,
        zone: str = "America/New_York",
    ) -> int:
        user_id = self.w.add(
            User,
            bulk.user_row(
                email=email,
                name=name,
                roles=roles,
                time_zone=zone,
                date_joined=joined,
                is_superuser=False,
                last_login=None,
            ),
        )
        self.w.add_all(
            User.groups.through,
            bulk.user_group_rows(
                user_id=user_id, group_ids=[self.group_ids[role] for role in roles]
            ),
        )
        self.w.add(EmailAddress, bulk.email_address_row(user_id=user_id, email=email))
        return user_id

    def staffing(self, regions: dict[str, int], *, count: int) -> Staffing:
        """Staff, directors, committee, screeners (1 per 500 candidates), mentors (1 per 1,000)."""
        rng, joined = self.rng, self.now - timedelta(days=1200)
        staff = [
            self.person(
                f"staff-{i}@{EMAIL_DOMAIN}", self.name(), [Role.NATIONAL_STAFF], joined=joined
            )
            for i in range(1, 6)
        ]
        directors = {}
        for name, region_id in regions.items():
            directors[region_id] = [
                self.person(
                    f"director-{slugify(name)}-{i}@{EMAIL_DOMAIN}",
                    self.name(),
                    [Role.REGIONAL_DIRECTOR],
                    joined=joined,
                )
                for i in (1, 2)
            ]
            for user_id in directors[region_id]:
                self.w.add(Region.directors.through, region_id=region_id, user_id=user_id)
        committee = [
            self.person(
                f"committee-{i}@{EMAIL_DOMAIN}", self.name(), [Role.COMMITTEE_MEMBER], joined=joined
            )
            for i in range(1, 10)
        ]
        screeners: dict[int, list[tuple[int, int]]] = defaultdict(list)
        region_ids = list(regions.values())
        for i in range(1, max(len(region_ids), count // 500) + 1):
            user_id = self.person(
                f"screener-{i}@{EMAIL_DOMAIN}", self.name(), [Role.SCREENER], joined=joined
            )
            serves = [region_ids[(i - 1) % len(region_ids)]]
            if rng.random() < 0.3:
                serves.append(rng.choice(region_ids))
            screener_id = self.w.add(
                Screener,
                user_id=user_id,
                languages=["en", "es"] if rng.random() < 0.25 else ["en"],
                weekly_capacity=rng.choice([3, 5, 8]),
                time_zone="America/Chicago",
                meeting_url=f"https://meet.example.org/s{i}",
                status=ScreenerStatus.APPROVED,
                approved_by_id=staff[0],
                approved_at=joined,
                created_at=joined,
            )
            for region_id in set(serves):
                self.w.add(Screener.regions.through, screener_id=screener_id, region_id=region_id)
                screeners[region_id].append((screener_id, user_id))
            for weekday in rng.sample(range(5), 2):
                self.w.add(
                    ScreenerAvailability,
                    screener_id=screener_id,
                    weekday=weekday,
                    date=None,
                    start_time=time(18),
                    end_time=time(20),
                )

        areas = self.areas()
        mentors_by_area: dict[int, list[int]] = defaultdict(list)
        mentor_user = {}
        for i in range(1, max(3, count // 1000) + 1):
            user_id = self.person(
                f"mentor-{i}@{EMAIL_DOMAIN}", self.name(), [Role.MENTOR], joined=joined
            )
            knows = [areas[0], areas[1]] if i == 1 else rng.sample(areas, rng.randint(1, 3))
            mentor_id = self.w.add(
                Mentor,
                user_id=user_id,
                states=rng.sample(list(STATE_POPULATION), 2),
                languages=["en"],
                bio=rng.choice(SENTENCES),
                weekly_capacity=3,
                match_capacity=1,
                status=MentorStatus.APPROVED,
                region_id=rng.choice(region_ids),
                approved_by_id=staff[0],
                approved_at=joined,
                created_at=joined,
            )
            mentor_user[mentor_id] = user_id
            for area_id in knows:
                self.w.add(Mentor.areas.through, mentor_id=mentor_id, expertisearea_id=area_id)
                mentors_by_area[area_id].append(mentor_id)

        cycles = self.cycles()
        staffing = Staffing(
            staff=staff,
            directors=directors,
            screeners=dict(screeners),
            mentors_by_area=dict(mentors_by_area),
            mentor_user=mentor_user,
            areas=areas,
            cycles=cycles,
        )
        staffing.resources = self.library()
        self.privileged = [*staff, *[d for ds in directors.values() for d in ds], *committee]
        self.schedules(directors, staff)
        return staffing

    def areas(self) -> list[int]:
        existing = dict(ExpertiseArea.objects.values_list("slug", "id"))
        ids = []
        for position, name in enumerate(AREAS):
            slug = slugify(name)
            ids.append(
                existing.get(slug)
                or self.w.add(ExpertiseArea, name=name, slug=slug, position=position, active=True)
            )
        return ids

    def cycles(self) -> dict[int, int]:
        existing = dict(Cycle.objects.values_list("name", "id"))
        cycles = {}
        for election in self.past_elections:
            name = f"{election.year} cycle (scale)"
            cycles[election.year] = existing.get(name) or self.w.add(
                Cycle,
                name=name,
                opens_on=date(election.year, 1, 15),
                closes_on=date(election.year, 9, 30),
                election_year=election.year,
            )
        name = f"{self.next_elections[0].year} cycle (scale)"
        cycles[0] = existing.get(name) or self.w.add(
            Cycle,
            name=name,
            opens_on=self.today - timedelta(days=200),
            closes_on=self.today + timedelta(days=300),
            election_year=self.next_elections[0].year,
        )
        return cycles

    def library(self) -> list[int]:
        """A few hundred resources; about one in five is about fundraising."""
        rng, ids = self.rng, []
        formats = list(Format.values)
        for i in range(1, 301):
            topic = rng.choice(list(RESOURCE_SUBJECTS))
            topics = sorted({topic, rng.choice(list(RESOURCE_SUBJECTS))})
            title = f"{rng.choice(RESOURCE_SUBJECTS[topic])}, part {i}"
            ids.append(
                self.w.add(
                    Resource,
                    title=title,
                    slug=f"scale-{slugify(title)}",
                    format=rng.choice(formats),
                    url="https://example.org/guides",
                    description=f"A short guide: {title.lower()}.",
                    body=f"# {title}\n\n{rng.choice(SENTENCES)}",
                    topics=topics,
                    audience=Audience.CANDIDATES if rng.random() < 0.8 else Audience.PUBLIC,
                    published=True,
                )
            )
        return ids

    def schedules(self, directors: dict[int, list[int]], staff: list[int]) -> None:
        for region_id, hosts in directors.items():
            self.w.add(
                IntroCallSchedule,
                region_id=region_id,
                host_id=hosts[0],
                weekday=1,
                local_time=time(19),
                time_zone="America/New_York",
                meeting_url="https://meet.example.org/intro",
            )

    def name(self) -> str:
        return f"{self.rng.choice(FIRST_NAMES)} {self.rng.choice(LAST_NAMES)}"

    # --- Candidates ----------------------------------------------------------------------


def load_places() -> Places:
    region_of = dict(RegionState.objects.values_list("state", "region_id"))
    by_state: dict[str, list[dict]] = defaultdict(list)
    for row in zipcodes.list_all():
        if row["zip_code_type"] == "STANDARD" and row["active"] and row["state"] in region_of:
            by_state[row["state"]].append(row)
    states = [s for s in STATE_POPULATION if by_state.get(s)]
    return Places(
        by_state=dict(by_state),
        region_of=region_of,
        states=states,
        cumulative=list(itertools.accumulate(STATE_POPULATION[s] for s in states)),
    )
