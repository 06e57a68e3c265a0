from . import calls, offices, people, screening  # noqa: F401  (each module registers its model admins)
