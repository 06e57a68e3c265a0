"""The roster's rows are built by f-strings for speed; they must be byte for byte the rows
the ``format_html`` version drew, in English and Spanish."""

from datetime import UTC, datetime

import pytest
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
