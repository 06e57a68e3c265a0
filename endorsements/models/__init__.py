from .applications import Application, ApplicationEvent, FilingEvidence
from .cycles import Cycle
from .endorsements import Endorsement
from .reviews import DirectorRecommendation, ResearchItem, Vote

__all__ = [
    "Application",
    "ApplicationEvent",
    "Cycle",
    "DirectorRecommendation",
    "Endorsement",
    "FilingEvidence",
    "ResearchItem",
    "Vote",
]
