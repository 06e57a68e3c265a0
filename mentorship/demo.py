"""Demo data for the mentorship app, called by `seed_demo` (idempotent)."""


def seed(*, stdout) -> None:
    return None
