"""The roster's rows and the intro-call list's cards are built in Python for speed; they
must be byte for byte what the ``format_html`` version and the template loop drew, in
English and Spanish."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.dateformat import format as date_text
from django.utils.formats import time_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from candidates.enums import RegistrationStatus
from candidates.templatetags.calls import roster_rows

JOINED = datetime(2026, 3, 3, 0, 5, tzinfo=UTC)
LINES = [
    {
        "pk": 1,
        "name": 'Ana <b>O\'Neil</b> & "Co"',
        "email": "ana+x@example.org",
        "status": RegistrationStatus.REGISTERED,
        "joined_at": JOINED,
        "attended": None,
    },
    {
        "pk": 22,
        "name": "Ben",
        "email": "ben@example.org",
        "status": RegistrationStatus.REGISTERED,
        "joined_at": None,
        "attended": True,
    },
    {
        "pk": 333,
        "name": "Cy",
        "email": "cy@example.org",
        "status": RegistrationStatus.WAITLISTED,
        "joined_at": JOINED,
        "attended": False,
    },
    {
        "pk": 4,
        "name": "Di",
        "email": "di@example.org",
        "status": RegistrationStatus.CANCELLED,
        "joined_at": None,
        "attended": None,
    },
    {
        "pk": 5,
        "name": "Ed",
        "email": "ed@example.org",
        "status": "retired<status>",
        "joined_at": None,
        "attended": False,
    },
]


def _rows_by_format_html(roster, *, may_run: bool) -> str:
    """The tag as it was, reading the same rows."""
    email, status, joined = _("Email"), _("Status"), _("Joined")
    not_yet = format_html('<span class="text-body-secondary">{}</span>', _("Not yet"))
    attended_label, yes, no = _("Attended"), _("Yes"), _("No")
    statuses = {value: str(label) for value, label in RegistrationStatus.choices}
    rows = []
    for line in roster:
        if line["joined_at"]:
            local = timezone.localtime(line["joined_at"])
            when_joined = format_html(
                '<time datetime="{}">{}</time>',
                date_text(local, "c"),
                time_format(local, "g:i A T"),
            )
        else:
            when_joined = not_yet
        if not may_run:
            check = yes if line["attended"] else no if line["attended"] is False else ""
        elif line["status"] != RegistrationStatus.CANCELLED:
            ticked = line["attended"] or (line["attended"] is None and line["joined_at"])
            check = format_html(
                '<input class="form-check-input mt-0" type="checkbox" name="attended" value="{pk}"'
                ' id="attended-{pk}"{checked}>'
                '<label class="d-sm-none" for="attended-{pk}" aria-hidden="true">{label}</label>'
                '<label class="visually-hidden" for="attended-{pk}">{name_attended}</label>',
                pk=line["pk"],
                checked=mark_safe(" checked") if ticked else "",
                label=attended_label,
                name_attended=_("%(name)s attended") % {"name": line["name"]},
            )
        else:
            check = ""
        rows.append(
            format_html(
                '<tr><td class="fw-semibold">{}</td><td data-label="{}">{}</td>'
                '<td data-label="{}">{}</td><td data-label="{}">{}</td>'
                '<td class="table-stack__check">{}</td></tr>',
                line["name"],
                email,
                line["email"],
                status,
                statuses.get(line["status"], line["status"]),
                joined,
                when_joined,
                check,
            )
        )
    return mark_safe("\n".join(rows))


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("may_run", [True, False])
def test_roster_rows_match_the_format_html_rows(language, may_run):
    with translation.override(language), timezone.override("America/Chicago"):
        assert roster_rows(LINES, may_run=may_run) == _rows_by_format_html(LINES, may_run=may_run)
        assert (_("Email") == "Email") == (language == "en")  # Spanish is really in use


# The intro-call list's loop as the template drew it, before ``{% call_cards %}``.
CARDS_BY_TEMPLATE = """{% load i18n calls %}
    {% for session in sessions %}
      <li class="card mb-3{% if session.my_registration %} border-primary border-2{% endif %}">
        <div class="card-body">
          <h2 class="h5 card-title">{% when session.starts_at %}</h2>
          <p class="mb-2">
            {% blocktranslate with name=session.host.get_short_name minutes=session.duration_minutes %}Hosted by {{ name }} · {{ minutes }} minutes{% endblocktranslate %}
            · {% if session.region %}{{ session.region.name }}{% else %}{% translate "National" %}{% endif %}
          </p>
          {% if session.my_registration %}
            <p class="fw-semibold mb-2">
              {% if session.my_registration.status == "waitlisted" %}{% translate "You're on the waitlist for this one." %}{% else %}{% translate "You're registered for this one." %}{% endif %}
            </p>
            <form method="post" action="{% url 'candidates:call_cancel' session.my_registration.pk %}" data-once>
              {% csrf_token %}
              <button type="submit" class="btn btn-outline-secondary">{% translate "Cancel my place" %}</button>
            </form>
          {% else %}
            <p class="mb-2">
              {% if session.seats_left %}
                {% blocktranslate count seats=session.seats_left %}{{ seats }} seat left{% plural %}{{ seats }} seats left{% endblocktranslate %}
              {% else %}
                {% translate "Full — join the waitlist" %}
              {% endif %}
            </p>
            <form method="post" action="{% url 'candidates:call_register' session.pk %}" data-once>
              {% csrf_token %}
              <button type="submit" class="btn btn-primary">
                {% if has_registration %}{% translate "Move to this one" %}{% elif session.seats_left %}{% translate "Register" %}{% else %}{% translate "Join the waitlist" %}{% endif %}
              </button>
            </form>
          {% endif %}
        </div>
      </li>
    {% endfor %}"""
CARDS_BY_TAG = """{% load i18n calls %}
    {% call_cards sessions has_registration=has_registration %}"""


def _session(pk, *, region, seats_left, mine=None, host="Deja <D'Arcy> & co"):
    return SimpleNamespace(
        pk=pk,
        starts_at=JOINED,
        host=SimpleNamespace(get_short_name=lambda: host),
        duration_minutes=1500 if seats_left == 1 else 60,
        region=SimpleNamespace(name=region) if region else None,
        seats_left=seats_left,
        my_registration=mine,
    )


SESSIONS = [
    _session(7, region="West & <East>", seats_left=1),
    _session(8, region=None, seats_left=1234),
    _session(9, region="North", seats_left=0),
    _session(10, region=None, seats_left=3, mine=SimpleNamespace(pk=70, status="registered")),
    _session(11, region="North", seats_left=0, mine=SimpleNamespace(pk=71, status="waitlisted")),
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("has_registration", [True, False])
@pytest.mark.parametrize("csrf_token", ["tok<en>", None])
def test_call_cards_match_the_template_loop(language, has_registration, csrf_token):
    context = {"sessions": SESSIONS, "has_registration": has_registration}
    if csrf_token:
        context["csrf_token"] = csrf_token
    with translation.override(language), timezone.override("America/Chicago"):
        by_tag = Template(CARDS_BY_TAG).render(Context(context))
        by_template = Template(CARDS_BY_TEMPLATE).render(Context(context))

    assert by_tag == by_template
