"""Rows of the permission matrix (tests/rfs/test_permissions.py) for these pages:
url name -> (kwargs builder taking the persona getter, expected status per persona)."""

from tests.conftest import PERSONAS

EVERYONE_200 = dict.fromkeys(PERSONAS, 200)
SIGNED_IN_200 = {**EVERYONE_200, "anonymous": 302}
CANDIDATE_ONLY = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "candidate_user": 200}
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "anonymous": 302}


def a_perk(persona) -> dict:
    from tests.factories.community import PerkFactory

    return {"pk": PerkFactory().pk}


MATRIX: dict = {
    # Perks: the page answers everyone; only an endorsed candidate sees offers (and a
    # code only once claimed), everyone else reads how endorsement unlocks them. The
    # claim button posts (a non-endorsed candidate or any other role: 403).
    "resources:perks": (lambda persona: {}, EVERYONE_200),
    "resources:perk_claim": (a_perk, POST_ONLY),
    # Community channels: anyone signed in (candidates get suggestions first).
    "resources:community": (lambda persona: {}, SIGNED_IN_200),
    # The directory of fellow candidates and their own entry: candidates only.
    "resources:directory": (lambda persona: {}, CANDIDATE_ONLY),
    "resources:directory_profile": (lambda persona: {}, CANDIDATE_ONLY),
    # Partner organisations: public.
    "resources:partners": (lambda persona: {}, EVERYONE_200),
}
