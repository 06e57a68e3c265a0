"""Demo data for the resources app, called by `seed_demo` (idempotent)."""


def seed(*, stdout) -> None:
    return None
