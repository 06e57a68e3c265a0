"""The library, trainings, perks and community are managed by national staff in the admin.

Every model here is national (``region_path = None``): directors and everyone else see
none of it (``rules.py`` grants these permissions to national staff only), except the
partner organisations: directors see them all and add and change their own states'. Staff write
resources and lessons in Markdown and see the rendered preview after saving. What was
sent to whom, perk claims and the directory are read-only lists: candidates and
screeners write those from their own pages.
"""

from . import community, library, partners, trainings  # noqa: F401  (each module registers its model admins)
from .community import PerkAdmin

__all__ = ["PerkAdmin"]
