"""``{% load rfs_dates %}``: ``{{ value|day:"long_date" }}``, a shape of ``rfs.dates``."""

from django import template

from ..dates import format_day

register = template.Library()


@register.filter
def day(value, name: str = "date") -> str:
    return format_day(value, name)
