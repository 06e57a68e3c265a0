"""Template tags for calls: ``{% load calls %}``."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_text
from django.utils.formats import date_format, time_format
from django.utils.html import format_html

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
