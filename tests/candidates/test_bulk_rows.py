"""The candidates app's bulk row builders (``candidates.bulk``) store what
``candidate_create`` and ``candidate_move`` store."""

import pytest

from candidates import bulk
from candidates.enums import Stage
from candidates.finder import ZipPlace
from candidates.models import Candidate, StageChange
from candidates.services import candidate_create, candidate_move, candidate_search_text
from rfs.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PLACE = ZipPlace(
    zip_code="10001", city="New York", county="New York County", state="NY", timezone=""
)


def test_candidate_row_has_the_search_text_candidate_create_writes(north):
    # As signing up makes the person (the address normalised).
    person = User.objects.create_user(email="Casey.Rivera@Example.org", name="Casey Rivera")
    made = candidate_create(user=person, place=PLACE, profile={})

    row = bulk.candidate_row(user_id=person.pk, name=person.name, email="Casey.Rivera@Example.org")

    assert row["search_text"] == made.search_text == candidate_search_text(person)
    made.delete()
    (built,) = Candidate.objects.bulk_create(
        [Candidate(**row, state="NY", region_id=north.pk, zip_code="10001")]
    )
    assert Candidate.objects.filter(search_text__icontains="casey.rivera@").get() == built


def test_signup_change_row_is_the_first_step_candidate_create_records(north):
    person = UserFactory()
    made = candidate_create(user=person, place=PLACE, profile={})
    first = StageChange.objects.get(candidate=made)

    row = bulk.signup_change_row(candidate_id=made.pk, region_id=north.pk, by_id=person.pk)

    for name in ("candidate_id", "kind", "from_stage", "to_stage", "by_id", "region_id", "note"):
        assert row[name] == getattr(first, name), name


def test_stage_change_row_is_the_step_candidate_move_records(north):
    person = UserFactory()
    made = candidate_create(user=person, place=PLACE, profile={})
    candidate_move(candidate=made, to_stage=Stage.INTRO_ATTENDED, by=person)
    step = StageChange.objects.filter(candidate=made).latest("pk")

    row = bulk.stage_change_row(
        candidate_id=made.pk,
        region_id=made.region_id,
        from_stage=Stage.SIGNED_UP,
        to_stage=Stage.INTRO_ATTENDED,
        by_id=person.pk,
    )

    for name in ("candidate_id", "kind", "from_stage", "to_stage", "by_id", "region_id", "note"):
        assert row[name] == getattr(step, name), name
