"""Spanish: chosen on the page, kept on the person, and used for everything sent to them.

The switcher at the foot of every page is a form (no JavaScript). A signed-in person's
choice is saved on them (``User.language``) and wins over the browser's language, on
their pages and in their emails: the platform's (outbox), allauth's codes, and those the
worker sends. Dates follow the language and the person's time zone. The catalogue check
(``scripts/check_translations.py``) is tested at the end.
"""

import re
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polib
import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from rfs.dates import format_day, lazy_day
from rfs.enums import Role
from rfs.i18n import for_person
from rfs.models import OutboundEmail, User
from rfs.services import email_queue_template
from tests.conftest import signup_data
from tests.emails_registry import NOW, _intro_call, _registered
from tests.factories import CandidateFactory, UserFactory

sys.path.insert(0, str(Path(settings.BASE_DIR) / "scripts"))
import check_translations

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale/es/LC_MESSAGES"
SWITCHER = re.compile(r'<form method="post" action="/language/".*?</form>', re.S)


@pytest.fixture(autouse=True)
def _compiled_catalogue():
    """The .mo file is built (`make install`), never committed: build it if it's missing
    or older than the .po, so these tests read the current catalogue."""
    po, mo = CATALOGUE / "django.po", CATALOGUE / "django.mo"
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        polib.pofile(str(po)).save_as_mofile(str(mo))
        translation.trans_real._translations.clear()
        translation.trans_real._default = None


def spanish(response) -> bool:
    return '<html lang="es">' in response.content.decode()


# --- The switcher ---------------------------------------------------------------------


def test_every_page_has_a_switcher_that_is_a_plain_form(client):
    for url in (reverse("home"), reverse("candidates:finder"), reverse("account_signup")):
        body = client.get(url).content.decode()
        [form] = SWITCHER.findall(body)
        assert 'name="csrfmiddlewaretoken"' in form
        assert f'name="next" value="{url}"' in form
        assert 'name="language" value="es" lang="es"' in form
        assert "<script" not in form


def test_a_visitor_switches_to_spanish_and_stays_there(client):
    finder = reverse("candidates:finder")

    response = client.post(reverse("set_language"), {"language": "es", "next": finder})

    assert response.status_code == 302
    assert response["Location"] == finder
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(finder)
    assert spanish(page)
    assert "¿A qué podrías postularte?" in page.content.decode()
    # And back: the current language is shown, not offered.
    [form] = SWITCHER.findall(page.content.decode())
    assert 'value="en" lang="en"' in form and 'value="es"' not in form


def test_the_switcher_refuses_get_and_unknown_languages(client, candidate_user):
    assert client.get(reverse("set_language")).status_code == 405
    client.force_login(candidate_user)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    candidate_user.refresh_from_db()
    assert candidate_user.language == ""


def test_the_browser_language_applies_until_a_choice_is_made(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    assert spanish(page)
    assert "Podrías postularte a un cargo" in page.content.decode()


# --- Kept on the person ---------------------------------------------------------------


def test_a_signed_in_choice_is_saved_on_the_person(client, candidate_user):
    client.force_login(candidate_user)

    client.post(reverse("set_language"), {"language": "es", "next": "/"})

    candidate_user.refresh_from_db()
    assert candidate_user.language == "es"


def test_staff_may_switch_before_setting_up_two_factor(client, settings):
    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = True
    director = UserFactory(roles=[Role.REGIONAL_DIRECTOR])  # no authenticator app yet
    client.force_login(director)

    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})

    assert response.status_code == 302 and response["Location"] == "/"
    director.refresh_from_db()
    assert director.language == "es"


def test_the_persons_language_wins_over_the_browser_and_the_cookie(candidate_user):
    candidate_user.language = "es"
    candidate_user.save()
    browser = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    browser.force_login(candidate_user)

    page = browser.get(reverse("candidates:journey"))

    assert spanish(page)
    assert page["Content-Language"] == "es"
    assert "este es tu camino" in page.content.decode()


def test_someone_who_chose_english_gets_english_from_a_spanish_browser(candidate_user):
    candidate_user.language = "en"
    candidate_user.save()
    browser = Client(HTTP_ACCEPT_LANGUAGE="es")
    browser.force_login(candidate_user)

    page = browser.get(reverse("candidates:journey"))

    assert '<html lang="en">' in page.content.decode()


def test_the_language_middleware_adds_no_query(client, candidate_user):
    client.force_login(candidate_user)
    journey = reverse("candidates:journey")

    def queries_in(language: str) -> int:
        User.objects.filter(pk=candidate_user.pk).update(language=language)
        client.get(journey)  # warm this language's cached fragments
        with CaptureQueriesContext(connection) as captured:
            response = client.get(journey)
        assert response["Content-Language"] == language
        return len(captured)

    assert queries_in("es") == queries_in("en")


def test_signing_up_in_spanish_keeps_spanish_and_the_code_comes_in_spanish(
    client, django_capture_on_commit_callbacks
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_signup"), signup_data(email="ana@example.org"))

    assert response.status_code == 302
    user = User.objects.get(email="ana@example.org")
    assert user.language == "es"
    email = OutboundEmail.objects.get(to_email=user.email, purpose="email_confirmation_signup")
    assert email.subject == "Tu código de confirmación"
    [delivered] = [m for m in mail.outbox if m.to == [user.email]]
    assert "Hola, Riley:" in delivered.body
    assert "Aquí tienes tu código para confirmar tu correo electrónico" in delivered.body
    # The page asking for the code is allauth's, in its own Spanish.
    page = client.get(response["Location"])
    assert spanish(page)


def test_a_sign_in_code_asked_from_an_english_browser_comes_in_the_persons_language(
    candidate_user, django_capture_on_commit_callbacks
):
    candidate_user.language = "es"
    candidate_user.save()
    browser = Client(HTTP_ACCEPT_LANGUAGE="en")
    with django_capture_on_commit_callbacks(execute=True):
        browser.post(reverse("account_request_login_code"), {"email": candidate_user.email})

    email = OutboundEmail.objects.get(to_email=candidate_user.email, purpose="login_code")
    assert email.subject == "Tu código para iniciar sesión"
    [delivered] = [m for m in mail.outbox if m.to == [candidate_user.email]]
    assert "Aquí tienes tu código para iniciar sesión" in delivered.body


# --- Emails in the recipient's language -------------------------------------------------


def test_an_outbox_email_renders_in_the_recipients_language_whoever_sends_it():
    ana = UserFactory(name="Ana Ruiz", language="es")
    sam = UserFactory(name="Sam Lee", language="en")

    with translation.override("en"):
        to_ana = email_queue_template(template="welcome", to=ana, context={})
    with translation.override("es"):
        to_sam = email_queue_template(template="welcome", to=sam, context={})

    assert to_ana.subject == "Te damos la bienvenida a Run for Something: esto es lo que pasa ahora"
    assert "Hola, Ana:" in to_ana.body_text and "Nos alegra mucho" in to_ana.body_html
    assert to_sam.subject == "Welcome to Run for Something: here's what happens next"
    assert "Hi Sam," in to_sam.body_text


@time_machine.travel(NOW, tick=False)
def test_an_intro_call_confirmation_gives_the_time_in_spanish_in_the_persons_zone():
    candidate = CandidateFactory(
        state="NY", user__name="Ana Ruiz", user__language="es", user__time_zone="America/Chicago"
    )
    call = _intro_call(days=8)  # Tuesday 12 March 2030, 15:00 UTC

    with translation.override("en"):
        _registered(call=call, candidate=candidate)

    email = OutboundEmail.objects.get(to_email=candidate.user.email, purpose="intro_confirmation")
    assert (
        email.subject
        == "Tienes lugar: llamada de introducción el martes 12 de marzo a las 10:00 CDT"
    )
    assert "martes 12 de marzo a las 10:00 CDT" in email.body_text
    assert "SUMMARY:Llamada de introducción: Run for Something" in email.ics


@time_machine.travel(NOW, tick=False)
def test_a_reminder_sent_by_the_worker_is_in_the_persons_language():
    from candidates.tasks import intro_call_reminders_task

    candidate = CandidateFactory(state="NY", user__name="Ana Ruiz", user__language="es")
    registration = _registered(candidate=candidate)
    # The worker: no request, the default language active, the task run as beat runs it.
    with (
        time_machine.travel(registration.call.starts_at - timedelta(hours=20), tick=False),
        translation.override(settings.LANGUAGE_CODE),
    ):
        assert intro_call_reminders_task.apply().get() >= 1

    email = OutboundEmail.objects.get(to_email=candidate.user.email, purpose="intro_reminder_24h")
    assert (
        email.subject
        == "Acción necesaria: confirma tu lugar en la llamada de introducción de mañana"
    )
    assert "Tu llamada de introducción es mañana" in email.body_text


def test_a_person_without_a_language_gets_the_default():
    person = UserFactory(language="")
    with translation.override("es"), for_person(person):
        assert translation.get_language() == settings.LANGUAGE_CODE


# --- Dates, times and numbers ---------------------------------------------------------


def test_dates_follow_the_active_language():
    day = date(2026, 3, 3)
    moment = datetime(2026, 3, 3, 19, 5, tzinfo=UTC)
    with translation.override("en"):
        assert format_day(day) == "March 3, 2026"
        assert format_day(day, "long_date") == "Tuesday, March 3, 2026"
        assert format_day(moment, "moment") == "Tuesday, March 3 at 7:05 PM UTC"
    with translation.override("es"):
        assert format_day(day) == "3 de marzo de 2026"
        assert format_day(day, "long_date") == "martes 3 de marzo de 2026"
        assert format_day(moment, "moment") == "martes 3 de marzo a las 19:05 UTC"


def test_a_lazy_date_is_formatted_when_it_is_rendered():
    with translation.override("en"):
        value = lazy_day(date(2026, 3, 3))
    with translation.override("es"):
        assert str(value) == "3 de marzo de 2026"


def test_a_date_field_keeps_iso_dates_in_spanish():
    from candidates.forms.journey import ProfileForm

    with translation.override("es"):
        html = str(ProfileForm(initial={"date_of_birth": date(1994, 3, 9)})["date_of_birth"])
    assert 'value="1994-03-09"' in html


def test_numbers_are_localised():
    from django.utils.formats import number_format

    with translation.override("es"):
        # As Spanish is written in the US (and Mexico): the same separators as English.
        assert number_format(1234.5, decimal_pos=1, force_grouping=True) == "1,234.5"
    with translation.override("en"):
        assert number_format(1234.5, decimal_pos=1, force_grouping=True) == "1,234.5"


# --- The error page -------------------------------------------------------------------


def test_the_500_page_needs_no_context_and_speaks_spanish():
    request = RequestFactory().get("/")
    with translation.override("es"):
        response = server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="es">' in body
    assert "Algo salió mal de nuestro lado" in body
    assert "Something went wrong" not in body


# --- The catalogue check --------------------------------------------------------------


def _po(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    for entry in entries:
        po.append(entry)
    return po


def test_the_check_flags_untranslated_and_fuzzy_candidate_strings_only():
    po = _po(
        polib.POEntry(msgid="Sign up", msgstr="", occurrences=[("templates/base.html", "1")]),
        polib.POEntry(
            msgid="Join", msgstr="Únete", flags=["fuzzy"], occurrences=[("rfs/forms.py", "3")]
        ),
        polib.POEntry(msgid="Vote", msgstr="", occurrences=[("templates/admin/x.html", "2")]),
        polib.POEntry(
            msgid="Both",
            msgstr="",
            occurrences=[("templates/admin/x.html", "2"), ("templates/rfs/home.html", "4")],
        ),
        polib.POEntry(
            msgid="%(n)s seat",
            msgid_plural="%(n)s seats",
            msgstr_plural={0: "%(n)s escaño", 1: ""},
            occurrences=[("templates/candidates/_office.html", "9")],
        ),
        polib.POEntry(msgid="Done", msgstr="Hecho", occurrences=[("templates/base.html", "5")]),
    )

    assert check_translations.missing_translations(po) == [
        "untranslated: 'Sign up'",
        "fuzzy: 'Join'",
        "untranslated: 'Both'",
        "untranslated: '%(n)s seat'",
    ]


def test_the_check_flags_a_catalogue_that_disagrees_with_the_sources():
    committed = _po(polib.POEntry(msgid="Old", msgstr="Viejo"), polib.POEntry(msgid="Kept"))
    fresh = _po(polib.POEntry(msgid="Kept"), polib.POEntry(msgid="New"))

    assert check_translations.stale_msgids(committed, fresh) == [
        "not in the catalogue (run makemessages): 'New'",
        "no longer in the sources: 'Old'",
    ]


def test_the_committed_catalogue_passes_the_check():
    assert check_translations.check() == []
