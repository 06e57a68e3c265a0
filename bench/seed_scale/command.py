"""The run: checks, the load batch by batch, then VACUUM and the dashboard's cells."""

from __future__ import annotations

import random
import resource
import sys
import time as clock
from collections import defaultdict

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import encrypt
from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper
from django.core.management.color import color_style
from django.db import connection, models, transaction
from django.utils import timezone

from candidates.models import (
    Candidate,
    Demographics,
    IntroCall,
    IntroCallRegistration,
    IntroCallSchedule,
    OfficeInterest,
    Race,
    Screener,
    ScreenerAvailability,
    ScreeningCall,
    ScreeningLog,
    StageChange,
)
from endorsements.models import Application, ApplicationEvent, Cycle, Endorsement
from insights.analytics.refresh import analytics_refresh
from mentorship.models import ExpertiseArea, Mentor, Post, Question, QuestionNotification
from resources.models import Resource
from rfs import services
from rfs.enums import State
from rfs.management.commands.seed_demo import REGIONS
from rfs.models import OutboundEmail, Region, RegionState, User

from .candidates import Generator
from .copy_rows import Writer
from .data import EMAIL_DOMAIN, STAGE_WEIGHTS
from .people import load_places

# Every table written, parents before children.
TABLES: list[type[models.Model]] = [
    User,
    User.groups.through,
    EmailAddress,
    Region.directors.through,
    ExpertiseArea,
    Cycle,
    Resource,
    Screener,
    Screener.regions.through,
    ScreenerAvailability,
    Mentor,
    Mentor.areas.through,
    IntroCallSchedule,
    IntroCall,
    Candidate,
    Demographics,
    OfficeInterest,
    IntroCallRegistration,
    ScreeningCall,
    ScreeningLog,
    Race,
    Application,
    ApplicationEvent,
    Endorsement,
    Question,
    QuestionNotification,
    Post,
    StageChange,
    OutboundEmail,
]


def peak_memory_mb() -> float:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def seed_scale(
    *, candidates: int, seed: int = 42, batch: int = 10000, force: bool = False, stdout=None
) -> None:
    """Write the population (see the package's docstring); progress goes to ``stdout``.
    Raises ``CommandError`` when refused."""
    out = OutputWrapper(stdout or sys.stdout)
    style = color_style()
    if not settings.DEBUG and not force:
        raise CommandError(
            "seed_scale creates a million fake people: it only runs with DJANGO_DEBUG=1, or with --force "
            "on a database meant for benchmarks."
        )
    if candidates < 1 or batch < 1:
        raise CommandError("--candidates and --batch must be positive.")
    if User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exists():
        raise CommandError(
            "This database already holds scale data (people @scale.example.org). Running again would count "
            "them twice: drop the database (or point DATABASE_URL at an empty one) and run again."
        )
    started = clock.monotonic()
    use_copy = connection.vendor == "postgresql"
    with transaction.atomic():
        if use_copy:
            _skip_fk_triggers_if_allowed(out)
        regions = _regions()
        places = load_places()
        writer = Writer(now=timezone.now(), use_copy=use_copy, tables=TABLES)
        generator = Generator(
            rng=random.Random(seed), writer=writer, now=writer.now, total=candidates
        )
        people = generator.staffing(regions, count=candidates)
        writer.flush()
        stages: dict[str, int] = defaultdict(int)
        for start in range(0, candidates, batch):
            for _ in range(min(batch, candidates - start)):
                stages[generator.candidate(places, people)] += 1
            writer.flush()
            done = min(start + batch, candidates)
            elapsed = clock.monotonic() - started
            out.write(
                f"{done:>9,} / {candidates:,} candidates, {writer.rows_written:>11,} rows, "
                f"{writer.rows_written / elapsed:>9,.0f} rows/s, {elapsed:6.0f} s"
            )
        writer.finish()
        _second_factor(generator.privileged)
    loaded = clock.monotonic() - started
    if use_copy:
        # VACUUM as well as ANALYZE: rows loaded by COPY have no visibility map until
        # vacuumed, so index-only scans are impossible. Production's autovacuum does this
        # soon after a load; a database server with autovacuum off never would.
        # Inside a transaction (the tests) VACUUM is impossible; ANALYZE alone then.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        out.write(f"{command}…")
        with connection.cursor() as cursor:
            cursor.execute(command)
    elapsed = clock.monotonic() - started
    out.write(
        style.SUCCESS(
            f"{candidates:,} candidates and {writer.rows_written:,} rows in {elapsed:.0f} s "
            f"({writer.rows_written / loaded:,.0f} rows/s while loading)."
        )
    )
    for stage in STAGE_WEIGHTS:
        out.write(f"  {stage:<15} {stages.get(stage, 0):>9,}")
    _refresh_analytics(out)


def _refresh_analytics(out: OutputWrapper) -> None:
    """The dashboard reads summary cells that beat refreshes every 30 minutes: fill them
    now, as the first beat would, and say what the refresh costs at this size."""
    out.write("Analytics refresh (the dashboard's summary cells)…")
    # Linux resets a process's peak resident memory (VmHWM) on "5" written to
    # clear_refs, so the figure is the refresh's own, not the seeding's.
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        what = "peak memory"
    except OSError:
        what = "peak memory of the whole command"
    started = clock.monotonic()
    snapshot = analytics_refresh()
    out.write(
        f"Analytics refresh: {snapshot.candidates:,} candidates in {clock.monotonic() - started:.0f} s, "
        f"{what} {peak_memory_mb():,.0f} MB."
    )


def _regions() -> dict[str, int]:
    """The demo's regions (every state in one), created when missing."""
    regions = {}
    for name, states in REGIONS.items():
        region, _ = Region.objects.get_or_create(name=name)
        if not region.states.exists():
            services.region_set_states(region=region, states=states)
        regions[name] = region.pk
    missing = set(State.values) - set(RegionState.objects.values_list("state", flat=True))
    if missing:
        raise CommandError(f"These states have no region: {', '.join(sorted(missing))}.")
    return regions


def _skip_fk_triggers_if_allowed(out: OutputWrapper) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            out.write("Not a superuser: foreign keys are checked at commit (slower).")


def _second_factor(user_ids: list[int]) -> None:
    """Staff, directors and committee members have an authenticator app, as production
    requires (rfs.middleware.RequireTwoFactorMiddleware)."""
    rng = random.Random(len(user_ids))
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    Authenticator.objects.bulk_create(
        [
            Authenticator(
                user_id=user_id,
                type=Authenticator.Type.TOTP,
                data={"secret": encrypt("".join(rng.choice(alphabet) for _ in range(32)))},
            )
            for user_id in user_ids
        ]
    )
