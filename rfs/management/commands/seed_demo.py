"""Demo data for a local run: regions for every state, one login per role and per stage,
then each app's own demo data through ``rfs.registry.demo_seeders``, by layer:
candidates (sample candidates with 18 months of history, simulated in
``candidates/demo.py``), resources, mentorship, endorsements, and last the dashboard's
figures computed.

Idempotent: running it twice leaves the same data. Refuses to run when DEBUG is off.
"""

import time

import zipcodes
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from rfs import registry, services
from rfs.enums import Role, State
from rfs.models import Region, RegionState, User

REGIONS = {
    "Northeast": ["CT", "ME", "MA", "NH", "NJ", "NY", "PA", "RI", "VT"],
    "Mid-Atlantic and South": [
        "DE",
        "DC",
        "MD",
        "VA",
        "WV",
        "NC",
        "SC",
        "GA",
        "FL",
        "AL",
        "MS",
        "TN",
        "KY",
    ],
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
    # In the demo director's region (Northeast), so their inbox has an application to recommend.
    ("applied@example.org", "Ari Applied", [Role.CANDIDATE], [], "02139"),
    ("endorsed@example.org", "Emery Endorsed", [Role.CANDIDATE], [], "97201"),
    ("won@example.org", "Winnie Winner", [Role.CANDIDATE], [], "27601"),
]
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


class Command(BaseCommand):
    help = "Create demo regions, logins, sample candidates with history, and compute the dashboard (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--candidates", type=int, default=300, help="Sample candidates (default 300)."
        )

    def handle(self, *args, candidates: int, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DJANGO_DEBUG=1: it creates known passwords."
            )
        started = time.monotonic()
        now = timezone.now()
        with transaction.atomic():
            regions = self.seed_regions()
            self.seed_people(regions)
            # Each app's own demo data, by layer (rfs/registry.py): sample candidates and
            # their history, intro calls and the screener; the library, courses, perks and
            # channels; mentors and questions; a cycle, applications and past decisions;
            # then the dashboard's summary tables, so it shows the demo from the first page.
            run = registry.DemoRun(
                now=now,
                stdout=self.stdout,
                candidates=candidates,
                regions=regions,
                zip_codes={
                    email: zip_code for email, _name, _roles, _directed, zip_code in DEMO_PEOPLE
                },
            )
            for seeder in registry.demo_seeders:
                seeder(run)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(regions)} regions, {len(DEMO_PEOPLE)} demo logins"
                f"{''.join(run.summary)} ({time.monotonic() - started:.1f}s)."
            )
        )
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
            zone = zipcodes.matching(zip_code)[0]["timezone"]
            user, created = User.objects.get_or_create(
                email=email, defaults={"name": name, "time_zone": zone}
            )
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
