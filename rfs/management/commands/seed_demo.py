"""Demo data for a local run: regions for every state, one login per role, sample candidates.

Idempotent: running it twice leaves the same data. Refuses to run when DEBUG is off.
Later issues add their own sample data here (stages, calls, applications...).
"""

import random
from io import StringIO

import zipcodes
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from candidates.enums import RunBefore, Stage, WhenMightRun
from candidates.models import Candidate, StageChange
from candidates.services import candidate_search_text
from endorsements import demo as endorsements_demo
from mentorship import demo as mentorship_demo
from resources import demo as resources_demo
from rfs import services
from rfs.enums import Role, State
from rfs.models import Region, RegionState, User

REGIONS = {
    "Northeast": ["CT", "ME", "MA", "NH", "NJ", "NY", "PA", "RI", "VT"],
    "Mid-Atlantic and South": ["DE", "DC", "MD", "VA", "WV", "NC", "SC", "GA", "FL", "AL", "MS", "TN", "KY"],
    "Midwest": ["IL", "IN", "IA", "KS", "MI", "MN", "MO", "NE", "ND", "OH", "SD", "WI"],
    "Southwest": ["AZ", "AR", "LA", "NM", "OK", "TX"],
    "West": ["AK", "CA", "CO", "HI", "ID", "MT", "NV", "OR", "UT", "WA", "WY"],
}

# (email, name, roles, regions directed)
DEMO_PEOPLE = [
    ("candidate@example.org", "Casey Candidate", [Role.CANDIDATE], []),
    ("screener@example.org", "Sam Screener", [Role.SCREENER], []),
    ("mentor@example.org", "Morgan Mentor", [Role.MENTOR], []),
    ("committee@example.org", "Cam Committee", [Role.COMMITTEE_MEMBER], []),
    ("director@example.org", "Dana Director", [Role.REGIONAL_DIRECTOR], ["Northeast"]),
    ("director.west@example.org", "Wes Director", [Role.REGIONAL_DIRECTOR], ["West"]),
    ("staff@example.org", "Sky Staff", [Role.NATIONAL_STAFF], []),
]

FIRST_NAMES = [
    "Aisha", "Ana", "Ben", "Carmen", "Chloe", "Darius", "Elena", "Fatima", "Grace", "Hector",
    "Imani", "Jamal", "Jin", "Keisha", "Leah", "Luis", "Maya", "Nadia", "Omar", "Priya",
    "Quinn", "Rosa", "Sofia", "Tariq", "Uma", "Victor", "Wen", "Xochitl", "Yusuf", "Zoe",
]
LAST_NAMES = [
    "Adams", "Begay", "Chen", "Diaz", "Evans", "Fofana", "Garcia", "Hughes", "Ito", "Johnson",
    "Kim", "Lopez", "Martin", "Nguyen", "Okafor", "Patel", "Reyes", "Smith", "Tran", "Walker",
]


# Plausible proportions: most people are early in the pipeline.
SAMPLE_STAGES = [Stage.SIGNED_UP, Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING, Stage.APPLIED, Stage.ENDORSED, Stage.WON, Stage.LOST]
SAMPLE_WEIGHTS = [40, 20, 15, 10, 5, 5, 3, 2]
# The milestones passed on the way to each stage, after signing up.
PATH = {
    Stage.SIGNED_UP: [],
    Stage.INTRO_ATTENDED: [Stage.INTRO_ATTENDED],
    Stage.SCREENED: [Stage.INTRO_ATTENDED, Stage.SCREENED],
    Stage.RUNNING: [Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING],
    Stage.APPLIED: [Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING, Stage.APPLIED],
    Stage.ENDORSED: [Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING, Stage.APPLIED, Stage.ENDORSED],
    Stage.WON: [Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING, Stage.APPLIED, Stage.ENDORSED, Stage.WON],
    Stage.LOST: [Stage.INTRO_ATTENDED, Stage.SCREENED, Stage.RUNNING, Stage.LOST],
}


def history(stage: str) -> list[tuple[str, str]]:
    """(from, to) for signing up, then each milestone on the way to ``stage``."""
    steps = [Stage.SIGNED_UP, *PATH[stage]]
    return [(Stage.SIGNED_UP, Stage.SIGNED_UP), *zip(steps, steps[1:], strict=False)]


def sample_zip(state: str) -> str:
    """The first ordinary ZIP code of a state, from the zipcodes package."""
    return next(z["zip_code"] for z in zipcodes.filter_by(state=state) if z["zip_code_type"] == "STANDARD")


class Command(BaseCommand):
    help = "Create demo regions, one login per role and sample candidates (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, default=300, help="Sample candidates (default 300).")

    def handle(self, *args, candidates: int, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DJANGO_DEBUG=1: it creates known passwords.")
        with transaction.atomic():
            regions = self.seed_regions()
            self.seed_people(regions)
            created = self.seed_candidates(candidates)
            self.seed_intro_calls(regions)
            self.seed_screening(regions)
            # Each app's own demo data: partner organisations and a cycle, mentors and
            # questions, the library, courses, perks and channels.
            endorsements_demo.seed(stdout=self.stdout)
            mentorship_demo.seed(stdout=self.stdout)
            resources_demo.seed(stdout=self.stdout)
        # Exact offices for Saint Paul and a few other places, so the finder shows both kinds.
        call_command("import_offices", str(settings.BASE_DIR / "docs" / "sample-offices.csv"), stdout=StringIO())
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {len(regions)} regions, {len(DEMO_PEOPLE)} demo logins, "
            f"{created} new sample candidates."
        ))
        self.stdout.write(f"Demo logins (password: {settings.RFS_DEMO_PASSWORD}):")
        for email, _name, roles, _regions in DEMO_PEOPLE:
            self.stdout.write(f"  {email:<28} {', '.join(str(Role(r).label) for r in roles)}")

    def seed_regions(self) -> dict[str, Region]:
        regions = {}
        for name, states in REGIONS.items():
            region, _ = Region.objects.get_or_create(name=name)
            services.region_set_states(region=region, states=states)
            regions[name] = region
        assert RegionState.objects.count() == len(State), "every state and DC has a region"
        return regions

    def seed_people(self, regions: dict[str, Region]) -> None:
        for email, name, roles, directed in DEMO_PEOPLE:
            user, created = User.objects.get_or_create(email=email, defaults={"name": name})
            if created:
                user.set_password(settings.RFS_DEMO_PASSWORD)
                user.save(update_fields=["password"])
            services.user_set_roles(user=user, roles=roles)
            for region_name in directed:
                regions[region_name].directors.add(user)
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
        demo_candidate = User.objects.get(email="candidate@example.org")
        candidate, created = Candidate.objects.get_or_create(
            user=demo_candidate,
            defaults={
                "state": "MN", "zip_code": "55101", "city": "Saint Paul", "county": "Ramsey County",
                "region": regions["Midwest"], "phone": "+16515550100", "when_might_run": "two_years",
                "run_before": "never", "consent_email": True,
            },
        )
        if created:
            StageChange.objects.create(
                candidate=candidate, from_stage=Stage.SIGNED_UP, to_stage=Stage.SIGNED_UP,
                by=demo_candidate, region=candidate.region, note="Signed up",
            )

    def seed_intro_calls(self, regions: dict[str, Region]) -> None:
        """A weekly intro call per region (Tuesdays, 7 pm local) and a national one; the
        demo candidate is registered for the next national session."""
        from datetime import time

        from candidates import services as candidate_services
        from candidates.models import IntroCall, IntroCallSchedule

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
                    "host": User.objects.get(email=host_email), "weekday": 1, "local_time": time(19, 0),
                    "time_zone": zone, "meeting_url": "https://meet.example.org/rfs-intro",
                },
            )
        candidate_services.intro_calls_generate()
        demo = Candidate.objects.get(user__email="candidate@example.org")
        first_national = IntroCall.objects.filter(region=None, status="scheduled").order_by("starts_at").first()
        if first_national is not None and not demo.intro_call_registrations.exists():
            candidate_services.intro_call_register(candidate=demo, call=first_national, by=staff)

    def seed_screening(self, regions: dict[str, Region]) -> None:
        """The demo screener serves every region, evenings; a small starter library."""
        from datetime import time

        from candidates import services as candidate_services
        from candidates.enums import ScreenerStatus
        from candidates.models import Screener

        user = User.objects.get(email="screener@example.org")
        screener = Screener.objects.filter(user=user).first()
        if screener is None:
            screener = candidate_services.screener_apply(
                user=user, regions=list(regions.values()), languages=["en", "es"], weekly_capacity=8,
                time_zone="America/Chicago", meeting_url="https://meet.example.org/rfs-1on1",
            )
            for weekday in (0, 2, 3):
                candidate_services.availability_add(screener=screener, weekday=weekday, start_time=time(18, 0), end_time=time(20, 0))
        if screener.status != ScreenerStatus.APPROVED:
            candidate_services.screener_approve(screener=screener, by=User.objects.get(email="staff@example.org"))
        # The starter library the screener suggests from is seeded by resources.demo.

    def seed_candidates(self, count: int) -> int:
        rng = random.Random(2026)  # the same people every time
        region_of = dict(RegionState.objects.values_list("state", "region_id"))
        states = sorted(region_of)
        wanted = [
            (f"candidate-{n:04d}@example.org", f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", rng.choice(states))
            for n in range(1, count + 1)
        ]
        existing = set(User.objects.filter(email__in=[w[0] for w in wanted]).values_list("email", flat=True))
        new = [w for w in wanted if w[0] not in existing]
        users = User.objects.bulk_create([User(email=email, name=name, password="!") for email, name, _ in new])
        group = Group.objects.get(name=Role.CANDIDATE)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=group.pk) for user in users]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
        )
        stages = rng.choices(SAMPLE_STAGES, weights=SAMPLE_WEIGHTS, k=len(users))
        candidates = Candidate.objects.bulk_create(
            [
                Candidate(
                    user=user, search_text=candidate_search_text(user), state=state, region_id=region_of[state], zip_code=sample_zip(state),
                    phone=f"+1202555{n % 10000:04d}", stage=stage,
                    when_might_run=rng.choice(WhenMightRun.values), run_before=RunBefore.NEVER,
                    utm_source=rng.choice(["", "", "instagram", "newsletter", "partner"]),
                )
                for n, (user, (_email, _name, state), stage) in enumerate(zip(users, new, stages, strict=True))
            ]
        )
        # Each candidate's history: every milestone on the way to where they are.
        StageChange.objects.bulk_create(
            [
                StageChange(candidate=candidate, from_stage=step_from, to_stage=step_to, region_id=candidate.region_id, note="demo")
                for candidate in candidates
                for step_from, step_to in history(candidate.stage)
            ]
        )
        return len(users)
