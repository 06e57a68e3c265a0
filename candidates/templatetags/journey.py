"""Template tags for My journey: ``{% load journey %}``."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_text
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from rfs.dates import format_day

register = template.Library()


@register.simple_tag
def history_items(history, shape: str, indent: int) -> str:
    """My journey's history lines (``(words, at)`` pairs, newest first) as ``<li>``
    items, built in Python: the page draws them twice (what's new, and the whole
    history), and a line drawn by the template language cost two filters and a lookup
    each. The same HTML as the ``{% for %}`` loop it replaces, whitespace included
    (``indent``: the spaces before each item); every value is escaped by ``format_html``.
    """
    before, after = "\n" + " " * indent, "\n" + " " * (indent - 2)
    if not history:
        return format_html("{}<li>{}</li>{}", before, _("Your story starts here."), after)
    items = [
        format_html(
            '{}<li class="mb-1">{} <span class="small text-body-secondary">· '
            '<time datetime="{}">{}</time></span></li>{}',
            before,
            words,
            # As the template's ``date`` filter: in the reader's zone. ``day`` is given the
            # moment as it is, as the template's filter was.
            date_text(timezone.localtime(at), "c") if timezone.is_aware(at) else date_text(at, "c"),
            format_day(at, shape),
            after,
        )
        for words, at in history
    ]
    return mark_safe("".join(items))  # each item is built by format_html
