"""Demo data for the endorsements app, called by `seed_demo` (idempotent).

An open cycle named after this year, and two applications waiting for review from
sample candidates running in the Northeast (the demo director's region), made through
the same services a candidate uses. The partner directory comes from the migration.

``seed_history`` writes the applications of the sample history (``candidates.demo``):
past cycles, decisions and publicly listed endorsements, in bulk, so the public
endorsements page lists everyone the impact page counts as endorsed.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone

from candidates.elections import general_election_day
from candidates.enums import Activity, FilingStatus, OfficeLevel, Stage
from candidates.models import Candidate, Race
from rfs.models import Region

from .bulk import endorsement_row
from .enums import ApplicationStatus, ApplicationStep
from .models import Application, Cycle, Endorsement
from .questionnaire import QUESTIONS
from .services.applications import (
    application_save_step,
    application_start,
    application_submit,
    evidence_add,
)

DEMO_APPLICATIONS = 2
# The smallest file that is a PDF by its content.
DEMO_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def seed(*, stdout) -> None:
    today = timezone.localdate()
    cycle = _cycle(today)
    region = Region.objects.filter(name__startswith="North").order_by("name").first()
    if region is None:
        stdout.write("Endorsements: no Northeast region, so no demo applications.")
        return
    waiting = Application.objects.filter(
        cycle=cycle,
        region=region,
        status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED],
    ).count()
    wanted = max(DEMO_APPLICATIONS - waiting, 0)
    candidates = list(
        Candidate.objects.filter(region=region, stage=Stage.RUNNING, activity=Activity.ACTIVE)
        .exclude(applications__cycle=cycle)
        .select_related("user")
        .order_by("pk")[:wanted]
    )
    for candidate in candidates:
        _apply(candidate, cycle)
    stdout.write(
        f"Endorsements: cycle {cycle.name}, {waiting + len(candidates)} applications waiting in {region.name}."
    )


def _cycle(today: date) -> Cycle:
    election_year = today.year if today <= general_election_day(today.year) else today.year + 1
    cycle, _created = Cycle.objects.get_or_create(
        name=f"{today.year} endorsements",
        defaults={
            "opens_on": date(today.year, 1, 1),
            "closes_on": date(today.year, 12, 31),
            "election_year": election_year,
        },
    )
    return cycle


def apply(candidate: Candidate) -> None:
    """A demo login applies in this year's open cycle, through the services."""
    _apply(candidate, _cycle(timezone.localdate()))


@dataclass
class PastApplication:
    """An application from the sample history: submitted, and decided unless still waiting."""

    candidate: Candidate
    race: Race
    submitted_at: datetime
    decided_at: datetime | None = None
    approved: bool = False


def seed_history(applications: list[PastApplication]) -> int:
    """Applications and endorsements of the sample history, as rows (the services would
    date them now). Side effects, in order:
    1. A cycle for each year applied in (the current one as ``seed`` makes it).
    2. The applications: endorsed, not endorsed, or waiting for a decision.
    3. An endorsement listed on the public page for each one endorsed, dated when decided.
    Returns how many were endorsed.
    """
    today = timezone.localdate()
    cycles = {
        year: _cycle(today if year == today.year else date(year, 1, 1))
        for year in {item.submitted_at.year for item in applications}
    }
    rows = Application.objects.bulk_create(
        [
            Application(
                candidate=item.candidate,
                cycle=cycles[item.submitted_at.year],
                race=item.race,
                region_id=item.candidate.region_id,
                status=(
                    ApplicationStatus.SUBMITTED
                    if item.decided_at is None
                    else ApplicationStatus.APPROVED
                    if item.approved
                    else ApplicationStatus.DECLINED
                ),
                step=ApplicationStep.LINKS,
                seats=1,
                incumbent="Open seat",
                budget=15000,
                raised_so_far=6000,
                team="A manager, a treasurer and a dozen volunteers.",
                win_number=2800,
                path_to_victory="Knock every likely voter's door twice before early voting.",
                answers={q.key: "A demo answer, written with care." for q in QUESTIONS},
                list_publicly=True,
                submitted_at=item.submitted_at,
                decision_due_on=(item.submitted_at + timedelta(days=30)).date(),
                decided_at=item.decided_at,
            )
            for item in applications
        ]
    )
    endorsed = [(item, row) for item, row in zip(applications, rows, strict=True) if item.approved]
    endorsements = Endorsement.objects.bulk_create(
        [
            Endorsement(
                **endorsement_row(
                    application_id=row.pk,
                    candidate_id=item.candidate.pk,
                    race_id=item.race.pk,
                    race=item.race,
                    display_name=item.candidate.user.name,
                    number=item.candidate.pk,
                    bio="First-time candidate, running to serve their neighbours.",
                )
            )
            for item, row in endorsed
        ]
    )
    # ``endorsed_at`` is stamped on create: date it as decided.
    for endorsement, (item, _row) in zip(endorsements, endorsed, strict=True):
        endorsement.endorsed_at = item.decided_at
    Endorsement.objects.bulk_update(endorsements, ["endorsed_at"], batch_size=500)
    return len(endorsements)


def _apply(candidate: Candidate, cycle: Cycle) -> None:
    """A sample candidate fills in every step and sends it, as they would on the site."""
    if candidate.date_of_birth is None:
        Candidate.objects.filter(pk=candidate.pk).update(date_of_birth=date(1994, 4, 12))
        candidate.date_of_birth = date(1994, 4, 12)
    election_day = general_election_day(cycle.election_year)
    race = (
        Race.objects.filter(candidate=candidate, result="")
        .filter(~Q(filing_status=FilingStatus.EXPLORING))
        .first()
    )
    if race is None:
        race = Race.objects.create(
            candidate=candidate,
            office_name="City Council",
            level=OfficeLevel.MUNICIPAL,
            jurisdiction_name=candidate.city or "Albany",
            district="Ward 2",
            state=candidate.state,
            election_date=election_day,
            filing_status=FilingStatus.FILED,
        )
    user = candidate.user
    application = application_start(candidate=candidate, cycle=cycle, by=user)
    steps = {
        ApplicationStep.RACE: {
            "race": race,
            "district_description": "Renters and young families near the river.",
            "seats": 1,
            "incumbent": "Open seat",
            "opponents": "Two others so far.",
        },
        ApplicationStep.PLAN: {
            "budget": 18000,
            "raised_so_far": 4200,
            "team": "A manager, a treasurer, 12 volunteers.",
            "win_number": 3100,
            "path_to_victory": "Knock every door in the ward twice by October.",
        },
        ApplicationStep.QUESTIONNAIRE: {
            "answers": {q.key: "A demo answer, written with care." for q in QUESTIONS}
        },
        ApplicationStep.LINKS: {
            "website": "https://example.org/campaign",
            "donation_url": "",
            "social_links": [],
            "list_publicly": True,
        },
    }
    for step, data in steps.items():
        application = application_save_step(application=application, step=step, data=data)
    evidence_add(
        application=application, upload=SimpleUploadedFile("filing-receipt.pdf", DEMO_PDF), by=user
    )
    application_submit(application=application, by=user)


def seed_demo(run) -> None:
    """This app's part of ``seed_demo`` (``rfs.registry.demo_seeders``): the applications
    of the simulated pasts candidates left in ``run.shared["histories"]``, the open cycle
    with two applications in review, and the "applied" login's application."""
    seed_history(
        [
            PastApplication(
                candidate=candidate,
                race=race,
                submitted_at=journey.applied_at,
                decided_at=journey.decided_at,
                approved=any(to == Stage.ENDORSED for _from, to, _at in journey.steps),
            )
            for candidate, (journey, race) in run.shared.get("histories", {}).items()
            if journey.applied_at
        ]
    )
    seed(stdout=run.stdout)
    applied = Candidate.objects.filter(
        user__email="applied@example.org", stage=Stage.RUNNING
    ).first()
    if applied is not None:
        apply(applied)
