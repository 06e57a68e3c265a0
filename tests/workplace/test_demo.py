"""seed_demo gives the demo director an inbox with something in it, notes and a segment."""

from io import StringIO

import pytest
from django.core.management import call_command

from rfs.models import User
from workplace.models import Note, Segment
from workplace.outreach_selectors import segment_candidates
from workplace.selectors import inbox_for, notes_for

pytestmark = pytest.mark.django_db


def test_the_demo_director_finds_inbox_items_and_notes(settings):
    settings.DEBUG = True
    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False
    call_command("seed_demo", candidates=40, stdout=StringIO())
    director = User.objects.get(email="director@example.org")

    groups = inbox_for(director)

    assert {"recommend", "stuck"} <= {group.kind for group in groups}
    # The demo's "applied" login is one of them: the director recommends it from the inbox.
    recommend = next(group for group in groups if group.kind == "recommend")
    assert "Ari Applied" in [item.title for item in recommend.items]
    note = Note.objects.filter(candidate__region__directors=director).first()
    assert note is not None and note.author == director
    assert notes_for(note.candidate)
    segment = Segment.objects.get(created_by=director)
    assert segment_candidates(director, segment.filters).exists()
    # Idempotent: a second run writes no more notes.
    count = Note.objects.count()
    call_command("seed_demo", candidates=40, stdout=StringIO())
    assert Note.objects.count() == count
    assert Segment.objects.filter(created_by=director).count() == 1
