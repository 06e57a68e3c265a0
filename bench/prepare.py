"""The benchmark's plan: which pages, at which addresses, as whom.

    python -m bench.prepare status            # how many scale candidates the database holds
    python -m bench.prepare refresh           # the dashboard's summary cells, if never computed
    python -m bench.prepare plan OUT.json     # sign the virtual users in and write the plan

Run with ``DJANGO_SETTINGS_MODULE=rfs.settings_bench`` (``bench/run.py`` does).

Virtual users are signed in the way allauth leaves a session after a real sign-in by
emailed code: Django's auth keys, and allauth's record of the methods used, with the
second factor (TOTP) for staff and directors, who have an authenticator app (seed_scale
gives them one, as production requires). The sessions are written straight into the
session store: no login path is loosened for the benchmark, and none is exercised by
it except the pages themselves.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from dataclasses import asdict, dataclass, field
from importlib import import_module

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rfs.settings_bench")
django.setup()

import zipcodes  # noqa: E402
from allauth.account.internal.flows.login import (  # noqa: E402
    _AUTHENTICATION_METHODS_USER_SESSION_KEY,
    AUTHENTICATION_METHODS_SESSION_KEY,
)
from allauth.mfa.models import Authenticator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db.models import Count, Max, Min, Q  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.seed_scale.data import EMAIL_DOMAIN, LAST_NAMES  # noqa: E402
from candidates.enums import Stage  # noqa: E402
from candidates.models import Candidate, IntroCall, Screener  # noqa: E402
from mentorship.models import Mentor  # noqa: E402
from rfs.enums import Role, State  # noqa: E402
from rfs.models import OutboundEmail, Region, User  # noqa: E402

# People who sign up during the benchmark (the signup page, the surge); removed, with
# their emails, at the start of the next run.
SIGNUP_DOMAIN = "signup.bench.example.org"
SURGE_DOMAIN = "surge.bench.example.org"
SURGE_USERS = int(os.environ.get("BENCH_SURGE_USERS", "200"))
ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@dataclass
class Page:
    """One page of the scenario: a locust user class drives it with ``users`` at once."""

    name: str
    title: str
    url_name: str
    paths: list[str] = field(default_factory=list)
    sessions: list[str] = field(default_factory=list)
    # Virtual users at once. One by default: each request then meets an idle server, so
    # p95 is the page's own cost, comparable with the reference page's.
    users: int = int(os.environ.get("BENCH_USERS", "1"))
    # p95 as a multiple of the reference page's p95 (None: no target in the issue).
    target: float | None = None
    # "get"; "signup" (GET the form, POST a new person); "surge" (signup, run apart).
    kind: str = "get"
    missing: str = ""  # why the page is skipped (its URL name does not resolve yet)
    zips: list[str] = field(default_factory=list)
    # Signup: seconds a person spends on the form before sending it, and before the next
    # person arrives on the same virtual user; the page runs ``duration_factor`` times longer.
    think: list[float] = field(default_factory=list)
    pause: list[float] = field(default_factory=list)
    duration_factor: int = 1
    spawn_rate: int = 0  # virtual users started per second (0: all at once)
    email_domain: str = SIGNUP_DOMAIN  # signup: where the new people's addresses are


def scale_candidates() -> int:
    return Candidate.objects.filter(user__email__endswith=f"@{EMAIL_DOMAIN}").count()


def refresh_if_missing() -> dict:
    """The dashboard reads summary cells that seed_scale fills at its end and beat
    refreshes; a database seeded before that was added gets them here, measured."""
    from bench.seed_scale.command import peak_memory_mb
    from insights.analytics.refresh import analytics_refresh
    from insights.analytics.reports import latest_snapshot

    snapshot = latest_snapshot()
    if snapshot is not None:
        return {
            "refreshed_now": False,
            "candidates": snapshot.candidates,
            "seconds": snapshot.seconds,
        }
    started = time.monotonic()
    snapshot = analytics_refresh()
    return {
        "refreshed_now": True,
        "candidates": snapshot.candidates,
        "seconds": round(time.monotonic() - started, 1),
        "peak_mb": round(peak_memory_mb()),
    }


def sign_in(user: User) -> str:
    """A session as allauth leaves it after a sign-in by code (and TOTP for those who have it)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    now = time.time()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = ALLAUTH_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    methods = [{"method": "code", "at": now, "email": user.email}]
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None:
        methods.append({"method": "mfa", "at": now, "id": totp.pk, "type": totp.type})
    store[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    store[AUTHENTICATION_METHODS_SESSION_KEY] = methods
    store.create()
    return store.session_key


def _path(url_name: str, *args, query: str = "") -> str:
    return reverse(url_name, args=args) + (f"?{query}" if query else "")


def _sample_candidates(rng: random.Random, stages: list[str], per_stage: int) -> list[Candidate]:
    """A few candidates of each stage, found from random starting ids (an index walk, not
    a sort of a million rows)."""
    bounds = Candidate.objects.filter(user__email__endswith=f"@{EMAIL_DOMAIN}").aggregate(
        low=Min("pk"), high=Max("pk")
    )
    if bounds["low"] is None:
        raise SystemExit("No scale data: run `python -m bench.seed_scale` first.")
    found: dict[int, Candidate] = {}
    for stage in stages:
        for _ in range(per_stage):
            start = rng.randint(bounds["low"], bounds["high"])
            candidate = (
                Candidate.objects.filter(pk__gte=start, stage=stage, activity="active")
                .select_related("user")
                .order_by("pk")
                .first()
            )
            if candidate is not None:
                found[candidate.pk] = candidate
    return list(found.values())


def build_plan(*, seed: int = 7, per_stage: int = 12) -> list[Page]:
    """Every page of the scenario, with sessions created for its virtual users."""
    rng = random.Random(seed)
    for domain in (SIGNUP_DOMAIN, SURGE_DOMAIN):
        User.objects.filter(email__endswith=f"@{domain}").delete()
        OutboundEmail.objects.filter(to_email__endswith=f"@{domain}").delete()

    everyone = _sample_candidates(rng, list(Stage.values), per_stage)
    early = [c for c in everyone if c.stage in (Stage.SIGNED_UP, Stage.INTRO_ATTENDED)]
    candidate_sessions = [sign_in(c.user) for c in everyone]
    early_sessions = [sign_in(c.user) for c in early]

    # The director of the region with the most candidates, and that region.
    region = Region.objects.annotate(n=Count("candidates")).order_by("-n", "pk").first()
    director = region.directors.filter(email__endswith=f"@{EMAIL_DOMAIN}").order_by("email").first()
    director_sessions = [sign_in(director)]
    # National staff see every region: the dashboard's largest scope.
    staff = User.objects.filter(
        email__endswith=f"@{EMAIL_DOMAIN}", is_active=True, groups__name=Role.NATIONAL_STAFF
    )
    staff_sessions = [sign_in(person) for person in staff.order_by("email")[:1]]

    # The busiest screeners (most open calls) and the mentors with the most areas.
    screeners = list(
        Screener.objects.filter(user__email__endswith=f"@{EMAIL_DOMAIN}")
        .annotate(open_calls=Count("calls", filter=Q(calls__status__in=["booked", "assigned"])))
        .order_by("-open_calls", "pk")
        .select_related("user")[:3]
    )
    mentors = list(
        Mentor.objects.filter(user__email__endswith=f"@{EMAIL_DOMAIN}", status="approved")
        .annotate(n=Count("areas"))
        .order_by("-n", "pk")
        .select_related("user")[:3]
    )
    # The director's fullest coming sessions.
    sessions_ahead = list(
        IntroCall.objects.filter(host=director, status="scheduled", starts_at__gte=timezone.now())
        .annotate(n=Count("registrations"))
        .order_by("-n", "starts_at")
        .values_list("pk", flat=True)[:3]
    )
    names = rng.sample(LAST_NAMES, 20)
    changelist = "admin:candidates_candidate_changelist"
    all_zips = [
        z["zip_code"]
        for z in zipcodes.list_all()
        if z["zip_code_type"] == "STANDARD" and z["active"] and z["state"] in State.values
    ]
    finder_zips = rng.sample(all_zips, 200)

    pages = [
        Page("reference", "Reference page (no database)", "bench_reference"),
        Page("finder", "Where can I run", "candidates:finder", target=4),
        Page(
            "signup",
            "Signup (form, then a new person)",
            "account_signup",
            users=50,
            target=20,
            kind="signup",
            zips=rng.sample(finder_zips, 50),
            think=[5, 10],
            pause=[1, 3],
            duration_factor=3,
            spawn_rate=10,
        ),
        Page("login", "Login page", "account_login"),
        Page("journey", "My journey", "candidates:journey", sessions=candidate_sessions, target=12),
        Page(
            "calls",
            "Intro-call list",
            "candidates:calls",
            sessions=early_sessions or candidate_sessions,
            target=10,
        ),
        Page(
            "screener",
            "Screener's page",
            "candidates:screener_home",
            sessions=[sign_in(s.user) for s in screeners],
            target=12,
        ),
        Page(
            "mentor",
            "Mentor's page",
            "mentorship:mentor_home",
            sessions=[sign_in(m.user) for m in mentors],
            target=15,
        ),
        Page("library", "Library search", "resources:library", sessions=candidate_sessions),
        Page(
            "admin",
            "Director's candidate list (region, last change, name)",
            changelist,
            sessions=director_sessions,
            target=60,
        ),
        Page(
            "inbox",
            "Director's workplace inbox",
            "workplace:inbox",
            sessions=director_sessions,
            target=30,
        ),
        Page(
            "roster",
            "Host roster",
            "candidates:host_call_roster",
            sessions=director_sessions,
            target=12,
        ),
        Page(
            "review",
            "Review queue",
            "endorsements:review_queue",
            sessions=director_sessions,
            target=15,
        ),
        Page(
            "dashboard",
            "Dashboard, a director (their region)",
            "dashboard",
            sessions=director_sessions,
            target=100,
        ),
        Page(
            "dashboard_staff",
            "Dashboard, national staff (every region)",
            "dashboard",
            sessions=staff_sessions,
            target=100,
        ),
        Page("impact", "Public impact page", "impact"),
        # Not a page of the table: bench/surge.py runs it after them (the first minute
        # after a post goes viral: everyone at once, no pause between people).
        Page(
            "surge",
            "Signup surge",
            "account_signup",
            users=SURGE_USERS,
            kind="surge",
            zips=finder_zips,
            spawn_rate=SURGE_USERS,
            email_domain=SURGE_DOMAIN,
        ),
    ]
    for page in pages:
        try:
            if page.name == "finder":
                page.paths = [_path(page.url_name, query=f"zip={z}") for z in finder_zips]
            elif page.name == "library":
                page.paths = [_path(page.url_name, query="q=fundraising")]
            elif page.name == "admin":
                page.paths = [
                    _path(page.url_name, query=f"region__id__exact={region.pk}&o=-7&q={name}")
                    for name in names
                ]
            elif page.name in ("dashboard", "dashboard_staff"):
                # The page as it opens, then a breakdown or a filter, as people use it.
                page.paths = [
                    _path(page.url_name, query=query)
                    for query in (
                        "",
                        "by=state",
                        "by=source",
                        f"by=level&region={region.pk}&cohort_from=2025-01",
                    )
                ]
            elif page.name == "roster":
                page.paths = [_path(page.url_name, pk) for pk in sessions_ahead]
                if not page.paths:
                    page.missing = "the director hosts no coming session"
            else:
                page.paths = [_path(page.url_name)]
        except NoReverseMatch:
            page.missing = f"URL name {page.url_name} does not resolve yet"
            page.paths = []
        if page.name in ("screener", "mentor", "dashboard_staff") and not page.sessions:
            page.missing = "no such person in the data"
    return pages


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "status":
        print(json.dumps({"candidates": scale_candidates()}))
    elif command == "refresh":
        print(json.dumps(refresh_if_missing()))
    elif command == "plan":
        pages = build_plan()
        with open(argv[2], "w") as out:
            json.dump(
                {"pages": [asdict(p) for p in pages], "created": timezone.now().isoformat()},
                out,
                indent=1,
            )
        for page in pages:
            state = (
                f"skipped: {page.missing}"
                if page.missing
                else f"{len(page.paths)} addresses, {len(page.sessions)} sessions"
            )
            print(f"  {page.name:<10} {state}")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
