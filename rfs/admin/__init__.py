"""The admin is the directors' workplace: every model admin scopes rows to the user's regions.

``base`` holds ``RegionScopedAdmin`` and ``RegionFilter``, which every app's admins build
on; ``site`` hands the admin's own sign-in pages to allauth; the rest register rfs's models.
"""

from . import people, records, regions, site  # noqa: F401  (site setup; each module registers its admins)
from .base import RegionFilter, RegionScopedAdmin
from .records import OutboundEmailAdmin

__all__ = ["OutboundEmailAdmin", "RegionFilter", "RegionScopedAdmin"]
