"""Resource suggestions for a screening log: concerns and next step to topics."""

import pytest

from resources.models import Resource
from resources.selectors import CONCERN_TOPICS, resources_suggested

pytestmark = pytest.mark.django_db


def resource(title: str, *topics: str, published: bool = True) -> Resource:
    return Resource.objects.create(
        title=title, url=f"https://example.org/{title}", topics=list(topics), published=published
    )


@pytest.mark.parametrize(
    ("concern", "topics"),
    [
        ("money", {"fundraising", "budget"}),
        ("time", {"volunteers", "field_plan"}),
        ("ballot_access", {"ballot_access"}),
        ("safety", {"safety"}),
        ("experience", {"debate_prep", "communications"}),
        ("public_speaking", {"debate_prep", "communications"}),
        ("family", {"volunteers"}),
        ("job", {"budget"}),
        ("other", set()),
    ],
)
def test_concern_topics_mapping(concern, topics):
    assert set(CONCERN_TOPICS[concern]) == topics


def test_suggestions_match_concerns_best_first_then_by_title():
    both = resource("Zero to budget", "fundraising", "budget")
    fund = resource("Asking for money", "fundraising")
    resource("Safety plan", "safety")
    resource("Hidden fundraising", "fundraising", published=False)

    assert resources_suggested(concerns=["money"], next_step="") == [both, fund]


def test_next_step_adds_topics():
    filing = resource("Filing guide", "ballot_access")
    talking = resource("Talking points", "communications")

    assert resources_suggested(concerns=[], next_step="ready_to_run") == [filing]
    assert resources_suggested(concerns=[], next_step="needs_mentor") == [talking]
    assert resources_suggested(concerns=[], next_step="not_now") == []


def test_suggestions_are_at_most_six():
    for n in range(8):
        resource(f"Guide {n}", "safety")

    assert [r.title for r in resources_suggested(concerns=["safety"], next_step="")] == [
        f"Guide {n}" for n in range(6)
    ]
