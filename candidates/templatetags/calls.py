"""Template tags for calls: ``{% load calls %}``."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_text
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def when(moment: datetime) -> str:
    """A call's start in the viewer's zone, as a ``<time>`` element:
    "Tuesday, March 3 · 7:00 PM EST". One function instead of an include and three
    filters: the screener's page shows it for every call on it."""
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}">{} · {}</time>',
        date_text(local, "c"),
        date_format(local, "l, F j"),
        time_format(local, "g:i A T"),
    )


@register.simple_tag
def zone_name() -> str:
    """The viewer's zone, named the way times are: "CST (Chicago)", so "shown in your
    time zone" says which one (and a wrong one is easy to spot)."""
    zone = timezone.get_current_timezone()
    abbreviation = timezone.localtime(timezone.now(), zone).strftime("%Z")
    place = str(zone).rsplit("/", 1)[-1].replace("_", " ")
    return f"{abbreviation} ({place})" if place and place != abbreviation else abbreviation


@register.simple_tag
def roster_rows(roster, *, may_run: bool) -> str:
    """The roster's table rows, built in Python: a session can hold a hundred people,
    and the same row drawn by the template language cost about half of the page (five
    translated labels and a status label looked up per row). Labels are translated
    once per page; every value is escaped by ``format_html``."""
    from ..enums import RegistrationStatus

    email, status, joined = _("Email"), _("Status"), _("Joined")
    not_yet = format_html('<span class="text-body-secondary">{}</span>', _("Not yet"))
    attended_label, yes, no = _("Attended"), _("Yes"), _("No")
    statuses = {value: str(label) for value, label in RegistrationStatus.choices}
    rows = []
    for registration in roster:
        person = registration.candidate.user
        if registration.joined_at:
            local = timezone.localtime(registration.joined_at)
            when_joined = format_html(
                '<time datetime="{}">{}</time>',
                date_text(local, "c"),
                time_format(local, "g:i A T"),
            )
        else:
            when_joined = not_yet
        if not may_run:
            check = yes if registration.attended else no if registration.attended is False else ""
        elif registration.status != RegistrationStatus.CANCELLED:
            ticked = registration.attended or (
                registration.attended is None and registration.joined_at
            )
            check = format_html(
                '<input class="form-check-input mt-0" type="checkbox" name="attended" value="{pk}"'
                ' id="attended-{pk}"{checked}>'
                '<label class="d-sm-none" for="attended-{pk}" aria-hidden="true">{label}</label>'
                '<label class="visually-hidden" for="attended-{pk}">{name_attended}</label>',
                pk=registration.pk,
                checked=mark_safe(" checked") if ticked else "",
                label=attended_label,
                name_attended=_("%(name)s attended") % {"name": person.name},
            )
        else:
            check = ""
        rows.append(
            format_html(
                '<tr><td class="fw-semibold">{}</td><td data-label="{}">{}</td>'
                '<td data-label="{}">{}</td><td data-label="{}">{}</td>'
                '<td class="table-stack__check">{}</td></tr>',
                person.name,
                email,
                person.email,
                status,
                statuses.get(registration.status, registration.status),
                joined,
                when_joined,
                check,
            )
        )
    return mark_safe("\n".join(rows))  # each row is built by format_html
