"""What the scale population is made of: names, places' weights, the funnel, the texts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from candidates.enums import (
    Concern,
    Generation,
    HeardFrom,
    OfficeLevel,
    RaceEthnicity,
    Stage,
    WhenMightRun,
)
from mentorship.enums import QuestionStatus
from resources.enums import Topic

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


def elections_around(today: date) -> tuple[list[date], list[date]]:
    """Past and next November elections as seen from ``today``."""
    years = range(today.year - 3, today.year + 3)
    days = [_election_day(year) for year in years]
    return [d for d in days if d < today][-3:], [d for d in days if d > today][:2]


def _election_day(year: int) -> date:
    first = date(year, 11, 1)
    monday = first + timedelta(days=(0 - first.weekday()) % 7)
    return monday + timedelta(days=1)


def tuesday_call_at_or_before(when: datetime) -> datetime:
    """The latest Tuesday 23:00 UTC at or before ``when``."""
    call = when.replace(hour=23, minute=0, second=0, microsecond=0) - timedelta(
        days=(when.weekday() - 1) % 7
    )
    return call if call <= when else call - timedelta(days=7)
