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
    "CallStatus", "IntroCall", "IntroCallRegistration", "IntroCallSchedule", "RegistrationStatus", "Weekday",
    "Candidate", "Demographics", "Election", "Jurisdiction", "Office", "OfficeInterest", "Race",
    "StageChange", "Screener", "ScreenerAvailability", "ScreeningCall", "ScreeningLog",
]
