"""Who may see the dashboard and refresh its figures (django-rules; loaded by rules' autodiscovery).

The permission names keep their ``rfs.`` prefix: they are the names roles were granted
under before the dashboard had an app of its own.
"""

import rules

from rfs.rules import is_national_staff, is_regional_director

# The directors' dashboard: directors (their regions' cells) and national staff. The
# fair-share breakdown by demographics is aggregate only, for the same roles.
rules.add_perm("rfs.view_dashboard", is_national_staff | is_regional_director)
rules.add_perm("rfs.view_fair_share", is_national_staff | is_regional_director)
# Recomputing the figures on demand ("Refresh now"): national staff only.
rules.add_perm("rfs.refresh_analytics", is_national_staff)
