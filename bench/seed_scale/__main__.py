"""``python -m bench.seed_scale --candidates N [--seed 42] [--batch 10000] [--force]``."""

import argparse
import os
import sys

import django


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.seed_scale",
        description="Fill the database with a national population of fake candidates for "
        "benchmarks (reproducible).",
    )
    parser.add_argument("--candidates", type=int, required=True, help="How many candidates.")
    parser.add_argument(
        "--seed", type=int, default=42, help="Random seed: the same seed gives the same people."
    )
    parser.add_argument(
        "--batch", type=int, default=10000, help="Candidates generated per COPY batch."
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="Run with DEBUG off too (the benchmark database): it creates fake people.",
    )
    options = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rfs.settings")
    django.setup()
    from django.core.management.base import CommandError

    from .command import seed_scale

    try:
        seed_scale(**vars(options))
    except CommandError as error:
        print(f"CommandError: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
