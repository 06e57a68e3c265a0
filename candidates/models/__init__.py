# The call enums live in candidates.enums; re-exported here only for seed_scale, which
# moves into bench/ on another branch (TEMPORARY: drop with it).
from ..enums import CallStatus, RegistrationStatus, Weekday
from .calls import IntroCall, IntroCallRegistration, IntroCallSchedule
from .offices import Election, Jurisdiction, Office
from .people import Candidate, Demographics, OfficeInterest, Race, StageChange
from .screening import Screener, ScreenerAvailability, ScreeningCall, ScreeningLog

__all__ = [
    "CallStatus",
    "Candidate",
    "Demographics",
    "Election",
    "IntroCall",
    "IntroCallRegistration",
    "IntroCallSchedule",
    "Jurisdiction",
    "Office",
    "OfficeInterest",
    "Race",
    "RegistrationStatus",
    "Screener",
    "ScreenerAvailability",
    "ScreeningCall",
    "ScreeningLog",
    "StageChange",
    "Weekday",
]
