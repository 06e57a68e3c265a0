from . import calls, offices, people  # noqa: F401  (each module registers its model admins)
