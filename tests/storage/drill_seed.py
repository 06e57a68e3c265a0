"""Seeds the restore drill's source database (run as a script, in its own process, with
the drill's environment): the demo data (every region included), and uploads in every store through the real
services and models."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rfs.settings")

import django

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402

from endorsements.services.applications import application_start, evidence_add  # noqa: E402
from tests.factories import CandidateFactory  # noqa: E402
from tests.factories.endorsements import (  # noqa: E402
    PDF_BYTES,
    CycleFactory,
    EndorsementFactory,
    jpeg_bytes,
    make_eligible,
    png_bytes,
)
from tests.factories.resources import ResourceFactory  # noqa: E402

call_command("seed_demo", verbosity=0)
cycle = CycleFactory(name="Drill round")
for number in range(3):
    candidate = make_eligible(CandidateFactory(state="VT"))
    application = application_start(candidate=candidate, cycle=cycle)
    evidence_add(
        application=application,
        upload=SimpleUploadedFile(f"filing {number}.pdf", PDF_BYTES + bytes([number])),
        by=candidate.user,
    )
    evidence_add(
        application=application,
        upload=SimpleUploadedFile("ballot ñ.png", png_bytes((4 + number, 4))),
        by=candidate.user,
    )
EndorsementFactory(photo=ContentFile(jpeg_bytes((8, 8)), name="portrait.jpg"))
ResourceFactory(
    title="Guía de campaña — ünïcode",
    file=ContentFile(b"%PDF-1.4 field guide", name="field guide.pdf"),
)
print("seeded")
