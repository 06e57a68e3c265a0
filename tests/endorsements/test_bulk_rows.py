"""The endorsement builder (``endorsements.bulk``) copies the race and makes the address
as the decision service does."""

import pytest

from endorsements import bulk
from endorsements.models import Endorsement
from endorsements.services.reviews import decision_make
from tests.endorsements.test_review_services import decidable

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("race_as", ["instance", "row"])
def test_endorsement_row_copies_what_decision_make_copies(staff, north, race_as):
    application = decidable()
    decision_make(application=application, by=staff, approve=True)
    made = Endorsement.objects.get(application=application)
    race = application.race
    name = application.candidate.user.get_full_name()

    row = bulk.endorsement_row(
        application_id=application.pk,
        candidate_id=application.candidate_id,
        race_id=race.pk,
        race=race if race_as == "instance" else dict(vars(race)),
        display_name=name,
        number=7,
    )

    for field in ("application_id", "candidate_id", "race_id", "display_name", *bulk.RACE_FIELDS):
        assert row[field] == getattr(made, field), field
    # The service's address, made unique here by a number instead of a query.
    assert made.slug == bulk.endorsement_slug_base(name, race.office_name)
    assert row["slug"] == f"{made.slug}-7"
