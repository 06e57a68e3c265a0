from .calls import IntroCall, IntroCallRegistration, IntroCallSchedule
from .offices import Election, Jurisdiction, Office
from .people import Candidate, Demographics, OfficeInterest, Race, StageChange
from .screening import Screener, ScreenerAvailability, ScreeningCall, ScreeningLog

__all__ = [
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
    "Screener",
    "ScreenerAvailability",
    "ScreeningCall",
    "ScreeningLog",
    "StageChange",
]
