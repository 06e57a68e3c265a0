"""The load scenario: one locust user class per page of the plan (``bench/prepare.py``).

Run by ``bench/run.py``, one page at a time, headless:

    .bench-venv/bin/locust -f bench/locustfile.py --headless -u 4 -r 4 -t 20s \\
        --host http://127.0.0.1:8765 --csv var/bench/journey Journey

Environment: ``BENCH_PLAN`` (the plan's JSON, default var/bench/plan.json) and
``BENCH_RAW`` (where to write every response time, in milliseconds, for exact
percentiles: locust's own CSV rounds them to whole milliseconds, too coarse next to a
reference page that answers in one or two).

Each virtual user sends its own client address in X-Forwarded-For (the benchmark
profile trusts one proxy hop), so allauth's rate limits see different people; each
signup is a different person with a different address. Signed-in users carry a session
made by ``bench.prepare.sign_in``. A page answers 200 (signup's POST: a 302 to the code
page); anything else counts as an error.
"""

import json
import os
import random
import re
import time
import uuid

from locust import FastHttpUser, constant, events, task

PLAN_PATH = os.environ.get("BENCH_PLAN", os.path.join("var", "bench", "plan.json"))
RAW_PATH = os.environ.get("BENCH_RAW", "")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FIELD_ERROR = re.compile(r'id="error_\d+_id_(\w+)"><strong>([^<]{0,150})')

# (name, milliseconds, answered as expected, when it ended: seconds since the epoch)
_samples: list[tuple[str, float, bool, float]] = []


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    _samples.append((name, response_time, exception is None, time.time()))


@events.quitting.add_listener
def _write_samples(environment, **kwargs):
    if RAW_PATH:
        with open(RAW_PATH, "w") as out:
            json.dump(_samples, out)


def client_address() -> str:
    """An address from the benchmarking range (RFC 2544); it is only ever a header value."""
    number = random.getrandbits(16)
    return f"198.18.{number >> 8}.{number & 255}"


class PageUser(FastHttpUser):
    """GET one of the page's addresses again and again, as one of its signed-in people."""

    abstract = True
    wait_time = constant(0)
    page: dict = {}

    def on_start(self) -> None:
        self.address = client_address()
        sessions = self.page["sessions"]
        self.cookie = f"sessionid={random.choice(sessions)}" if sessions else ""

    @task
    def visit(self) -> None:
        self.client.cookiejar.clear()  # only the session below, never cookies piled up by responses
        headers = {"X-Forwarded-For": self.address}
        if self.cookie:
            headers["Cookie"] = self.cookie
        path = random.choice(self.page["paths"])
        with self.client.get(
            path,
            headers=headers,
            name=self.page["name"],
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class SignupPageUser(PageUser):
    """A new person: the signup form, a few seconds filling it in (none in the surge), then
    a complete answer (302 to the code page); then the next person."""

    abstract = True

    def wait_time(self) -> float:
        return random.uniform(*self.page["pause"]) if self.page["pause"] else 0

    @task
    def visit(self) -> None:
        self.client.cookiejar.clear()
        headers = {"X-Forwarded-For": client_address()}
        path = self.page["paths"][0]
        with self.client.get(
            path, headers=headers, name=self.page["name"], catch_response=True
        ) as response:
            found = CSRF_FIELD.search(response.text or "")
            if response.status_code != 200 or found is None:
                response.failure(f"HTTP {response.status_code} without a form")
                return
        if self.page["think"]:
            time.sleep(random.uniform(*self.page["think"]))  # gevent's sleep: other users go on
        person = uuid.uuid4().hex[:12]
        form = {
            "csrfmiddlewaretoken": found.group(1),
            "name": f"Bench {person}",
            "email": f"{person}@{self.page['email_domain']}",
            "phone": f"(212) 555-01{random.randint(0, 99):02d}",
            "zip_code": random.choice(self.page["zips"]),
            "date_of_birth": "1990-05-01",
            "when_might_run": "two_years",
            "run_before": "never",
            "heard_from": "social",
            "consent_email": "on",
        }
        headers["Referer"] = self.host + path
        with self.client.post(
            path,
            data=form,
            headers=headers,
            name=f"{self.page['name']}_post",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                errors = FIELD_ERROR.findall(response.text or "")
                said = "; ".join(f"{field}: {message}" for field, message in errors)
                response.failure(f"HTTP {response.status_code} {said}"[:300])


def _class_name(page_name: str) -> str:
    return page_name.title().replace("_", "")


def _user_classes() -> dict[str, type]:
    """One user class per page that can be driven (skipped pages have none)."""
    if not os.path.exists(PLAN_PATH):
        return {}
    with open(PLAN_PATH) as plan_file:
        plan = json.load(plan_file)
    classes = {}
    for page in plan["pages"]:
        if page["missing"]:
            continue
        base = SignupPageUser if page["kind"] in ("signup", "surge") else PageUser
        name = _class_name(page["name"])
        classes[name] = type(
            name, (base,), {"page": page, "abstract": False, "__module__": __name__}
        )
    return classes


globals().update(_user_classes())
