"""Scale data for the benchmarks: a national population of fake candidates, reproducibly.

    python manage.py seed_scale --candidates 1000000 [--seed 42] [--batch 10000] [--force]

What it writes (every person is fake, every address ends in ``@scale.example.org``):

- the regions of ``seed_demo`` (if missing), national staff, two directors per region,
  committee members (staff, directors and committee members with an authenticator app,
  as production requires), volunteer screeners and mentors, intro-call hosts;
- ``--candidates`` candidates spread over the states by population, at stages in funnel
  proportions (``STAGE_WEIGHTS``), each with the stage history that leads to the stage,
  demographics for about 70%, offices of interest, intro-call registrations (attended
  ones for everyone past signup, upcoming ones for recent signups), 1:1 screening calls
  and logs for everyone screened, races for everyone running, endorsement applications
  (with the cycles) for everyone who applied, endorsements, mentorship questions with
  their routing and answers, and the outbox rows their emails left;
- a library of resources, and the expertise areas of mentorship;
- then the dashboard's summary cells (``rfs.analytics.refresh``, as beat runs it), with
  the refresh's time and the process's peak memory printed.

How it is fast: rows are generated in memory ``--batch`` candidates at a time and written
with PostgreSQL's COPY, on a second thread so that PostgreSQL writes one batch while
Python builds the next. Primary keys are allocated here, so related rows point at each
other without reading anything back. Indexes and constraints stay as in production; as a
superuser the load runs with ``session_replication_role = replica``, which skips the
per-row foreign-key triggers the way ``pg_restore --disable-triggers`` does (the rows are
consistent by construction, and ``tests/rfs/test_seed_scale.py`` checks it). Users get
the unusable password "!" (no hashing); no model ``save()`` and no signals run. Other
databases (SQLite in CI) get the same rows through ``executemany``.

Everything is one transaction, so an interrupted run leaves nothing behind. Running it
again on a database that already holds scale data is refused (drop the database, or use
another one): counting people twice would make every figure wrong.
"""

from __future__ import annotations

import itertools
import json
import queue
import random
import resource
import threading
import time as clock
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from io import StringIO
from typing import Any

import zipcodes
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from candidates.enums import (
    ChangeKind,
    Concern,
    FilingStatus,
    Gender,
    Generation,
    HeardFrom,
    OfficeLevel,
    RaceEthnicity,
    RaceResult,
    RunBefore,
    ScreenerStatus,
    ScreeningCallStatus,
    ScreeningNextStep,
    Stage,
    WhenMightRun,
    YesNo,
)
from candidates.models import (
    CallStatus,
    Candidate,
    Demographics,
    IntroCall,
    IntroCallRegistration,
    IntroCallSchedule,
    OfficeInterest,
    Race,
    RegistrationStatus,
    Screener,
    ScreenerAvailability,
    ScreeningCall,
    ScreeningLog,
    StageChange,
)
from endorsements.enums import ApplicationEventKind, ApplicationStatus, ApplicationStep
from endorsements.models import Application, ApplicationEvent, Cycle, Endorsement
from insights.analytics.refresh import analytics_refresh
from mentorship.enums import MentorStatus, PostKind, QuestionStatus
from mentorship.models import ExpertiseArea, Mentor, Post, Question, QuestionNotification
from resources.enums import Audience, Format, Topic
from resources.models import Resource
from rfs import services
from rfs.enums import EmailStatus, Role, State
from rfs.models import OutboundEmail, Region, RegionState, User

from .seed_demo import REGIONS

EMAIL_DOMAIN = "scale.example.org"

# --- Who they are -------------------------------------------------------------------------

# Residents in millions (2020 census, rounded): candidates are spread the same way.
STATE_POPULATION = {
    "AL": 5.0,
    "AK": 0.7,
    "AZ": 7.2,
    "AR": 3.0,
    "CA": 39.5,
    "CO": 5.8,
    "CT": 3.6,
    "DE": 1.0,
    "DC": 0.7,
    "FL": 21.5,
    "GA": 10.7,
    "HI": 1.5,
    "ID": 1.8,
    "IL": 12.8,
    "IN": 6.8,
    "IA": 3.2,
    "KS": 2.9,
    "KY": 4.5,
    "LA": 4.7,
    "ME": 1.4,
    "MD": 6.2,
    "MA": 7.0,
    "MI": 10.1,
    "MN": 5.7,
    "MS": 3.0,
    "MO": 6.2,
    "MT": 1.1,
    "NE": 2.0,
    "NV": 3.1,
    "NH": 1.4,
    "NJ": 9.3,
    "NM": 2.1,
    "NY": 20.2,
    "NC": 10.4,
    "ND": 0.8,
    "OH": 11.8,
    "OK": 4.0,
    "OR": 4.2,
    "PA": 13.0,
    "RI": 1.1,
    "SC": 5.1,
    "SD": 0.9,
    "TN": 6.9,
    "TX": 29.1,
    "UT": 3.3,
    "VT": 0.6,
    "VA": 8.6,
    "WA": 7.7,
    "WV": 1.8,
    "WI": 5.9,
    "WY": 0.6,
}

# fmt: off
FIRST_NAMES = [
    "Aaliyah", "Abdul", "Adrian", "Aiko", "Aisha", "Alejandro", "Alex", "Amara", "Amir", "Ana", "Andre", "Angela",
    "Anjali", "Antonio", "Ava", "Ayesha", "Beatriz", "Ben", "Bianca", "Brandon", "Camila", "Carlos", "Carmen",
    "Casey", "Chen", "Chloe", "Daniel", "Darius", "Deja", "Destiny", "Diego", "Dmitri", "Eduardo", "Elena",
    "Elijah", "Emily", "Emma", "Esperanza", "Ethan", "Fatima", "Felipe", "Gabriel", "Grace", "Hana", "Hector",
    "Ibrahim", "Imani", "Isabel", "Jada", "Jamal", "James", "Jasmine", "Javier", "Jin", "Jordan", "Jose", "Joy",
    "Juan", "Kai", "Keisha", "Kenji", "Kwame", "Lakshmi", "Leah", "Leila", "Liam", "Lucia", "Luis", "Malik",
    "Marcus", "Maria", "Maya", "Mei", "Michael", "Miguel", "Mohammed", "Nadia", "Naomi", "Noah", "Olivia", "Omar",
    "Priya", "Quinn", "Rafael", "Rosa", "Ruth", "Samir", "Sara", "Sofia", "Tariq", "Tenzin", "Uma", "Valentina",
    "Victor", "Wen", "Xochitl", "Yara", "Yusuf", "Zainab", "Zoe"
]
LAST_NAMES = [
    "Abbott", "Adams", "Ahmed", "Alvarez", "Anderson", "Baker", "Begay", "Bell", "Brooks", "Brown", "Campbell",
    "Carter", "Chavez", "Chen", "Clark", "Collins", "Cruz", "Davis", "Diaz", "Edwards", "Evans", "Fernandez",
    "Flores", "Fofana", "Garcia", "Gomez", "Gonzalez", "Green", "Gupta", "Gutierrez", "Hall", "Harris", "Hernandez",
    "Hill", "Hughes", "Ito", "Jackson", "James", "Johnson", "Jones", "Kaur", "Khan", "Kim", "King", "Lee", "Lewis",
    "Lopez", "Martin", "Martinez", "Mitchell", "Moore", "Morales", "Morgan", "Murphy", "Nelson", "Nguyen", "Okafor",
    "Ortiz", "Park", "Patel", "Perez", "Phillips", "Ramirez", "Reed", "Reyes", "Rivera", "Roberts", "Robinson",
    "Rodriguez", "Rogers", "Ruiz", "Sanchez", "Scott", "Shah", "Singh", "Smith", "Stewart", "Taylor", "Thomas",
    "Thompson", "Torres", "Tran", "Turner", "Walker", "Washington", "Watson", "White", "Williams", "Wilson",
    "Wright", "Yang", "Young", "Zhang"
]
# fmt: on

# Where people are in the pipeline, in national proportions (percent): most never get
# past signing up, and a few percent reach an endorsement.
STAGE_WEIGHTS = {
    Stage.SIGNED_UP: 62.0,
    Stage.INTRO_ATTENDED: 16.0,
    Stage.SCREENED: 9.0,
    Stage.RUNNING: 6.0,
    Stage.APPLIED: 2.5,
    Stage.ENDORSED: 1.5,
    Stage.NOT_ENDORSED: 0.8,
    Stage.WON: 1.2,
    Stage.LOST: 1.0,
}
IA, SC, RU, AP = Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING, Stage.APPLIED
# The milestones passed after signing up, per stage. Won and lost have two paths: with an
# endorsement (first) or without applying (second, chosen by ``ENDORSED_SHARE``).
PATHS = {
    Stage.SIGNED_UP: [],
    Stage.INTRO_ATTENDED: [IA],
    Stage.SCREENED: [IA, SC],
    Stage.RUNNING: [IA, SC, RU],
    Stage.APPLIED: [IA, SC, RU, AP],
    Stage.ENDORSED: [IA, SC, RU, AP, Stage.ENDORSED],
    Stage.NOT_ENDORSED: [IA, SC, RU, AP, Stage.NOT_ENDORSED],
    Stage.WON: [IA, SC, RU, AP, Stage.ENDORSED, Stage.WON],
    Stage.LOST: [IA, SC, RU, AP, Stage.ENDORSED, Stage.LOST],
}
ENDORSED_SHARE = {Stage.WON: 0.6, Stage.LOST: 0.4}

SOURCES = [
    "",
    "",
    "",
    "instagram",
    "facebook",
    "newsletter",
    "partner",
    "tiktok",
    "podcast",
    "search",
]
TYPICAL_OFFICES = [
    ("City council member", OfficeLevel.MUNICIPAL),
    ("Mayor", OfficeLevel.MUNICIPAL),
    ("School board member", OfficeLevel.SCHOOL_BOARD),
    ("County commissioner", OfficeLevel.COUNTY),
    ("County clerk or auditor", OfficeLevel.COUNTY),
    ("Sheriff", OfficeLevel.COUNTY),
    ("State House", OfficeLevel.STATE_LEGISLATURE),
    ("State Senate", OfficeLevel.STATE_LEGISLATURE),
    ("Local judge", OfficeLevel.JUDICIAL),
    ("Water district board", OfficeLevel.SPECIAL_DISTRICT),
]
SENTENCES = [
    "Housing costs are pushing families out of the neighborhood.",
    "Our schools need counselors, and the board keeps cutting them.",
    "I coach youth soccer and sit on the PTA.",
    "I organized the tenants in my building.",
    "Worried about money and about time with my kids.",
    "Progressive means everyone gets a fair shot and a say.",
    "The bus lines were cut and people can't get to work.",
    "I volunteer at the food bank every Saturday.",
]
AREAS = [
    "Campaign management",
    "Fundraising",
    "Field and canvassing",
    "Digital ads",
    "Video",
    "Branding and design",
    "Communications and press",
    "Compliance and finance law",
    "Data and voter files",
    "Running as a parent",
    "Running in a rural district",
]
QUESTION_TITLES = [
    "How do I ask friends for money without it being awkward?",
    "How many doors should I knock before filing?",
    "What goes into a first campaign budget?",
    "Do I need a treasurer before I raise anything?",
    "How do I answer a reporter's call?",
    "Where do I get the voter file for my district?",
    "How do I campaign with two small kids at home?",
    "Which ads work for a school board race?",
]
RESOURCE_SUBJECTS = {
    Topic.FUNDRAISING: [
        "Call time that works",
        "Your first fundraising plan",
        "Online fundraising",
        "Asking for money",
    ],
    Topic.BUDGET: ["A campaign budget", "Spending the last month"],
    Topic.BALLOT_ACCESS: ["Getting on the ballot", "Collecting signatures"],
    Topic.VOLUNTEERS: ["Building a volunteer team", "Keeping volunteers"],
    Topic.FIELD_PLAN: ["A field plan on one page", "Walk lists"],
    Topic.COMMUNICATIONS: ["Your stump speech", "Talking to reporters"],
    Topic.VOTER_CONTACT: ["Talking to voters at the door", "Phone banks"],
    Topic.DEBATE_PREP: ["Debate and forum prep"],
    Topic.DIGITAL: ["Social media basics", "A website in a weekend"],
    Topic.SAFETY: ["Staying safe online and in person"],
    Topic.TRANSITION: ["Your first 100 days in office"],
}

# Choices as plain strings, read once (a TextChoices' ``values`` is rebuilt on every access).
WHEN_MIGHT_RUN = [str(v) for v in WhenMightRun.values]
HEARD_FROM = ["", *(str(v) for v in HeardFrom.values)]
RACE_ETHNICITY = [str(v) for v in RaceEthnicity.values]
GENERATION = [str(v) for v in Generation.values]
CONCERNS = [str(v) for v in Concern.values]
QUESTION_STATUSES = [str(v) for v in QuestionStatus.values]

# Elections on the first Tuesday after the first Monday of November.
PAST_ELECTIONS = [date(2023, 11, 7), date(2024, 11, 5), date(2025, 11, 4)]
NEXT_ELECTIONS = [date(2027, 11, 2), date(2028, 11, 7)]
# Intro calls: Tuesdays at 23:00 UTC (7 pm Eastern), a new session whenever one is full.
INTRO_CAPACITY = 100
SCREENING_MINUTES = 30


def _elections_around(today: date) -> tuple[list[date], list[date]]:
    """Past and next November elections as seen from ``today``."""
    years = range(today.year - 3, today.year + 3)
    days = [_election_day(year) for year in years]
    return [d for d in days if d < today][-3:], [d for d in days if d > today][:2]


def _election_day(year: int) -> date:
    first = date(year, 11, 1)
    monday = first + timedelta(days=(0 - first.weekday()) % 7)
    return monday + timedelta(days=1)


# --- Writing rows ---------------------------------------------------------------------------

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_str(value: str) -> str:
    return value.translate(_COPY_ESCAPES)


def _copy_json(value: Any) -> str:
    return json.dumps(value).translate(_COPY_ESCAPES)


# One value in COPY's text format, by its type (anything else goes through str()).
_COPY_TEXT = {
    str: _copy_str,
    int: str,
    bool: lambda value: "t" if value else "f",
    type(None): lambda value: "\\N",
    datetime: datetime.isoformat,
    date: date.isoformat,
    time: time.isoformat,
    list: _copy_json,
    dict: _copy_json,
}


def _copy_text(value: Any) -> str:
    convert = _COPY_TEXT.get(type(value))
    return convert(value) if convert else _copy_str(str(value))


class Table:
    """The rows of one model for the current batch, with every column filled: values
    given, else the field's default, as Django would have saved them."""

    def __init__(self, model: type[models.Model], *, now: datetime) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        self.sql = "COPY {} ({}) FROM STDIN".format(
            connection.ops.quote_name(model._meta.db_table),
            ", ".join(connection.ops.quote_name(f.column) for f in self.fields),
        )
        self.defaults = [self._default(f, now) for f in self.fields]
        self.rows: list[dict] = []
        self.written = 0

    @staticmethod
    def _default(f: models.Field, now: datetime) -> Any:
        if (
            getattr(f, "auto_now", False)
            or getattr(f, "auto_now_add", False)
            or f.default is timezone.now
        ):
            return now
        if f.default in (list, dict):
            return f.default
        if f.has_default() and callable(f.default):
            return f.default  # called per row (join tokens)
        return f.get_default()

    def add(self, **values: Any) -> None:
        self.rows.append(values)

    def take_copy_buffer(self) -> StringIO | None:
        """The batch as COPY text, and a fresh batch."""
        if not self.rows:
            return None
        # A column left to its default has the same text on every row: render it once.
        columns = [
            (name, default, None if callable(default) else _copy_text(default))
            for name, default in zip(self.attnames, self.defaults, strict=True)
        ]
        convert, fallback = _COPY_TEXT.get, _copy_text
        lines = []
        for row in self.rows:
            cells = []
            for name, default, default_text in columns:
                if name in row:
                    value = row[name]
                elif default_text is not None:
                    cells.append(default_text)
                    continue
                else:
                    value = default()
                to_text = convert(type(value))
                cells.append(to_text(value) if to_text else fallback(value))
            lines.append("\t".join(cells))
        self.written += len(self.rows)
        self.rows = []
        return StringIO("\n".join(lines) + "\n")

    def take_params(self) -> list[list]:
        """The batch as parameters for INSERT (databases without COPY), and a fresh batch."""
        params = []
        for row in self.rows:
            values = []
            for f, default in zip(self.fields, self.defaults, strict=True):
                value = (
                    row[f.attname]
                    if f.attname in row
                    else (default() if callable(default) else default)
                )
                values.append(f.get_db_prep_save(value, connection))
            params.append(values)
        self.written += len(self.rows)
        self.rows = []
        return params

    def insert_sql(self) -> str:
        return "INSERT INTO {} ({}) VALUES ({})".format(
            connection.ops.quote_name(self.model._meta.db_table),
            ", ".join(connection.ops.quote_name(f.column) for f in self.fields),
            ", ".join(["%s"] * len(self.fields)),
        )


class Writer:
    """Hands each batch to PostgreSQL's COPY on a second thread (or INSERTs elsewhere)."""

    def __init__(self, *, now: datetime, use_copy: bool, tables: list[type[models.Model]]) -> None:
        self.now = now
        self.use_copy = use_copy
        # Tables in the order they are written (parents first), and the first free id of
        # each, read now: once COPY runs on the second thread this thread stays off the
        # connection.
        self.tables = {model: Table(model, now=now) for model in tables}
        self.next_ids = {
            model: (model.objects.aggregate(last=models.Max("pk"))["last"] or 0) + 1
            for model in tables
        }
        self.jobs: queue.Queue = queue.Queue(maxsize=2)
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        if use_copy:
            connection.ensure_connection()
            self.raw = connection.connection
            self.thread = threading.Thread(
                target=self._copy_loop, name="seed-scale-copy", daemon=True
            )
            self.thread.start()

    def add(self, model: type[models.Model], **values: Any) -> int:
        """Queue a row; returns its new primary key."""
        pk = self.next_ids[model]
        self.next_ids[model] = pk + 1
        values["id"] = pk
        self.tables[model].add(**values)
        return pk

    def flush(self) -> None:
        """Write the batch (in the order tables were first used: parents first)."""
        if self.error:
            raise self.error
        if self.use_copy:
            batch = [
                (t.sql, buf)
                for t in self.tables.values()
                if (buf := t.take_copy_buffer()) is not None
            ]
            self.jobs.put(batch)  # blocks while PostgreSQL is two batches behind
        else:
            with connection.cursor() as cursor:
                for t in self.tables.values():
                    if t.rows:
                        cursor.executemany(t.insert_sql(), t.take_params())

    def finish(self) -> None:
        """Wait for the last COPY, then move each id sequence past the ids used here."""
        if self.thread is not None:
            self.jobs.put(None)
            self.thread.join()
        if self.error:
            raise self.error
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model, table_rows in self.tables.items():
                    if not table_rows.written:
                        continue
                    table = model._meta.db_table
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                        f"(SELECT MAX(id) FROM {connection.ops.quote_name(table)}))",
                        [table],
                    )

    @property
    def rows_written(self) -> int:
        return sum(t.written for t in self.tables.values())

    def _copy_loop(self) -> None:
        while (batch := self.jobs.get()) is not None:
            if self.error:
                continue
            try:
                with self.raw.cursor() as cursor:
                    for sql, buffer in batch:
                        cursor.copy_expert(sql, buffer, size=1 << 16)
            except BaseException as error:  # reported by the main thread
                self.error = error


# --- The population ---------------------------------------------------------------------------


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


class Generator:
    """Builds every row. All randomness comes from one ``random.Random(seed)``."""

    def __init__(self, *, rng: random.Random, writer: Writer, now: datetime, total: int) -> None:
        self.rng = rng
        self.w = writer
        self.now = now
        self.today = now.date()
        self.total = total
        self.past_elections, self.next_elections = _elections_around(self.today)
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
        is_staff = bool({Role.REGIONAL_DIRECTOR, Role.NATIONAL_STAFF} & set(roles))
        user_id = self.w.add(
            User,
            email=email,
            name=name,
            password="!",
            time_zone=zone,
            is_staff=is_staff,
            date_joined=joined,
            is_superuser=False,
            last_login=None,
        )
        for role in roles:
            self.w.add(User.groups.through, user_id=user_id, group_id=self.group_ids[role])
        self.w.add(EmailAddress, user_id=user_id, email=email, verified=True, primary=True)
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
            email=email,
            name=f"{first} {last}",
            password="!",
            time_zone=place["timezone"] or "America/New_York",
            is_staff=False,
            is_superuser=False,
            date_joined=created,
            last_login=times[stage] if path else created,
            unsubscribed_at=min(now, created + timedelta(days=30)) if rng.random() < 0.03 else None,
        )
        self.w.add(User.groups.through, user_id=user_id, group_id=self.group_ids[Role.CANDIDATE])
        self.w.add(EmailAddress, user_id=user_id, email=email, verified=True, primary=True)

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
            user_id=user_id,
            search_text=f"{first} {last} {email}",  # as candidate_search_text writes it
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
            candidate_id=candidate_id,
            kind=ChangeKind.MOVE,
            from_stage=Stage.SIGNED_UP,
            to_stage=Stage.SIGNED_UP,
            by_id=user_id,
            at=created,
            note="Signed up",
            region_id=region_id,
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
        race_id = None
        if RU in times:
            race_id = self.race(candidate_id, user_id, state, place, stage, times)
        if AP in times:
            by_of.update(
                self.application(
                    candidate_id,
                    region_id,
                    race_id,
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
                candidate_id=candidate_id,
                kind=ChangeKind.MOVE,
                from_stage=previous,
                to_stage=step,
                by_id=by_of.get(step, user_id),
                at=times[step],
                note="",
                region_id=region_id,
            )
            previous = step
        if activity != "active":
            self.w.add(
                StageChange,
                candidate_id=candidate_id,
                kind=ChangeKind.ACTIVITY,
                from_stage=stage,
                to_stage=stage,
                activity=activity,
                by_id=user_id,
                at=min(now, last_step + timedelta(days=20)),
                note="",
                region_id=region_id,
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
                when = _tuesday_call_at_or_before(when)
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
            purpose="email_confirmation_signup",
            to_email=email,
            recipient_id=user_id,
            content_type_id=None,
            object_id="",
            unique_key=f"email_confirmation_signup|{email}|-|{code}",
            subject="Your sign-up code",
            body_text=f"Hello!\n\nYour code is {code}. It expires in 15 minutes.\n",
            body_html="",
            headers={},
            ics="",
            transactional=True,
            status=EmailStatus.SENT,
            attempts=1,
            created_at=created,
            next_attempt_at=created,
            sent_at=created + timedelta(seconds=3),
        )

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
        tuesday = _tuesday_call_at_or_before(created + timedelta(days=14))
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
        tuesday = _tuesday_call_at_or_before(self.now + timedelta(days=7 * self.rng.randint(1, 4)))
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
            purpose="intro_call_registered",
            to_email=email,
            recipient_id=user_id,
            content_type_id=self.email_type,
            object_id=str(registration_id),
            unique_key=f"intro_call_registered|{email}|candidates.introcallregistration:{registration_id}|",
            subject="You're registered for the intro call",
            headers={},
            body_text="See you on the call! The link to join is in this email.\n",
            body_html="",
            ics="",
            transactional=True,
            status=EmailStatus.SENT,
            attempts=1,
            created_at=self.now - timedelta(days=1),
            next_attempt_at=self.now - timedelta(days=1),
            sent_at=self.now - timedelta(days=1),
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

    def race(
        self, candidate_id: int, user_id: int, state: str, place: dict, stage: str, times: dict
    ) -> int:
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
        return self.w.add(
            Race,
            candidate_id=candidate_id,
            office_id=None,
            office_name=office,
            level=level,
            jurisdiction_name=jurisdiction or place["city"],
            district=str(rng.randint(1, 40)) if rng.random() < 0.4 else "",
            state=state,
            election_date=election,
            filing_deadline=election - timedelta(days=rng.randint(60, 150)),
            filing_status=filing,
            result=result,
            result_recorded_at=recorded,
            result_recorded_by_id=user_id if recorded else None,
            created_at=times[RU],
        )

    def application(
        self,
        candidate_id: int,
        region_id: int,
        race_id: int | None,
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
            office, level = TYPICAL_OFFICES[0]
            self.w.add(
                Endorsement,
                application_id=application_id,
                candidate_id=candidate_id,
                race_id=race_id,
                slug=f"{slugify(first)}-{slugify(last)}-{application_id}",
                listed=True,
                display_name=f"{first} {last}",
                office_name=office,
                office_level=level,
                district="",
                jurisdiction_name=place["city"],
                state=state,
                election_date=self.next_elections[0]
                if stage == Stage.ENDORSED
                else (times[stage] - timedelta(days=1)).date(),
                website="https://example.org",
                donation_url="",
                photo="",
                bio="",
                endorsed_at=decided_at,
                updated_at=decided_at,
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


# Every table written, parents before children.
TABLES: list[type[models.Model]] = [
    User,
    User.groups.through,
    EmailAddress,
    Region.directors.through,
    ExpertiseArea,
    Cycle,
    Resource,
    Screener,
    Screener.regions.through,
    ScreenerAvailability,
    Mentor,
    Mentor.areas.through,
    IntroCallSchedule,
    IntroCall,
    Candidate,
    Demographics,
    OfficeInterest,
    IntroCallRegistration,
    ScreeningCall,
    ScreeningLog,
    Race,
    Application,
    ApplicationEvent,
    Endorsement,
    Question,
    QuestionNotification,
    Post,
    StageChange,
    OutboundEmail,
]


def _tuesday_call_at_or_before(when: datetime) -> datetime:
    """The latest Tuesday 23:00 UTC at or before ``when``."""
    call = when.replace(hour=23, minute=0, second=0, microsecond=0) - timedelta(
        days=(when.weekday() - 1) % 7
    )
    return call if call <= when else call - timedelta(days=7)


def _peak_memory_mb() -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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


class Command(BaseCommand):
    help = "Fill the database with a national population of fake candidates for benchmarks (reproducible)."

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, required=True, help="How many candidates.")
        parser.add_argument(
            "--seed", type=int, default=42, help="Random seed: the same seed gives the same people."
        )
        parser.add_argument(
            "--batch", type=int, default=10000, help="Candidates generated per COPY batch."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run with DEBUG off too (the benchmark database): it creates fake people.",
        )

    def handle(self, *args, candidates: int, seed: int, batch: int, force: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_scale creates a million fake people: it only runs with DJANGO_DEBUG=1, or with --force "
                "on a database meant for benchmarks."
            )
        if candidates < 1 or batch < 1:
            raise CommandError("--candidates and --batch must be positive.")
        if User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists():
            raise CommandError(
                "This database already holds scale data (people @scale.example.org). Running again would count "
                "them twice: drop the database (or point DATABASE_URL at an empty one) and run again."
            )
        started = clock.monotonic()
        use_copy = connection.vendor == "postgresql"
        with transaction.atomic():
            if use_copy:
                self._skip_fk_triggers_if_allowed()
            regions = self._regions()
            places = load_places()
            writer = Writer(now=timezone.now(), use_copy=use_copy, tables=TABLES)
            generator = Generator(
                rng=random.Random(seed), writer=writer, now=writer.now, total=candidates
            )
            people = generator.staffing(regions, count=candidates)
            writer.flush()
            stages: dict[str, int] = defaultdict(int)
            for start in range(0, candidates, batch):
                for _ in range(min(batch, candidates - start)):
                    stages[generator.candidate(places, people)] += 1
                writer.flush()
                done = min(start + batch, candidates)
                elapsed = clock.monotonic() - started
                self.stdout.write(
                    f"{done:>9,} / {candidates:,} candidates, {writer.rows_written:>11,} rows, "
                    f"{writer.rows_written / elapsed:>9,.0f} rows/s, {elapsed:6.0f} s"
                )
            writer.finish()
            self._second_factor(generator.privileged)
        loaded = clock.monotonic() - started
        if use_copy:
            # VACUUM as well as ANALYZE: rows loaded by COPY have no visibility map until
            # vacuumed, so index-only scans are impossible. Production's autovacuum does this
            # soon after a load; a database server with autovacuum off never would.
            # Inside a transaction (the tests) VACUUM is impossible; ANALYZE alone then.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            self.stdout.write(f"{command}…")
            with connection.cursor() as cursor:
                cursor.execute(command)
        elapsed = clock.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"{candidates:,} candidates and {writer.rows_written:,} rows in {elapsed:.0f} s "
                f"({writer.rows_written / loaded:,.0f} rows/s while loading)."
            )
        )
        for stage in STAGE_WEIGHTS:
            self.stdout.write(f"  {stage:<15} {stages.get(stage, 0):>9,}")
        self._refresh_analytics()

    def _refresh_analytics(self) -> None:
        """The dashboard reads summary cells that beat refreshes every 30 minutes: fill them
        now, as the first beat would, and say what the refresh costs at this size."""
        self.stdout.write("Analytics refresh (the dashboard's summary cells)…")
        # Linux resets a process's peak resident memory (VmHWM) on "5" written to
        # clear_refs, so the figure is the refresh's own, not the seeding's.
        try:
            with open("/proc/self/clear_refs", "w") as clear_refs:
                clear_refs.write("5")
            what = "peak memory"
        except OSError:
            what = "peak memory of the whole command"
        started = clock.monotonic()
        snapshot = analytics_refresh()
        self.stdout.write(
            f"Analytics refresh: {snapshot.candidates:,} candidates in {clock.monotonic() - started:.0f} s, "
            f"{what} {_peak_memory_mb():,.0f} MB."
        )

    def _regions(self) -> dict[str, int]:
        """The demo's regions (every state in one), created when missing."""
        regions = {}
        for name, states in REGIONS.items():
            region, _ = Region.objects.get_or_create(name=name)
            if not region.states.exists():
                services.region_set_states(region=region, states=states)
            regions[name] = region.pk
        missing = set(State.values) - set(RegionState.objects.values_list("state", flat=True))
        if missing:
            raise CommandError(f"These states have no region: {', '.join(sorted(missing))}.")
        return regions

    def _skip_fk_triggers_if_allowed(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            if cursor.fetchone()[0]:
                cursor.execute("SET LOCAL session_replication_role = replica")
            else:
                self.stdout.write("Not a superuser: foreign keys are checked at commit (slower).")

    def _second_factor(self, user_ids: list[int]) -> None:
        """Staff, directors and committee members have an authenticator app, as production
        requires (rfs.middleware.RequireTwoFactorMiddleware)."""
        rng = random.Random(len(user_ids))
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        Authenticator.objects.bulk_create(
            [
                Authenticator(
                    user_id=user_id,
                    type=Authenticator.Type.TOTP,
                    data={"secret": encrypt("".join(rng.choice(alphabet) for _ in range(32)))},
                )
                for user_id in user_ids
            ]
        )
