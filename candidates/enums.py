"""Vocabulary of the candidates app: office levels, kinds of jurisdiction, stages, and the
statuses of intro calls and their registrations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OfficeLevel(models.TextChoices):
    """Every office has a level, so reports and eligibility rules can rely on it."""

    STATE_LEGISLATURE = "state_legislature", _("State legislature")
    STATEWIDE = "statewide", _("Statewide")
    COUNTY = "county", _("County")
    MUNICIPAL = "municipal", _("City or town")
    SCHOOL_BOARD = "school_board", _("School board")
    JUDICIAL = "judicial", _("Judicial")
    SPECIAL_DISTRICT = "special_district", _("Special district")


class JurisdictionKind(models.TextChoices):
    STATE = "state", _("State")
    COUNTY = "county", _("County")
    MUNICIPALITY = "municipality", _("City or town")
    SCHOOL_DISTRICT = "school_district", _("School district")
    JUDICIAL_DISTRICT = "judicial_district", _("Judicial district")
    SPECIAL_DISTRICT = "special_district", _("Special district")


class ElectionKind(models.TextChoices):
    GENERAL = "general", _("General")
    PRIMARY = "primary", _("Primary")
    SPECIAL = "special", _("Special")
    RUNOFF = "runoff", _("Runoff")


class Stage(models.TextChoices):
    """The furthest milestone of the candidate's current run (PRODUCT.md, "Stages")."""

    SIGNED_UP = "signed_up", _("Signed up")
    INTRO_ATTENDED = "intro_attended", _("Intro call attended")
    SCREENED = "screened", _("Screened")
    RUNNING = "running", _("Running")
    APPLIED = "applied", _("Applied for endorsement")
    ENDORSED = "endorsed", _("Endorsed")
    NOT_ENDORSED = "not_endorsed", _("Not endorsed")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


# The one table of legal moves: from -> the stages it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.SIGNED_UP: frozenset({Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING}),
    Stage.INTRO_ATTENDED: frozenset({Stage.SCREENED, Stage.RUNNING}),
    Stage.SCREENED: frozenset({Stage.RUNNING}),
    Stage.RUNNING: frozenset({Stage.APPLIED, Stage.WON, Stage.LOST}),
    Stage.APPLIED: frozenset({Stage.ENDORSED, Stage.NOT_ENDORSED}),
    Stage.NOT_ENDORSED: frozenset({Stage.APPLIED, Stage.WON, Stage.LOST}),
    Stage.ENDORSED: frozenset({Stage.WON, Stage.LOST}),
    Stage.WON: frozenset({Stage.RUNNING}),
    Stage.LOST: frozenset({Stage.RUNNING}),
}

# How far along each stage is. A step to a milestone at or below the current one (an
# intro call attended by someone already running) is recorded as an event instead.
STAGE_RANK: dict[str, int] = {
    Stage.SIGNED_UP: 0,
    Stage.INTRO_ATTENDED: 1,
    Stage.SCREENED: 2,
    Stage.RUNNING: 3,
    Stage.APPLIED: 4,
    Stage.ENDORSED: 5,
    Stage.NOT_ENDORSED: 5,
    Stage.WON: 6,
    Stage.LOST: 6,
}


class Activity(models.TextChoices):
    """Separate from the stage: pausing or withdrawing never changes the stage."""

    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ChangeKind(models.TextChoices):
    MOVE = "move", _("Stage move")
    EVENT = "event", _("Milestone already passed")
    ACTIVITY = "activity", _("Activity change")


class WhenMightRun(models.TextChoices):
    THIS_YEAR = "this_year", _("In the next 12 months")
    NEXT_TWO_YEARS = "two_years", _("In the next 2 years")
    LATER = "later", _("Later than that")
    NOT_SURE = "not_sure", _("I'm not sure yet")


class RunBefore(models.TextChoices):
    NEVER = "never", _("No, this would be my first time")
    RAN_BEFORE = "ran", _("I've run before")
    HOLD_OFFICE = "hold", _("I hold elected office now")


class HeardFrom(models.TextChoices):
    FRIEND = "friend", _("A friend or family member")
    SOCIAL = "social", _("Social media")
    NEWS = "news", _("News or a podcast")
    SEARCH = "search", _("A web search")
    ORGANIZATION = "organization", _("Another organization")
    EVENT = "event", _("An event")
    OTHER = "other", _("Somewhere else")


class FilingStatus(models.TextChoices):
    EXPLORING = "exploring", _("Exploring")
    COLLECTING = "collecting_signatures", _("Collecting signatures")
    FILED = "filed", _("Filed")
    ON_BALLOT = "on_ballot", _("On the ballot")


# Filing has started: declaring such a race moves the candidate to running.
FILING_STARTED = frozenset({FilingStatus.COLLECTING, FilingStatus.FILED, FilingStatus.ON_BALLOT})


class RaceResult(models.TextChoices):
    WON = "won", _("Won")
    LOST = "lost", _("Lost")
    RUNOFF = "runoff", _("Runoff")
    WITHDREW = "withdrew", _("Withdrew")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NONBINARY = "nonbinary", _("Non-binary")
    SELF_DESCRIBE = "self", _("I'd describe it differently")
    NO_ANSWER = "no_answer", _("Prefer not to say")


class RaceEthnicity(models.TextChoices):
    AMERICAN_INDIAN = "american_indian", _("American Indian or Alaska Native")
    ASIAN = "asian", _("Asian")
    BLACK = "black", _("Black or African American")
    LATINO = "latino", _("Hispanic or Latino/a/x")
    MIDDLE_EASTERN = "mena", _("Middle Eastern or North African")
    PACIFIC_ISLANDER = "pacific_islander", _("Native Hawaiian or Pacific Islander")
    WHITE = "white", _("White")
    OTHER = "other", _("Another race or ethnicity")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NO_ANSWER = "no_answer", _("Prefer not to say")


class Generation(models.TextChoices):
    FIRST = "first", _("First-generation American")
    SECOND = "second", _("Second-generation American")
    NEITHER = "neither", _("Neither")
    NO_ANSWER = "no_answer", _("Prefer not to say")


class ScreenerStatus(models.TextChoices):
    APPLIED = "applied", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    PAUSED = "paused", _("Paused")


class ScreeningCallStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned, time to be agreed")
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    LOGGED = "logged", _("Logged")


class Concern(models.TextChoices):
    MONEY = "money", _("Money and fundraising")
    TIME = "time", _("Time")
    FAMILY = "family", _("Family")
    BALLOT_ACCESS = "ballot_access", _("Getting on the ballot")
    SAFETY = "safety", _("Safety and harassment")
    EXPERIENCE = "experience", _("Experience")
    PUBLIC_SPEAKING = "public_speaking", _("Public speaking")
    JOB = "job", _("Job or career")
    OTHER = "other", _("Something else")


class ScreeningNextStep(models.TextChoices):
    READY = "ready_to_run", _("Ready to run")
    BUILD_EXPERIENCE = "build_experience", _("Build experience first")
    NEEDS_MENTOR = "needs_mentor", _("Needs a mentor")
    NOT_NOW = "not_now", _("Not now")


class CallStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITLISTED = "waitlisted", _("On the waitlist")
    CANCELLED = "cancelled", _("Cancelled")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")
