"""The candidates app's part of ``seed_demo`` (``rfs.registry.demo_seeders``, order 20).

After core made the regions and the logins: the demo candidate's record, the stage
logins' histories, sample candidates with 18 months of history (simulated in
``candidates.demo``), weekly intro calls, the demo screener, everyone's search text and
the sample offices. The simulated pasts are left in ``run.shared["histories"]``
(``{candidate: (journey, race)}``) for the apps above, whose applications they hold.
Idempotent: a login that exists is left as the person using it made it.
"""

import random
from datetime import time, timedelta
from io import StringIO

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

from rfs import bulk
from rfs.enums import Role
from rfs.models import Region, RegionState, User
from rfs.registry import DemoRun

from . import bulk as candidate_rows
from . import demo as candidates_demo
from . import services as candidate_services
from .enums import RunBefore, ScreenerStatus, Stage, WhenMightRun
from .models import Candidate, IntroCall, IntroCallSchedule, Screener, StageChange
from .services import candidate_search_text

# Stage logins: (stage, months since they signed up). Rio is running with filing done,
# an intro call attended and no application yet: eligible to apply for endorsement.
# Ari applies this month through the same services as the site.
DEMO_JOURNEYS = {
    "intro@example.org": (Stage.INTRO_ATTENDED, 2),
    "screened@example.org": (Stage.SCREENED, 3),
    "running@example.org": (Stage.RUNNING, 6),
    "applied@example.org": (Stage.APPLIED, 6),
    "endorsed@example.org": (Stage.ENDORSED, 5),
    "won@example.org": (Stage.WON, 17),
}
FIRST_NAMES = [
    "Aisha",
    "Ana",
    "Ben",
    "Carmen",
    "Chloe",
    "Darius",
    "Elena",
    "Fatima",
    "Grace",
    "Hector",
    "Imani",
    "Jamal",
    "Jin",
    "Keisha",
    "Leah",
    "Luis",
    "Maya",
    "Nadia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sofia",
    "Tariq",
    "Uma",
    "Victor",
    "Wen",
    "Xochitl",
    "Yusuf",
    "Zoe",
]
LAST_NAMES = [
    "Adams",
    "Begay",
    "Chen",
    "Diaz",
    "Evans",
    "Fofana",
    "Garcia",
    "Hughes",
    "Ito",
    "Johnson",
    "Kim",
    "Lopez",
    "Martin",
    "Nguyen",
    "Okafor",
    "Patel",
    "Reyes",
    "Smith",
    "Tran",
    "Walker",
]


def seed(run: DemoRun) -> None:
    seed_demo_candidate(run.regions)
    histories = seed_journeys(run.now, run.zip_codes)
    created, more = seed_candidates(run.candidates, run.now)
    histories.update(more)
    run.shared["histories"] = histories
    seed_intro_calls(run.regions)
    seed_screening(run.regions)
    fill_search_text()
    # Exact offices for Saint Paul and a few other places, so the finder shows both kinds.
    call_command(
        "import_offices", str(settings.BASE_DIR / "docs" / "sample-offices.csv"), stdout=StringIO()
    )
    run.summary.append(f", {created} new sample candidates")


def seed_demo_candidate(regions: dict[str, Region]) -> None:
    """The login that just signed up (Saint Paul, MN)."""
    demo_candidate = User.objects.get(email="candidate@example.org")
    candidate, created = Candidate.objects.get_or_create(
        user=demo_candidate,
        defaults={
            "state": "MN",
            "zip_code": "55101",
            "city": "Saint Paul",
            "county": "Ramsey County",
            "region": regions["Midwest"],
            "phone": "+16515550100",
            "when_might_run": "two_years",
            "run_before": "never",
            "consent_email": True,
            "search_text": candidate_search_text(demo_candidate),
        },
    )
    if created:
        StageChange.objects.create(
            candidate=candidate,
            from_stage=Stage.SIGNED_UP,
            to_stage=Stage.SIGNED_UP,
            by=demo_candidate,
            region=candidate.region,
            note="Signed up",
        )


def seed_journeys(now, zip_codes: dict[str, str]) -> dict:
    """The stage logins' candidate records and histories (once: a login that exists is
    left as the person using it made it)."""
    region_of = dict(RegionState.objects.values_list("state", "region_id"))
    journeys = {}
    for number, (email, (stage, months_ago)) in enumerate(DEMO_JOURNEYS.items()):
        user = User.objects.get(email=email)
        if Candidate.objects.filter(user=user).exists():
            continue
        zip_code = zip_codes[email]
        place = candidates_demo.zip_place(zip_code)
        candidate = Candidate.objects.create(
            user=user,
            search_text=candidate_search_text(user),
            state=place["state"],
            region_id=region_of[place["state"]],
            zip_code=zip_code,
            city=place["city"],
            county=place["county"],
            phone=f"+1202555{9900 + number}",
            when_might_run="this_year",
            run_before=RunBefore.NEVER,
            date_of_birth=candidates_demo.birth_date(random.Random(email)),
            consent_email=True,
        )
        joined = candidates_demo.signup_month_start(now, months_ago) + timedelta(days=2, hours=15)
        journeys[candidate] = candidates_demo.planned(stage, joined=joined, now=now)
    return write_history(journeys)


def write_history(journeys: dict) -> dict:
    """Stage changes and races; returns ``{candidate: (journey, race)}``."""
    races = candidates_demo.write_histories(journeys)
    return {
        candidate: (journey, races.get(candidate.pk)) for candidate, journey in journeys.items()
    }


def fill_search_text() -> None:
    """Every candidate findable by name in the admin, whoever created them."""
    for candidate in Candidate.objects.filter(search_text="").select_related("user"):
        candidate.search_text = candidate_search_text(candidate.user)
        candidate.save(update_fields=["search_text"])


def seed_intro_calls(regions: dict[str, Region]) -> None:
    """A weekly intro call per region (Tuesdays, 7 pm local) and a national one; the
    demo candidate is registered for the next national session."""
    hosts = {
        "Northeast": ("director@example.org", "America/New_York"),
        "West": ("director.west@example.org", "America/Los_Angeles"),
    }
    staff = User.objects.get(email="staff@example.org")
    for name, region in [*regions.items(), (None, None)]:
        host_email, zone = hosts.get(name, ("staff@example.org", "America/Chicago"))
        IntroCallSchedule.objects.get_or_create(
            region=region,
            defaults={
                "host": User.objects.get(email=host_email),
                "weekday": 1,
                "local_time": time(19, 0),
                "time_zone": zone,
                "meeting_url": "https://meet.example.org/rfs-intro",
            },
        )
    candidate_services.intro_calls_generate()
    demo = Candidate.objects.get(user__email="candidate@example.org")
    first_national = (
        IntroCall.objects.filter(region=None, status="scheduled").order_by("starts_at").first()
    )
    if first_national is not None and not demo.intro_call_registrations.exists():
        candidate_services.intro_call_register(candidate=demo, call=first_national, by=staff)


def seed_screening(regions: dict[str, Region]) -> None:
    """The demo screener serves every region, evenings."""
    user = User.objects.get(email="screener@example.org")
    screener = Screener.objects.filter(user=user).first()
    if screener is None:
        screener = candidate_services.screener_apply(
            user=user,
            regions=list(regions.values()),
            languages=["en", "es"],
            weekly_capacity=8,
            time_zone="America/Chicago",
            meeting_url="https://meet.example.org/rfs-1on1",
        )
        for weekday in (0, 2, 3):
            candidate_services.availability_add(
                screener=screener, weekday=weekday, start_time=time(18, 0), end_time=time(20, 0)
            )
    if screener.status != ScreenerStatus.APPROVED:
        candidate_services.screener_approve(
            screener=screener, by=User.objects.get(email="staff@example.org")
        )
    # The starter library the screener suggests from is seeded by resources.demo.


def seed_candidates(count: int, now) -> tuple[int, dict]:
    rng = random.Random(2026)  # the same people every time
    region_of = dict(RegionState.objects.values_list("state", "region_id"))
    states = sorted(region_of)
    wanted = [
        (
            f"candidate-{n:04d}@example.org",
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            rng.choice(states),
        )
        for n in range(1, count + 1)
    ]
    existing = set(
        User.objects.filter(email__in=[w[0] for w in wanted]).values_list("email", flat=True)
    )
    # Each person's own generator, by number: the same person gets the same place
    # and journey whether or not the others were seeded already.
    new = [
        (n, w, random.Random(f"demo-{n}"))
        for n, w in enumerate(wanted, start=1)
        if w[0] not in existing
    ]
    places = [
        candidates_demo.place_for(person_rng, state) for _n, (_e, _name, state), person_rng in new
    ]
    users = User.objects.bulk_create(
        [
            User(
                **bulk.user_row(
                    email=email, name=name, time_zone=place["timezone"], roles=[Role.CANDIDATE]
                )
            )
            for (_n, (email, name, _state), _rng), place in zip(new, places, strict=True)
        ]
    )
    group = Group.objects.get(name=Role.CANDIDATE)
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(**row)
            for user in users
            for row in bulk.user_group_rows(user_id=user.pk, group_ids=[group.pk])
        ]
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(**bulk.email_address_row(user_id=user.pk, email=user.email))
            for user in users
        ]
    )
    candidates = Candidate.objects.bulk_create(
        [
            Candidate(
                **candidate_rows.candidate_row(user_id=user.pk, name=user.name, email=user.email),
                state=state,
                region_id=region_of[state],
                zip_code=place["zip_code"],
                city=place["city"],
                county=place["county"],
                phone=f"+1202555{n % 10000:04d}",
                date_of_birth=candidates_demo.birth_date(person_rng),
                when_might_run=person_rng.choice(WhenMightRun.values),
                run_before=RunBefore.NEVER,
                utm_source=person_rng.choice(["", "", "instagram", "newsletter", "partner"]),
            )
            for user, (n, (_email, _name, state), person_rng), place in zip(
                users, new, places, strict=True
            )
        ]
    )
    journeys = {}
    answers = {}
    for candidate, (n, _wanted, person_rng) in zip(candidates, new, strict=True):
        joined = candidates_demo.signup_time(person_rng, now, n)
        journeys[candidate] = candidates_demo.simulate(person_rng, joined, now)
        if (given := candidates_demo.demographics(person_rng)) is not None:
            answers[candidate] = given
    candidates_demo.write_demographics(answers)
    return len(users), write_history(journeys)
