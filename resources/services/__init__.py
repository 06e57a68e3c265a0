"""Writes of the resources app: library (bookmarks, lessons, resources sent after screening)
and community (perk claims, directory profiles). Import from here: ``from resources import
services``."""

from .community import PerkUnavailable, directory_profile_save, perk_claim
from .library import bookmark_toggle, lesson_complete, resources_send_after_screening

__all__ = [
    "PerkUnavailable",
    "bookmark_toggle",
    "directory_profile_save",
    "lesson_complete",
    "perk_claim",
    "resources_send_after_screening",
]
