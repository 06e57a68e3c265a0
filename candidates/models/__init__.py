from .offices import Election, Jurisdiction, Office
from .people import Candidate, Demographics, OfficeInterest, Race, StageChange

__all__ = [
    "Candidate", "Demographics", "Election", "Jurisdiction", "Office", "OfficeInterest", "Race",
    "StageChange",
]
