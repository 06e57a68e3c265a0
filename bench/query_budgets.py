"""Query budgets: how many SQL queries each benchmarked page makes, against this database.

    DATABASE_URL=postgres://.../rfs_bench python -m bench.query_budgets OUT.json

Signs in the same kind of virtual users as the load scenario (``bench.prepare``), asks
each page three times through Django's test client and counts the queries of the third
(the first two warm the caches any process has: content types, the site, templates).
``bench/run.py`` runs it against the 1,000-candidate database and the full one and
prints the two side by side: they must be equal.
"""

from __future__ import annotations

import json
import sys
import uuid

from bench.prepare import SIGNUP_DOMAIN, build_plan, scale_candidates  # sets up Django first

# isort: split
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

HOST = "127.0.0.1"


def signup_form(page: dict) -> dict:
    return {
        "name": "Riley Park",
        "email": f"{uuid.uuid4().hex[:12]}@{SIGNUP_DOMAIN}",
        "phone": "(212) 555-0123",
        "zip_code": page["zips"][0],
        "date_of_birth": "1990-05-01",
        "when_might_run": "two_years",
        "run_before": "never",
    }


def count(client: Client, method: str, path: str, data: dict | None = None) -> tuple[int, int]:
    """(status, queries) of one request."""
    headers = {
        "HTTP_HOST": HOST,
        "HTTP_X_FORWARDED_FOR": f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}",
    }
    with CaptureQueriesContext(connection) as queries:
        response = (
            client.post(path, data, **headers) if method == "POST" else client.get(path, **headers)
        )
    return response.status_code, len(queries)


def measure() -> dict[str, dict]:
    results: dict[str, dict] = {}
    for page in build_plan():
        page = page.__dict__
        if page["kind"] == "surge":  # the signup page's form and POST, measured there
            continue
        if page["missing"]:
            results[page["name"]] = {"title": page["title"], "missing": page["missing"]}
            continue
        client = Client()
        if page["sessions"]:
            client.cookies["sessionid"] = page["sessions"][0]
        path = page["paths"][0]
        for _ in range(2):
            count(client, "GET", path)
        status, queries = count(client, "GET", path)
        results[page["name"]] = {"title": page["title"], "status": status, "queries": queries}
        if page["kind"] == "signup":
            for _ in range(2):
                count(Client(), "POST", path, signup_form(page))
            status, queries = count(Client(), "POST", path, signup_form(page))
            results["signup_post"] = {
                "title": "Signup: a new person (POST)",
                "status": status,
                "queries": queries,
            }
    return results


def main(argv: list[str]) -> None:
    if len(argv) != 2:
        raise SystemExit(__doc__)
    results = {"candidates": scale_candidates(), "pages": measure()}
    with open(argv[1], "w") as out:
        json.dump(results, out, indent=1)
    for name, row in results["pages"].items():
        said = row.get("missing") or "{queries} queries (HTTP {status})".format(**row)
        print(f"  {name:<12} {said}")


if __name__ == "__main__":
    main(sys.argv)
