"""Demo data for a local run: regions for every state, one login per role and per stage,
sample candidates with 18 months of history, then the dashboard's figures computed.

Idempotent: running it twice leaves the same data. Refuses to run when DEBUG is off.
Each app adds its own sample data (``<app>/demo.py``); the candidates' history is
simulated in ``candidates/demo.py``.
"""

import random
import time
from datetime import timedelta
from io import StringIO

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from candidates import demo as candidates_demo
from candidates.enums import RunBefore, Stage, WhenMightRun
from candidates.models import Candidate, StageChange
from candidates.services import candidate_search_text
from endorsements import demo as endorsements_demo
from insights.analytics.refresh import analytics_refresh
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

# (email, name, roles, regions directed, ZIP code: where they live, for their time zone)
DEMO_PEOPLE = [
    ("candidate@example.org", "Casey Candidate", [Role.CANDIDATE], [], "55101"),
    ("screener@example.org", "Sam Screener", [Role.SCREENER], [], "60614"),
    ("mentor@example.org", "Morgan Mentor", [Role.MENTOR], [], "80205"),
    ("committee@example.org", "Cam Committee", [Role.COMMITTEE_MEMBER], [], "30303"),
    ("director@example.org", "Dana Director", [Role.REGIONAL_DIRECTOR], ["Northeast"], "10027"),
    ("director.west@example.org", "Wes Director", [Role.REGIONAL_DIRECTOR], ["West"], "94110"),
    ("staff@example.org", "Sky Staff", [Role.NATIONAL_STAFF], [], "20001"),
    # A candidate login at each later stage, with a history of their own.
    ("intro@example.org", "Ines Intro", [Role.CANDIDATE], [], "48201"),
    ("screened@example.org", "Sage Screened", [Role.CANDIDATE], [], "73102"),
    ("running@example.org", "Rio Running", [Role.CANDIDATE], [], "55401"),
    ("applied@example.org", "Ari Applied", [Role.CANDIDATE], [], "87501"),
    ("endorsed@example.org", "Emery Endorsed", [Role.CANDIDATE], [], "97201"),
    ("won@example.org", "Winnie Winner", [Role.CANDIDATE], [], "27601"),
]
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
# What each login shows, for the list the command prints (and the README's table).
DEMO_NOTES = {
    "candidate@example.org": "just signed up (Saint Paul, MN)",
    "intro@example.org": "attended an intro call",
    "screened@example.org": "had a 1:1 screening",
    "running@example.org": "running, filed: can apply for endorsement",
    "applied@example.org": "applied for endorsement, waiting",
    "endorsed@example.org": "endorsed, on the public page",
    "won@example.org": "endorsed and won: an alumna",
}

FIRST_NAMES = [
    "Aisha", "Ana", "Ben", "Carmen", "Chloe", "Darius", "Elena", "Fatima", "Grace", "Hector",
    "Imani", "Jamal", "Jin", "Keisha", "Leah", "Luis", "Maya", "Nadia", "Omar", "Priya",
    "Quinn", "Rosa", "Sofia", "Tariq", "Uma", "Victor", "Wen", "Xochitl", "Yusuf", "Zoe",
]
LAST_NAMES = [
    "Adams", "Begay", "Chen", "Diaz", "Evans", "Fofana", "Garcia", "Hughes", "Ito", "Johnson",
    "Kim", "Lopez", "Martin", "Nguyen", "Okafor", "Patel", "Reyes", "Smith", "Tran", "Walker",
]


class Command(BaseCommand):
    help = "Create demo regions, logins, sample candidates with history, and compute the dashboard (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--candidates", type=int, default=300, help="Sample candidates (default 300).")

    def handle(self, *args, candidates: int, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DJANGO_DEBUG=1: it creates known passwords.")
        started = time.monotonic()
        now = timezone.now()
        with transaction.atomic():
            regions = self.seed_regions()
            self.seed_people(regions)
            history = self.seed_journeys(now)
            created, new_history = self.seed_candidates(candidates, now)
            history.extend(new_history)
            endorsements_demo.seed_history(history)
            self.seed_intro_calls(regions)
            self.seed_screening(regions)
            # Each app's own demo data: partner organisations and a cycle, mentors and
            # questions, the library, courses, perks and channels.
            endorsements_demo.seed(stdout=self.stdout)
            applied = Candidate.objects.filter(user__email="applied@example.org", stage=Stage.RUNNING).first()
            if applied is not None:
                endorsements_demo.apply(applied)
            mentorship_demo.seed(stdout=self.stdout)
            resources_demo.seed(stdout=self.stdout)
            self.fill_search_text()
        # Exact offices for Saint Paul and a few other places, so the finder shows both kinds.
        call_command("import_offices", str(settings.BASE_DIR / "docs" / "sample-offices.csv"), stdout=StringIO())
        # The dashboard and the impact page read summary tables that beat refreshes every
        # 30 minutes: compute them now, so they show the demo from the first page.
        snapshot = analytics_refresh()
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {len(regions)} regions, {len(DEMO_PEOPLE)} demo logins, "
            f"{created} new sample candidates; dashboard computed for {snapshot.candidates} candidates "
            f"({time.monotonic() - started:.1f}s)."
        ))
        self.stdout.write(f"Demo logins (password: {settings.RFS_DEMO_PASSWORD}):")
        for email, _name, roles, _regions, _zip in DEMO_PEOPLE:
            what = DEMO_NOTES.get(email) or ", ".join(str(Role(r).label) for r in roles)
            self.stdout.write(f"  {email:<28} {what}")

    def seed_regions(self) -> dict[str, Region]:
        regions = {}
        for name, states in REGIONS.items():
            region, _ = Region.objects.get_or_create(name=name)
            services.region_set_states(region=region, states=states)
            regions[name] = region
        assert RegionState.objects.count() == len(State), "every state and DC has a region"
        return regions

    def seed_people(self, regions: dict[str, Region]) -> None:
        for email, name, roles, directed, zip_code in DEMO_PEOPLE:
            # Their own time zone, from where they live, as signup sets it.
            zone = candidates_demo.zip_place(zip_code)["timezone"]
            user, created = User.objects.get_or_create(email=email, defaults={"name": name, "time_zone": zone})
            if created:
                user.set_password(settings.RFS_DEMO_PASSWORD)
                user.save(update_fields=["password"])
            elif user.time_zone != zone:
                user.time_zone = zone
                user.save(update_fields=["time_zone"])
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
                "run_before": "never", "consent_email": True, "search_text": candidate_search_text(demo_candidate),
            },
        )
        if created:
            StageChange.objects.create(
                candidate=candidate, from_stage=Stage.SIGNED_UP, to_stage=Stage.SIGNED_UP,
                by=demo_candidate, region=candidate.region, note="Signed up",
            )

    def seed_journeys(self, now) -> list[endorsements_demo.PastApplication]:
        """The stage logins' candidate records and histories (once: a login that exists is
        left as the person using it made it)."""
        region_of = dict(RegionState.objects.values_list("state", "region_id"))
        journeys = {}
        for number, (email, (stage, months_ago)) in enumerate(DEMO_JOURNEYS.items()):
            user = User.objects.get(email=email)
            if Candidate.objects.filter(user=user).exists():
                continue
            zip_code = next(person[4] for person in DEMO_PEOPLE if person[0] == email)
            place = candidates_demo.zip_place(zip_code)
            candidate = Candidate.objects.create(
                user=user, search_text=candidate_search_text(user), state=place["state"],
                region_id=region_of[place["state"]], zip_code=zip_code, city=place["city"], county=place["county"],
                phone=f"+1202555{9900 + number}", when_might_run="this_year", run_before=RunBefore.NEVER,
                date_of_birth=candidates_demo.birth_date(random.Random(email)), consent_email=True,
            )
            joined = candidates_demo.signup_month_start(now, months_ago) + timedelta(days=2, hours=15)
            journeys[candidate] = candidates_demo.planned(stage, joined=joined, now=now)
        return self.write_history(journeys)

    def write_history(self, journeys: dict) -> list[endorsements_demo.PastApplication]:
        """Stage changes and races, and the applications to hand to the endorsements app."""
        races = candidates_demo.write_histories(journeys)
        return [
            endorsements_demo.PastApplication(
                candidate=candidate, race=races[candidate.pk], submitted_at=journey.applied_at,
                decided_at=journey.decided_at,
                approved=any(to == Stage.ENDORSED for _from, to, _at in journey.steps),
            )
            for candidate, journey in journeys.items() if journey.applied_at
        ]

    def fill_search_text(self) -> None:
        """Every candidate findable by name in the admin, whoever created them."""
        for candidate in Candidate.objects.filter(search_text="").select_related("user"):
            candidate.search_text = candidate_search_text(candidate.user)
            candidate.save(update_fields=["search_text"])

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

    def seed_candidates(self, count: int, now) -> tuple[int, list[endorsements_demo.PastApplication]]:
        rng = random.Random(2026)  # the same people every time
        region_of = dict(RegionState.objects.values_list("state", "region_id"))
        states = sorted(region_of)
        wanted = [
            (f"candidate-{n:04d}@example.org", f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}", rng.choice(states))
            for n in range(1, count + 1)
        ]
        existing = set(User.objects.filter(email__in=[w[0] for w in wanted]).values_list("email", flat=True))
        # Each person's own generator, by number: the same person gets the same place
        # and journey whether or not the others were seeded already.
        new = [(n, w, random.Random(f"demo-{n}")) for n, w in enumerate(wanted, start=1) if w[0] not in existing]
        places = [candidates_demo.place_for(person_rng, state) for _n, (_e, _name, state), person_rng in new]
        users = User.objects.bulk_create([
            User(email=email, name=name, password="!", time_zone=place["timezone"])
            for (_n, (email, name, _state), _rng), place in zip(new, places, strict=True)
        ])
        group = Group.objects.get(name=Role.CANDIDATE)
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=user.pk, group_id=group.pk) for user in users]
        )
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users]
        )
        candidates = Candidate.objects.bulk_create(
            [
                Candidate(
                    user=user, search_text=candidate_search_text(user), state=state, region_id=region_of[state],
                    zip_code=place["zip_code"], city=place["city"], county=place["county"],
                    phone=f"+1202555{n % 10000:04d}", date_of_birth=candidates_demo.birth_date(person_rng),
                    when_might_run=person_rng.choice(WhenMightRun.values), run_before=RunBefore.NEVER,
                    utm_source=person_rng.choice(["", "", "instagram", "newsletter", "partner"]),
                )
                for user, (n, (_email, _name, state), person_rng), place in zip(users, new, places, strict=True)
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
        return len(users), self.write_history(journeys)
