#!/usr/bin/env python
"""How fast is the offices import? Generate a national file, import it, import it again.

    createdb -h 127.0.0.1 -U postgres rfs_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/rfs_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python scripts/bench_import_offices.py            # 500,000 offices

The file is generated from a seed (same seed, same file) into a temporary file: about
85,000 jurisdictions in every state and DC, with the offices of each (council wards,
school board seats, legislative districts, judges...), most with an upcoming election
and some with Open Civic Data ids. The script then runs the import the way the
``import_offices`` command does (check the file, then stream it in batches) and prints
rows per second and the total time; then imports the same file again, which must leave
everything unchanged; then a version of the file where every office and election has
changed, which must update them all. Each time is printed.

It needs an empty offices table (drop and create the database to run it again), and
PostgreSQL: the target is 500,000 offices in under 10 minutes on the production database.
``--allow-sqlite`` runs it on SQLite anyway, for a quick look.
"""

import argparse
import csv
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rfs.settings")

STATES = [
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
]
FIRST = [
    "Cedar",
    "Oak",
    "Maple",
    "River",
    "Lake",
    "Pine",
    "Spring",
    "Fair",
    "Green",
    "Rock",
    "Elm",
    "Clear",
]
SECOND = [
    "Falls",
    "Grove",
    "Ridge",
    "View",
    "Haven",
    "Field",
    "Creek",
    "Hill",
    "Port",
    "Wood",
    "Bay",
    "Park",
]

# (jurisdiction kind, how often, its offices: (name, level, districts, seats, term, partisan))
KINDS = [
    (
        "municipality",
        45,
        [
            ("Mayor", "municipal", 0, 1, 4, "no"),
            ("City Council", "municipal", 6, 1, 4, "no"),
            ("City Clerk", "municipal", 0, 1, 4, "no"),
        ],
    ),
    ("school_district", 25, [("Board of Education", "school_board", 0, 7, 4, "no")]),
    (
        "county",
        12,
        [
            ("Board of Commissioners", "county", 5, 1, 4, "yes"),
            ("Sheriff", "county", 0, 1, 4, "yes"),
            ("County Clerk", "county", 0, 1, 4, "yes"),
            ("District Attorney", "county", 0, 1, 4, "yes"),
        ],
    ),
    ("special_district", 13, [("Board of Directors", "special_district", 0, 5, 4, "")]),
    ("judicial_district", 5, [("Judge of the District Court", "judicial", 8, 1, 6, "no")]),
]


def election_day(year: int) -> date:
    """The Tuesday after the first Monday in November."""
    first = date(year, 11, 1)
    monday = first + timedelta(days=(7 - first.weekday()) % 7)
    return monday + timedelta(days=1)


def generate(path: Path, rows: int, seed: int, changed: bool = False) -> None:
    """Write the file. ``changed``: the same offices, each with one more seat and every
    election with a new filing fee (to time an import that updates everything)."""
    from candidates.imports import COLUMNS

    rng = random.Random(seed)
    weights = [kind[1] for kind in KINDS]
    written = 0
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS)

        def write(
            state,
            jurisdiction,
            kind,
            county,
            city,
            ocd_id,
            office,
            level,
            district,
            seats,
            term,
            partisan,
        ):
            nonlocal written
            cells = {
                "state": state,
                "jurisdiction_name": jurisdiction,
                "jurisdiction_kind": kind,
                "county": county,
                "city": city,
                "jurisdiction_ocd_id": ocd_id,
                "election_office_url": f"https://elections.{state.lower()}.example.gov/",
                "office_name": office,
                "level": level,
                "district": district,
                "seats": seats,
                "term_years": term,
                "partisan": partisan,
                "office_ocd_id": f"ocd-post/bench-{written}" if rng.random() < 0.3 else "",
            }
            if rng.random() < 0.8:
                day = election_day(rng.choice([2027, 2028, 2029, 2030]))
                cells |= {
                    "election_date": day.isoformat(),
                    "election_kind": "general",
                    "filing_deadline": (day - timedelta(days=rng.choice([70, 84, 98]))).isoformat(),
                    "filing_fee": rng.choice(["", "2", "50", "100", "250", "500.00"]),
                    "signatures_required": rng.choice(["", "25", "100", "500", "1,500"]),
                }
            if changed:
                cells["seats"] = seats + 1
                if "election_date" in cells:
                    cells["filing_fee"] = "999"
            writer.writerow([cells.get(column, "") for column in COLUMNS])
            written += 1

        # Each state's legislature first, then places until the file is full.
        for state in STATES:
            for chamber, districts in (("House of Representatives", 100), ("Senate", 40)):
                for number in range(1, districts + 1):
                    write(
                        state,
                        state,
                        "state",
                        "",
                        "",
                        f"ocd-division/country:us/state:{state.lower()}",
                        f"{state} {chamber}",
                        "state_legislature",
                        f"District {number}",
                        1,
                        2 if chamber.startswith("House") else 4,
                        "yes",
                    )
        number = 0
        while written < rows:
            number += 1
            state = STATES[number % len(STATES)]
            kind, _weight, offices = rng.choices(KINDS, weights)[0]
            place = f"{rng.choice(FIRST)} {rng.choice(SECOND)} {number}"
            # County jurisdictions are numbered like the others so that their names stay unique.
            county = f"{rng.choice(FIRST)} County {number if kind == 'county' else number % 97}"
            city = place if kind in ("municipality", "school_district") else ""
            name = {
                "municipality": place,
                "school_district": f"{place} School District",
                "county": county,
                "special_district": f"{place} Water District",
                "judicial_district": f"Judicial District {number}",
            }[kind]
            ocd_id = (
                f"ocd-division/country:us/state:{state.lower()}/place:{place.lower().replace(' ', '_')}"
                if kind == "municipality" and rng.random() < 0.5
                else ""
            )
            for office, level, districts, seats, term, partisan in offices:
                for district in [f"Ward {n}" for n in range(1, districts + 1)] or [""]:
                    write(
                        state,
                        name,
                        kind,
                        county,
                        city,
                        ocd_id,
                        office,
                        level,
                        district,
                        seats,
                        term,
                        partisan,
                    )
    # The loop finishes a jurisdiction, so the file may run a few rows over.


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--rows", type=int, default=500_000, help="Offices to generate (default 500,000)."
    )
    parser.add_argument("--seed", type=int, default=2026, help="Random seed (default 2026).")
    parser.add_argument(
        "--batch-size", type=int, default=None, help="Rows per batch (the import's default)."
    )
    parser.add_argument(
        "--allow-sqlite", action="store_true", help="Run on a database that is not PostgreSQL."
    )
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")) and not args.allow_sqlite:
        sys.exit("DATABASE_URL must point at PostgreSQL (or pass --allow-sqlite).")

    import django

    django.setup()
    from django.db import connection

    from candidates.imports import DEFAULT_BATCH_SIZE, csv_open, offices_import
    from candidates.models import Office

    if connection.vendor != "postgresql" and not args.allow_sqlite:
        sys.exit(f"The database is {connection.vendor}, not PostgreSQL (or pass --allow-sqlite).")
    if Office.objects.exists():
        sys.exit(
            "The database already has offices: use an empty database (drop and create it, then migrate)."
        )
    batch_size = args.batch_size or DEFAULT_BATCH_SIZE

    with tempfile.TemporaryDirectory() as folder:
        same, changed = Path(folder) / "offices.csv", Path(folder) / "offices-changed.csv"
        started = time.monotonic()
        generate(same, args.rows, args.seed)
        generate(changed, args.rows, args.seed, changed=True)
        print(
            f"Generated {same.stat().st_size / 1e6:,.0f} MB twice in {time.monotonic() - started:,.1f} s "
            f"({connection.vendor}, batches of {batch_size:,})."
        )

        for label, path in (
            ("Import", same),
            ("Re-import", same),
            ("Every office changed", changed),
        ):
            started = time.monotonic()
            with path.open("rb") as file:
                csv_file = csv_open(file)

                def progress(report, started=started, total=csv_file.total_rows):
                    if report.rows % (batch_size * 25) == 0 or report.rows == total:
                        elapsed = time.monotonic() - started
                        print(
                            f"  {report.rows:,} of {total:,} rows, {report.rows / elapsed:,.0f} rows/s",
                            flush=True,
                        )

                report = offices_import(
                    rows=csv_file.rows, dry_run=False, batch_size=batch_size, progress=progress
                )
            elapsed = time.monotonic() - started
            print(
                f"{label}: {report.rows:,} rows in {elapsed:,.1f} s ({report.rows / elapsed:,.0f} rows/s); "
                f"{len(report.errors)} bad rows"
            )
            for name in ("offices", "jurisdictions", "elections"):
                print(f"  {name}: {getattr(report, name)}")
            if report.errors:
                print("  first bad rows:", *report.errors[:5], sep="\n    ")
            if label == "Re-import" and (
                report.offices.changed or report.jurisdictions.changed or report.elections.changed
            ):
                sys.exit("The re-import changed something: it must leave everything unchanged.")
            if label == "Every office changed" and report.offices.updated != report.rows - len(
                report.errors
            ):
                sys.exit("The changed file should have updated every office.")


if __name__ == "__main__":
    main()
