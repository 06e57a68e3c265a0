from .calls import (
    CallStatus,
    IntroCall,
    IntroCallRegistration,
    IntroCallSchedule,
    RegistrationStatus,
    Weekday,
)
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
