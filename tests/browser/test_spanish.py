"""A Spanish speaker on a phone, from the finder to an intro call, entirely in Spanish.

At 375 px: the finder (switched to Spanish with the switcher, a plain form), the offices
of Saint Paul, signup, the emailed code, My journey and registering for an intro call.
On every page: ``<html lang="es">``, axe finds nothing, and no message of the English
catalogue of three words or more shows in the visible text. The confirmation code and the
intro call's confirmation arrive in Spanish.
"""

import re
from datetime import timedelta
from functools import cache
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from candidates.models import IntroCall
from rfs.enums import Role
from rfs.models import User
from tests.browser.test_signup import CODE, wait_for_code, wait_for_email
from tests.factories import RegionFactory, UserFactory

PHONE = {"width": 375, "height": 740}
PO = Path(settings.BASE_DIR) / "locale/es/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>|\n")


@cache
def english_messages() -> frozenset[str]:
    """Every stretch of three words or more of the catalogue's English messages, split at
    their placeholders; a stretch its own translation keeps (a name) doesn't count."""
    found = set()
    for entry in polib.pofile(str(PO)):
        translations = " ".join([entry.msgstr, *entry.msgstr_plural.values()])
        for message in filter(None, (entry.msgid, entry.msgid_plural)):
            for part in PLACEHOLDER.split(message):
                part = part.strip(" .,:;·—-()“”\"'")
                if len(part.split()) >= 3 and part not in translations:
                    found.add(part)
    return frozenset(found)


def check_spanish(page, assert_accessible, label: str) -> None:
    """lang="es", no English message on the page, axe clean, no sideways scrolling."""
    assert page.locator("html").get_attribute("lang") == "es", f"{label}: not lang=es"
    text = page.locator("body").inner_text()
    english = sorted(message for message in english_messages() if message in text)
    assert english == [], f"{label} shows English: {english}"
    assert_accessible(page, f"{label} (es, {PHONE['width']} px)")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{label} scrolls sideways ({width} px wide)"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_spanish_speaker_goes_from_the_finder_to_an_intro_call(
    live_server, page, assert_accessible
):
    from playwright.sync_api import expect

    north = RegionFactory(name="North", states=["MN"])
    host = UserFactory(
        email="dana@example.org", name="Dana Whitfield", roles=[Role.REGIONAL_DIRECTOR]
    )
    north.directors.add(host)
    IntroCall.objects.create(
        region=north,
        host=host,
        starts_at=timezone.now() + timedelta(days=3),
        meeting_url="https://meet.example.org/intro",
    )
    email_address = "ana.ruiz@example.org"
    page.set_viewport_size(PHONE)

    # The finder, in English until the visitor picks Español at the foot of the page.
    page.goto(live_server.url + reverse("candidates:finder"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The check below can fail: the English page is full of the catalogue's messages.
    english_text = page.locator("body").inner_text()
    assert (
        "Enter the ZIP code where you live to see the offices elected there, from school"
        " board to state legislature" in english_messages()
    )
    assert sum(message in english_text for message in english_messages()) >= 5
    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("¿A qué podrías postularte?")
    check_spanish(page, assert_accessible, "finder")

    # Saint Paul's offices.
    page.get_by_label("Tu código postal").fill("55101")
    page.get_by_role("button", name="Ver cargos").click()
    expect(page.get_by_role("heading", level=2).first).to_be_visible()
    expect(page.get_by_role("heading", name="Senado de Minnesota")).to_be_visible()
    check_spanish(page, assert_accessible, "finder results")

    # Signup.
    page.get_by_role("link", name="Regístrate gratis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regístrate")
    check_spanish(page, assert_accessible, "signup")
    page.get_by_label("Tu nombre").fill("Ana Ruiz")
    page.locator("#id_email").fill(email_address)
    page.get_by_label("Celular").fill("651 555 0123")
    page.get_by_label("Fecha de nacimiento").fill("1994-03-09")
    page.get_by_label("En los próximos 2 años").check()
    page.get_by_label("No, sería mi primera vez").check()
    page.get_by_role("main").get_by_role("button", name="Regístrate").click()

    # The code page (allauth's, in its Spanish) and the code, emailed in Spanish.
    expect(page).to_have_url(live_server.url + reverse("account_email_verification_sent"))
    check_spanish(page, assert_accessible, "confirmation code page")
    email = wait_for_email(email_address, "email_confirmation_signup")
    assert email.subject == "Tu código de confirmación"
    message = wait_for_code(email_address)
    assert "Hola, Ana:" in message.body
    assert "Aquí tienes tu código para confirmar tu correo electrónico" in message.body
    page.get_by_label("Código").fill(CODE.search(message.body).group(1))
    page.get_by_role("main").get_by_role("button", name="Confirmar").click()

    # My journey.
    expect(page).to_have_url(live_server.url + reverse("candidates:journey"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hola, Ana")
    check_spanish(page, assert_accessible, "My journey")
    assert User.objects.get(email=email_address).language == "es"

    # Registering for the intro call.
    page.get_by_role("link", name="Ver los horarios").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Elige una llamada de introducción")
    check_spanish(page, assert_accessible, "intro calls")
    page.get_by_role("button", name="Inscribirme").click()
    expect(page.get_by_role("alert")).to_contain_text("¡Ya tienes lugar!")
    expect(page.get_by_text("Tienes lugar en esta.")).to_be_visible()
    check_spanish(page, assert_accessible, "intro calls, registered")

    confirmation = wait_for_email(email_address, "intro_confirmation")
    assert confirmation.subject.startswith("Tienes lugar: llamada de introducción el ")

    assert page.errors == [], "errors in the browser:\n" + "\n".join(page.errors)
