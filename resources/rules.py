"""Who may manage resources: national staff."""

import rules

from rfs.rules import is_national_staff

rules.add_perm("resources", is_national_staff)
for _model in ("resource", "sentresource"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"resources.{_action}_{_model}", is_national_staff)
