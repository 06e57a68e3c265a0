"""The screener's page's lists as prepared fragments: ``{% load screening %}``.

A busy screener's page lists fifty calls and twenty logs. Drawn row by row by the
template language (an include, a translated sentence and a URL per row) that was most of
the page's time; here each row is one ``format_html`` with its labels translated once a
page and the log link's URL reversed once.
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_text
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from rfs.dates import format_day

from ..enums import ScreeningNextStep
from .calls import when

register = template.Library()

_PLACEHOLDER = 918273645  # a call id no page will hold, replaced by each row's own


def _log_url():
    """``reverse`` once; each row fills in its call's id."""
    before, after = reverse("candidates:screening_log", args=[_PLACEHOLDER]).split(
        str(_PLACEHOLDER)
    )
    return lambda pk: f"{before}{pk}{after}"


def _join(rows: list[str]) -> str:
    return mark_safe("".join(rows))  # each row is built by format_html


@register.simple_tag
def call_rows(calls) -> str:
    """A ``<li>`` per call: the person, where they are, when (or their email while the
    time is to be agreed), and the link to log the call."""
    log_url = _log_url()
    to_be_agreed = _("Time to be agreed")
    rows = []
    for call in calls:
        candidate, person = call.candidate, call.candidate.user
        name = person.get_short_name()
        place = ""
        if candidate.city or candidate.state:
            place = format_html(
                '<span class="text-body-secondary">· {}{}</span>',
                format_html("{}, ", candidate.city) if candidate.city else "",
                candidate.state,
            )
        if call.starts_at:
            moment = when(call.starts_at)
        else:
            moment = format_html(
                '{} · <a href="mailto:{}">{}</a>', to_be_agreed, person.email, person.email
            )
        rows.append(
            format_html(
                '<li class="list-group-item"><strong>{}</strong> {}<br>{}<br>'
                '<a href="{}">{}</a></li>',
                name,
                place,
                moment,
                log_url(call.pk),
                _("Log the call with %(name)s") % {"name": name},
            )
        )
    return _join(rows)


@register.simple_tag
def screened_rows(logs) -> str:
    """A ``<li>`` per log the screener wrote: the person, the next step, the day."""
    log_url = _log_url()
    steps = {value: str(label) for value, label in ScreeningNextStep.choices}
    return _join(
        [
            format_html(
                '<li class="list-group-item"><a href="{}">{}</a> · {} '
                '<span class="small text-body-secondary">· '
                '<time datetime="{}">{}</time></span></li>',
                log_url(log.call_id),
                log.candidate.user.get_short_name(),
                steps.get(log.next_step, log.next_step),
                date_text(timezone.localtime(log.created_at), "c"),
                format_day(log.created_at, "short_date"),
            )
            for log in logs
        ]
    )
