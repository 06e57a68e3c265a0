"""Every URL of the project's own apps, answered for every role, from one table.

A URL pattern missing from ``MATRIX`` fails the suite: a new page must say who may use it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rfs.emails import unsubscribe_token
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db

OWN_APPS = ("rfs.", "candidates.", "endorsements.", "mentorship.", "resources.")

EVERYONE_200 = dict.fromkeys(PERSONAS, 200)

# url name -> (kwargs builder taking the persona getter, expected status per persona)
MATRIX = {
    "home": (lambda persona: {}, EVERYONE_200),
    "healthz": (lambda persona: {}, EVERYONE_200),
    # The signed token is the authorisation: the page answers whoever holds the link.
    "unsubscribe": (
        lambda persona: {"token": unsubscribe_token(persona("candidate_user").pk)},
        EVERYONE_200,
    ),
}


def own_url_names() -> set[str]:
    names = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                module = getattr(pattern.callback, "__module__", "")
                if module.startswith(OWN_APPS):
                    assert pattern.name, f"{pattern.pattern} needs a name to be in the matrix"
                    names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_own_url_is_in_the_matrix():
    assert own_url_names() == set(MATRIX)


@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_url_answers_each_role_as_the_matrix_says(client, persona, url_name, persona_name):
    kwargs_for, expected = MATRIX[url_name]
    url = reverse(url_name, kwargs=kwargs_for(persona))
    user = persona(persona_name)
    if user is not None:
        client.force_login(user)

    response = client.get(url)

    assert response.status_code == expected[persona_name]
