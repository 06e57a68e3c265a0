"""Demo data for the endorsements app, called by `seed_demo` (idempotent)."""


def seed(*, stdout) -> None:
    return None
