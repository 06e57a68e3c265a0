"""Template tags for calls: ``{% load calls %}``."""

from datetime import datetime
from html import escape as html_escape

from django import template
from django.template.base import render_value_in_context
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_text
from django.utils.formats import date_format, time_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    """The roster's table rows (``roster_lines_for``), built in Python: a session can
    hold a hundred people, and the same row drawn by the template language cost about
    half of the page. Labels are translated and escaped once per page; each row is one
    f-string whose every value goes through ``html.escape``: the text ``format_html``
    gave (Django's ``escape`` is ``html.escape`` marked safe), without its lazy-string
    wrapper, which cost more than the escaping three hundred times a page."""
    from ..enums import RegistrationStatus

    email, status, joined = (
        html_escape(_("Email")),
        html_escape(_("Status")),
        html_escape(_("Joined")),
    )
    not_yet = f'<span class="text-body-secondary">{html_escape(_("Not yet"))}</span>'
    attended_label, yes, no = (
        html_escape(_("Attended")),
        html_escape(_("Yes")),
        html_escape(_("No")),
    )
    name_attended = _("%(name)s attended")
    statuses = {value: html_escape(str(label)) for value, label in RegistrationStatus.choices}
    cancelled = RegistrationStatus.CANCELLED.value
    rows = []
    for line in roster:
        pk, name = line["pk"], line["name"]
        joined_at, attended = line["joined_at"], line["attended"]
        if joined_at:
            local = timezone.localtime(joined_at)
            when_joined = (
                f'<time datetime="{html_escape(local.isoformat())}">'
                f"{html_escape(time_format(local, 'g:i A T'))}</time>"
            )
        else:
            when_joined = not_yet
        if not may_run:
            check = yes if attended else no if attended is False else ""
        elif line["status"] != cancelled:
            ticked = attended or (attended is None and joined_at)
            check = (
                f'<input class="form-check-input mt-0" type="checkbox" name="attended" value="{pk}"'
                f' id="attended-{pk}"{" checked" if ticked else ""}>'
                f'<label class="d-sm-none" for="attended-{pk}" aria-hidden="true">{attended_label}</label>'
                f'<label class="visually-hidden" for="attended-{pk}">'
                f"{html_escape(name_attended % {'name': name})}</label>"
            )
        else:
            check = ""
        state = (
            statuses[line["status"]]
            if line["status"] in statuses
            else html_escape(str(line["status"]))
        )
        rows.append(
            f'<tr><td class="fw-semibold">{html_escape(name)}</td>'
            f'<td data-label="{email}">{html_escape(line["email"])}</td>'
            f'<td data-label="{status}">{state}</td><td data-label="{joined}">{when_joined}</td>'
            f'<td class="table-stack__check">{check}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # every value above is escaped


_PLACEHOLDER = 918273645  # a registration or session id no page holds, replaced by each card's


def _url_for(name: str):
    """``reverse`` once a page; each card fills in its own id."""
    before, after = conditional_escape(reverse(name, args=[_PLACEHOLDER])).split(str(_PLACEHOLDER))
    return lambda pk: f"{before}{pk}{after}"


@register.simple_tag(takes_context=True)
def call_cards(context, sessions, *, has_registration: bool) -> str:
    """The candidate's intro-call list: a card per session, built in Python. Drawn by
    the template language (two translated sentences, a URL, a CSRF field and a dozen
    conditions a card) the cards were about a third of the page. This is the same text,
    whitespace included: labels translated once a page, values rendered and escaped as
    ``{% blocktranslate %}`` does (``render_value_in_context``), URLs reversed once."""
    csrf = CsrfTokenNode().render(context)
    cancel_url, register_url = (
        _url_for("candidates:call_cancel"),
        _url_for("candidates:call_register"),
    )
    hosted_by = _("Hosted by %(name)s · %(minutes)s minutes")
    national = _("National")
    on_waitlist, registered = (
        _("You're on the waitlist for this one."),
        _("You're registered for this one."),
    )
    cancel, full = _("Cancel my place"), _("Full — join the waitlist")
    move, register_label, join = _("Move to this one"), _("Register"), _("Join the waitlist")
    cards = []
    for session in sessions:
        mine = session.my_registration
        hosted = hosted_by % {
            "name": render_value_in_context(session.host.get_short_name(), context),
            "minutes": render_value_in_context(session.duration_minutes, context),
        }
        region = (
            render_value_in_context(session.region.name, context) if session.region else national
        )
        card = (
            f'\n      <li class="card mb-3{" border-primary border-2" if mine else ""}">\n'
            '        <div class="card-body">\n'
            f'          <h2 class="h5 card-title">{when(session.starts_at)}</h2>\n'
            '          <p class="mb-2">\n'
            f"            {hosted}\n"
            f"            · {region}\n"
            "          </p>\n"
            "          "
        )
        if mine:
            card += (
                '\n            <p class="fw-semibold mb-2">\n'
                f"              {on_waitlist if mine.status == 'waitlisted' else registered}\n"
                "            </p>\n"
                f'            <form method="post" action="{cancel_url(mine.pk)}" data-once>\n'
                f"              {csrf}\n"
                f'              <button type="submit" class="btn btn-outline-secondary">{cancel}</button>\n'
                "            </form>\n"
                "          "
            )
        else:
            seats_left = session.seats_left
            if seats_left:
                seats = ngettext("%(seats)s seat left", "%(seats)s seats left", seats_left) % {
                    "seats": render_value_in_context(seats_left, context)
                }
            else:
                seats = full
            action = move if has_registration else register_label if seats_left else join
            card += (
                '\n            <p class="mb-2">\n'
                f"              \n                {seats}\n              \n"
                "            </p>\n"
                f'            <form method="post" action="{register_url(session.pk)}" data-once>\n'
                f"              {csrf}\n"
                '              <button type="submit" class="btn btn-primary">\n'
                f"                {action}\n"
                "              </button>\n"
                "            </form>\n"
                "          "
            )
        cards.append(card + "\n        </div>\n      </li>\n    ")
    # Values are escaped by render_value_in_context; labels are as {% translate %} gives them.
    return mark_safe("".join(cards))
