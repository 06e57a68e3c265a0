"""Self-identified demographics: seen by the candidate and, for anyone else, nowhere.

Every page of the project's own apps (the permission matrix) and every admin page about
the candidate is fetched by every other persona; none may show the candidate's answers.
"""

import pytest
from django.urls import reverse

from candidates.models import Demographics
from tests.conftest import PERSONAS
from tests.rfs.test_permissions import MATRIX

pytestmark = pytest.mark.django_db

# Distinctive values nobody else's page could contain by chance.
SELF_DESCRIPTION = "Quillwork-Heron-Identity"


@pytest.fixture
def answered(candidate_user):
    Demographics.objects.create(
        candidate=candidate_user.candidate,
        gender="self",
        gender_self_description=SELF_DESCRIPTION,
        race_ethnicity=["pacific_islander"],
        veteran="yes",
        generation="first",
    )
    return candidate_user.candidate


def admin_pages(candidate) -> list[str]:
    return [
        reverse("admin:candidates_candidate_changelist"),
        reverse("admin:candidates_candidate_changelist") + f"?q={candidate.user.email}",
        reverse("admin:candidates_candidate_change", args=[candidate.pk]),
        reverse("admin:candidates_candidate_history", args=[candidate.pk]),
        reverse("admin:candidates_candidate_export"),
        reverse("admin:rfs_user_change", args=[candidate.user.pk]),
    ]


@pytest.mark.parametrize("persona_name", [name for name in PERSONAS if name != "candidate_user"])
def test_no_page_shows_a_candidates_demographics_to_anyone_else(
    client, persona, persona_name, answered
):
    urls = [reverse(name, kwargs=kwargs_for(persona)) for name, (kwargs_for, _) in MATRIX.items()]
    urls += admin_pages(answered)
    viewer = persona(persona_name)
    if viewer is not None:
        client.force_login(viewer)

    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SELF_DESCRIPTION.encode() not in body, f"{url} shows demographics to {persona_name}"
        assert b"Native Hawaiian or Pacific Islander" not in body, (
            f"{url} shows demographics to {persona_name}"
        )


def test_the_candidate_sees_their_own_answers_in_their_data(client, answered):
    client.force_login(answered.user)

    response = client.get(reverse("candidates:data_export"))

    assert SELF_DESCRIPTION in response.content.decode()
