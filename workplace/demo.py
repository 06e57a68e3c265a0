"""The workplace's part of seed_demo: a note on a few candidates of each region from its
director (one mentioning a colleague), an owner and a tag, and a saved segment of the
region's new signups. Idempotent."""

from django.db.models import Q

from candidates.models import Candidate
from rfs.enums import Role
from rfs.registry import DemoRun

from .models import CandidateFile, Note, Segment, Tag

NOTES = [
    "Great energy on the intro call; wants to talk school board budgets. Follow up in a week.",
    "Asked about childcare costs while campaigning: point them to the library's guide.",
    "Knows the county party chair. Could be a strong first-time candidate.",
]


def seed_demo(run: DemoRun) -> None:
    tag, _created = Tag.objects.get_or_create(name="Strong prospect")
    written = 0
    for region in run.regions.values():
        director = region.directors.filter(groups__name=Role.REGIONAL_DIRECTOR).first()
        if director is None:
            continue
        colleague = (
            region.directors.exclude(pk=director.pk).first()
            or type(director).objects.filter(Q(groups__name=Role.NATIONAL_STAFF)).first()
        )
        candidates = Candidate.objects.filter(region=region).order_by("pk")[: len(NOTES)]
        for candidate, text in zip(candidates, NOTES, strict=False):
            if Note.objects.filter(candidate=candidate, text=text).exists():
                continue
            note = Note.objects.create(candidate=candidate, author=director, text=text)
            if colleague is not None and text is NOTES[0]:
                note.mentions.add(colleague)
            file, _created = CandidateFile.objects.get_or_create(
                candidate=candidate, defaults={"owner": director}
            )
            file.tags.add(tag)
            written += 1
        # A saved segment: the region's newest signups, ready to email.
        Segment.objects.get_or_create(
            name=f"{region.name}: signed up",
            created_by=director,
            defaults={"filters": {"region": str(region.pk), "stage": "signed_up"}},
        )
    run.summary.append(f", {written} workplace notes")
