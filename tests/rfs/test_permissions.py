"""Every URL of the project's own apps, answered for every role, from one table.

A URL pattern missing from ``MATRIX`` fails the suite: a new page must say who may use it.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rfs.emails import unsubscribe_token
from tests.conftest import PERSONAS
from tests.endorsements.matrix_apply import MATRIX as ENDORSEMENTS_APPLY
from tests.endorsements.matrix_apply import MORE_CASES as ENDORSEMENTS_APPLY_CASES
from tests.endorsements.matrix_public import MATRIX as ENDORSEMENTS_PUBLIC
from tests.endorsements.matrix_review import MATRIX as ENDORSEMENTS_REVIEW
from tests.mentorship.matrix import MATRIX as MENTORSHIP
from tests.resources.matrix_community import MATRIX as RESOURCES_COMMUNITY
from tests.resources.matrix_library import MATRIX as RESOURCES_LIBRARY
from tests.workplace.matrix import MATRIX as WORKPLACE

pytestmark = pytest.mark.django_db

OWN_APPS = (
    "rfs.",
    "candidates.",
    "endorsements.",
    "mentorship.",
    "resources.",
    "insights.",
    "workplace.",
)

EVERYONE_200 = dict.fromkeys(PERSONAS, 200)
CANDIDATE_ONLY = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "candidate_user": 200}

# Buttons' targets answer GET with 405 to everyone signed in.
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "anonymous": 302}
# The intro call host pages: directors, staff and anyone hosting; others 403.
HOSTS_200 = {
    **dict.fromkeys(PERSONAS, 403),
    "anonymous": 302,
    "director": 200,
    "other_director": 200,
    "staff": 200,
}
# The dashboard: directors and national staff; everyone else signed in 403.
DASHBOARD = {**HOSTS_200}
# One session in North, hosted by North's director: the West director may not open it.
NORTH_SESSION = {**HOSTS_200, "other_director": 404}
# A national session's directors may see it but not change it: 403.
NATIONAL_SESSION_CHANGE = {**HOSTS_200, "director": 403, "other_director": 403}


def north_session(persona) -> dict:
    from datetime import timedelta

    from django.utils import timezone

    from candidates.models import IntroCall

    call = IntroCall.objects.create(
        region=persona("director").directed_regions.get(),
        host=persona("director"),
        starts_at=timezone.now() + timedelta(days=2),
        meeting_url="https://meet.example.org/intro",
    )
    return {"pk": call.pk}


def national_session(persona) -> dict:
    """A national session national staff host, with a North and a West candidate on it."""
    from datetime import timedelta

    from django.utils import timezone

    from candidates.models import IntroCall, IntroCallRegistration
    from tests.factories import CandidateFactory

    call = IntroCall.objects.create(
        region=None,
        host=persona("staff"),
        starts_at=timezone.now() + timedelta(days=2),
        meeting_url="https://meet.example.org/intro",
    )
    for candidate in (persona("candidate_user").candidate, CandidateFactory(state="CA")):
        IntroCallRegistration.objects.create(call=call, candidate=candidate)
    return {"pk": call.pk}


def registration_token(persona) -> dict:
    """A place on a session two days away: its links change nothing on a GET."""
    from candidates.models import IntroCallRegistration

    call_pk = north_session(persona)["pk"]
    registration = IntroCallRegistration.objects.create(
        call_id=call_pk, candidate=persona("candidate_user").candidate
    )
    return {"token": registration.join_token}


def registration_pk(persona) -> dict:
    """The North candidate's place on a session two days away, by id."""
    from candidates.models import IntroCallRegistration

    call_pk = north_session(persona)["pk"]
    registration = IntroCallRegistration.objects.create(
        call_id=call_pk, candidate=persona("candidate_user").candidate
    )
    return {"pk": registration.pk}


def north_screening_call_booked(persona) -> dict:
    north_screening_call(persona)
    return {}


# The screener home: people with a screener record; everyone else 403.
SCREENERS_200 = {**dict.fromkeys(PERSONAS, 403), "anonymous": 302, "screener": 200}


def screener_applied(persona) -> dict:
    """The screener persona has applied (and been approved) to serve North."""
    from candidates.models import Screener

    screener, _ = Screener.objects.get_or_create(
        user=persona("screener"), defaults={"status": "approved"}
    )
    screener.regions.add(persona("director").directed_regions.get())
    return {}


def north_screening_call(persona) -> dict:
    """A call booked two days ahead between the North candidate and the screener persona."""
    from datetime import timedelta

    from django.utils import timezone

    from candidates.models import Screener, ScreeningCall

    screener_applied(persona)
    # One open call per candidate: a second URL of the table reuses the first one's.
    call, _ = ScreeningCall.objects.get_or_create(
        candidate=persona("candidate_user").candidate,
        screener=Screener.objects.get(user=persona("screener")),
        defaults={"starts_at": timezone.now() + timedelta(days=2)},
    )
    return {"pk": call.pk}


# url name -> (kwargs builder taking the persona getter, expected status per persona)
MATRIX = {
    # A candidate's home is My journey.
    "home": (lambda persona: {}, {**EVERYONE_200, "candidate_user": 302}),
    "healthz": (lambda persona: {}, EVERYONE_200),
    # Prometheus's scrape answers a bearer token, never a session: with no token set (the
    # test settings), there is no such page (tests/rfs/test_metrics.py has the rest).
    "metrics": (lambda persona: {}, dict.fromkeys(PERSONAS, 404)),
    # The mail providers' webhooks: without their keys (the test settings) there are
    # none; tests/rfs/test_email_suppression.py posts to them signed.
    "email_events_mailgun": (lambda persona: {}, dict.fromkeys(PERSONAS, 404)),
    "email_events_postmark": (lambda persona: {}, dict.fromkeys(PERSONAS, 404)),
    "email_events_sendgrid": (lambda persona: {}, dict.fromkeys(PERSONAS, 404)),
    "email_events_amazon_ses": (lambda persona: {}, dict.fromkeys(PERSONAS, 404)),
    # An empty answer for browsers that ask for an icon the pages do not name.
    "favicon": (lambda persona: {}, dict.fromkeys(PERSONAS, 204)),
    # The language switcher is a form for everyone, signed in or not: POST only
    # (tests/rfs/test_language.py posts to it as a visitor, a candidate and staff).
    "set_language": (lambda persona: {}, dict.fromkeys(PERSONAS, 405)),
    # Public when RFS_SECURITY_CONTACT is set (tests/rfs/test_security_txt.py); the
    # test settings name no contact, so there is no file rather than an invented one.
    "security_txt": (lambda persona: {}, dict.fromkeys(PERSONAS, 404)),
    # Public uploads answer everyone alike, signed in or not (an existing file: 200 in
    # tests/storage/test_s3.py); no file is written here, so 404 for all.
    "media": (
        lambda persona: {"path": "resources/no-such-guide.pdf"},
        dict.fromkeys(PERSONAS, 404),
    ),
    # The signed token is the authorisation: the page answers whoever holds the link.
    "unsubscribe": (
        lambda persona: {"token": unsubscribe_token(persona("candidate_user").pk)},
        EVERYONE_200,
    ),
    # Where can I run: public. Without an office token the interest link goes back to
    # the finder (with a message) for everyone.
    "candidates:finder": (lambda persona: {}, EVERYONE_200),
    "candidates:office_interest": (lambda persona: {}, dict.fromkeys(PERSONAS, 302)),
    # My journey: the candidate's own pages; signed-in people without a candidate record
    # get the same answer as for a page that does not exist.
    "candidates:journey": (lambda persona: {}, CANDIDATE_ONLY),
    "candidates:profile": (lambda persona: {}, CANDIDATE_ONLY),
    "candidates:race_declare": (lambda persona: {}, CANDIDATE_ONLY),
    # A button's target: POST only.
    "candidates:activity": (lambda persona: {}, {**dict.fromkeys(PERSONAS, 405), "anonymous": 302}),
    # Intro calls: the candidate's list, and buttons (POST only).
    "candidates:calls": (lambda persona: {}, CANDIDATE_ONLY),
    "candidates:call_register": (lambda persona: {"pk": 1}, POST_ONLY),
    "candidates:call_cancel": (lambda persona: {"pk": 1}, POST_ONLY),
    "candidates:screening_opt_in": (lambda persona: {}, POST_ONLY),
    # The emailed links: the token is the authorisation. Two days ahead the join link
    # shows "the call opens 15 minutes before" and records nothing.
    "candidates:call_manage": (registration_token, EVERYONE_200),
    # "Add to calendar" on My journey: the candidate's own place; anyone else's is 404.
    "candidates:call_ics": (registration_pk, CANDIDATE_ONLY),
    "candidates:call_join": (registration_token, EVERYONE_200),
    # Hosts' pages; a session outside what they may see answers 404.
    "candidates:host_calls": (lambda persona: {}, HOSTS_200),
    "candidates:host_call_new": (lambda persona: {}, HOSTS_200),
    "candidates:host_call_edit": (north_session, NORTH_SESSION),
    "candidates:host_call_cancel": (north_session, NORTH_SESSION),
    "candidates:host_call_roster": (north_session, NORTH_SESSION),
    "candidates:host_call_roster_csv": (north_session, NORTH_SESSION),
    "candidates:host_call_held": (north_session, POST_ONLY),
    # 1:1 screening: the candidate's booking page (opt-in page first) and its buttons.
    "candidates:screening": (lambda persona: {}, CANDIDATE_ONLY),
    "candidates:screening_book": (lambda persona: {}, POST_ONLY),
    "candidates:screening_assign": (lambda persona: {}, POST_ONLY),
    "candidates:screening_cancel": (lambda persona: {}, POST_ONLY),
    # Their booked 1:1 as a calendar file: the candidate with a booked call; 404 otherwise.
    "candidates:screening_ics": (north_screening_call_booked, CANDIDATE_ONLY),
    # Screeners' pages: people with a screener record (the screener persona applied);
    # the application page is for anyone signed in who is not only a candidate.
    "candidates:screener_home": (screener_applied, SCREENERS_200),
    "candidates:screener_apply": (
        lambda persona: {},
        {**EVERYONE_200, "anonymous": 302, "candidate_user": 404},
    ),
    "candidates:screener_availability_add": (lambda persona: {}, POST_ONLY),
    "candidates:screener_availability_remove": (lambda persona: {"pk": 1}, POST_ONLY),
    # Only the call's own screener opens its log; everyone else, the same 404.
    "candidates:screening_log": (
        north_screening_call,
        {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "screener": 200},
    ),
    # Their data, their choice: only a candidate has data to download or an account to
    # delete here; the confirmation page answers GET, the erasure needs a POST.
    "candidates:data_export": (lambda persona: {}, CANDIDATE_ONLY),
    "candidates:account_delete": (lambda persona: {}, CANDIDATE_ONLY),
    # The candidates list as CSV: the admin's own login check sends everyone without an
    # admin role to sign in; directors get their regions' rows, staff everyone's.
    # The candidates list itself (its view is ours: it adds the "narrow the list" message).
    "admin:candidates_candidate_changelist": (
        lambda persona: {},
        {**dict.fromkeys(PERSONAS, 302), "director": 200, "other_director": 200, "staff": 200},
    ),
    "admin:candidates_candidate_export": (
        lambda persona: {},
        {**dict.fromkeys(PERSONAS, 302), "director": 200, "other_director": 200, "staff": 200},
    ),
    # The directors' dashboard and its downloads: directors and national staff; the
    # public impact page: everyone.
    "dashboard": (lambda persona: {}, DASHBOARD),
    "dashboard_funnel_csv": (lambda persona: {}, DASHBOARD),
    "dashboard_fair_share_csv": (lambda persona: {}, DASHBOARD),
    # "Refresh now": a button (POST only); national staff's POST queues a refresh, and
    # everyone else's is refused (tests/rfs/test_dashboard.py).
    "dashboard_refresh": (lambda persona: {}, POST_ONLY),
    "impact": (lambda persona: {}, EVERYONE_200),
    # Django's admin sign-in, sign-out and password pages hand over to allauth's (one
    # way in, with its rate limits and second factor). Signed in without an admin role,
    # the sign-in page says no: allauth's would send the person straight back.
    "admin:login": (
        lambda persona: {},
        {
            **dict.fromkeys(PERSONAS, 403),
            "anonymous": 302,
            "director": 302,
            "other_director": 302,
            "staff": 302,
        },
    ),
    "admin:logout": (
        lambda persona: {},
        {**dict.fromkeys(PERSONAS, 302), "director": 307, "other_director": 307, "staff": 307},
    ),
    "admin:password_change": (lambda persona: {}, dict.fromkeys(PERSONAS, 302)),
    "admin:password_change_done": (lambda persona: {}, dict.fromkeys(PERSONAS, 302)),
    # Importing offices data: national staff only.
    "admin:candidates_office_import": (
        lambda persona: {},
        {**dict.fromkeys(PERSONAS, 302), "director": 403, "other_director": 403, "staff": 200},
    ),
}


# Further cases of URLs already in MATRIX, keyed "<url name>#<case>" (MATRIX itself keeps
# one row per URL name, which other tests walk): url name -> (kwargs builder, expected).
MORE_CASES = {
    # A national session staff host: every director sees it (with their own regions'
    # registrants on the roster); only its host and national staff change or cancel it.
    "candidates:host_call_roster#national": (national_session, HOSTS_200),
    "candidates:host_call_roster_csv#national": (national_session, HOSTS_200),
    "candidates:host_call_edit#national": (national_session, NATIONAL_SESSION_CHANGE),
    "candidates:host_call_cancel#national": (national_session, NATIONAL_SESSION_CHANGE),
}

# The other apps keep their rows in their own tables, merged here.
MATRIX.update(MENTORSHIP)
MATRIX.update(ENDORSEMENTS_APPLY)
MATRIX.update(ENDORSEMENTS_REVIEW)
MATRIX.update(ENDORSEMENTS_PUBLIC)
MATRIX.update(RESOURCES_LIBRARY)
MATRIX.update(RESOURCES_COMMUNITY)
MATRIX.update(WORKPLACE)
MORE_CASES.update(ENDORSEMENTS_APPLY_CASES)


def own_url_names() -> set[str]:
    names = set()

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                # Namespaced apps ("candidates:finder") are reversed with their namespace.
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, namespace)
            elif isinstance(pattern, URLPattern):
                module = getattr(pattern.callback, "__module__", "")
                if module.startswith(OWN_APPS):
                    assert pattern.name, f"{pattern.pattern} needs a name to be in the matrix"
                    names.add(prefix + pattern.name)

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


def test_more_cases_are_of_urls_in_the_matrix():
    assert {key.partition("#")[0] for key in MORE_CASES} <= set(MATRIX)


@pytest.mark.parametrize("persona_name", PERSONAS)
@pytest.mark.parametrize("case", sorted(MORE_CASES))
def test_further_case_answers_each_role_as_the_table_says(client, persona, case, persona_name):
    kwargs_for, expected = MORE_CASES[case]
    url = reverse(case.partition("#")[0], kwargs=kwargs_for(persona))
    user = persona(persona_name)
    if user is not None:
        client.force_login(user)

    response = client.get(url)

    assert response.status_code == expected[persona_name]
