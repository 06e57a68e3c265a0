"""Who may see and change candidates."""

import rules

from rfs.rules import is_national_staff, is_regional_director

rules.add_perm("candidates", is_national_staff | is_regional_director)
# Directors work on their regions' candidates (the admin scopes the rows); staff on all.
rules.add_perm("candidates.view_candidate", is_national_staff | is_regional_director)
rules.add_perm("candidates.change_candidate", is_national_staff | is_regional_director)

# Offices data (jurisdictions, offices, elections) is managed by national staff.
for _model in ("jurisdiction", "office", "election"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"candidates.{_action}_{_model}", is_national_staff)
