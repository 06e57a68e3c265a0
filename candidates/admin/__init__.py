from . import offices, people  # noqa: F401  (each module registers its model admins)
