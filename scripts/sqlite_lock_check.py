"""Count "database is locked" errors under concurrent SQLite writers, before and after.

    python scripts/sqlite_lock_check.py --mode before   # Django's defaults: DEFERRED, rollback journal
    python scripts/sqlite_lock_check.py --mode after    # rfs/settings.py: IMMEDIATE, WAL

Each writer process loops for --seconds doing what a signup and the outbox do: a
transaction that reads, then writes. Under DEFERRED, two such transactions that both
read first cannot both upgrade to writing, and SQLite fails one of them at once with
"database is locked" (waiting would deadlock, so the timeout does not help).
"""

import argparse
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

MODES = {
    # Django's SQLite defaults, as the settings were before issue 17.
    "before": {"timeout": 5},
    # What rfs/settings.py now sets for SQLite.
    "after": {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    },
}


def setup_django(path: str, mode: str) -> None:
    import django
    from django.conf import settings

    settings.configure(
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": path,
                "OPTIONS": MODES[mode],
            }
        },
        USE_TZ=True,
    )
    django.setup()


def writer(path: str, mode: str, seconds: float, results) -> None:
    setup_django(path, mode)
    from django.db import OperationalError, connection, transaction

    ok = locked = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM item WHERE name = %s", ["x"])
                cursor.fetchone()
                time.sleep(0.002)  # the Python work between the read and the write
                cursor.execute("INSERT INTO item (name) VALUES (%s)", ["x"])
            ok += 1
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            locked += 1
    results.put((ok, locked))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=sorted(MODES), required=True)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "check.sqlite3")
        import sqlite3

        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)")
        results = multiprocessing.Queue()
        processes = [
            multiprocessing.Process(target=writer, args=(path, args.mode, args.seconds, results))
            for _ in range(args.writers)
        ]
        for process in processes:
            process.start()
        totals = [results.get(timeout=args.seconds + 60) for _ in processes]
        for process in processes:
            process.join(timeout=10)
    ok = sum(t[0] for t in totals)
    locked = sum(t[1] for t in totals)
    print(
        f"mode={args.mode} writers={args.writers} seconds={args.seconds:g} "
        f"transactions={ok} locked_errors={locked}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
