"""Dates and times as people read them, in the active language and time zone.

The shapes below are the platform's own, one per language: "March 3, 2026" / "3 de
marzo de 2026", "Tuesday, March 3, 2026" / "martes 3 de marzo de 2026". Django's named
formats (``DATE_FORMAT``...) are accepted too; Spanish numbers: ``rfs/formats/es``.

Email context is built before the email is rendered in its recipient's language
(``rfs.i18n.for_person``): ``lazy_day`` gives a string that is formatted only when the
template renders it, so a date in an email follows the recipient, not whoever acted.
"""

from datetime import date, datetime

from django.utils.formats import FORMAT_SETTINGS, date_format
from django.utils.functional import lazy
from django.utils.translation import get_language

SHAPES = {
    "en": {
        "date": "F j, Y",
        "month_day": "F j",
        "long_date": "l, F j, Y",
        "weekday": "l, F j",
        "time": "g:i A T",
        "moment": r"l, F j \a\t g:i A T",
        "short_moment": "M j, g:i A T",
        "day_time": "F j, g:i A T",
        "short_date": "M j, Y",
        "short_month_day": "M j",
    },
    "es": {
        "date": r"j \d\e F \d\e Y",
        "month_day": r"j \d\e F",
        "long_date": r"l j \d\e F \d\e Y",
        "weekday": r"l j \d\e F",
        "time": "H:i T",
        "moment": r"l j \d\e F \a \l\a\s H:i T",
        "short_moment": "j M, H:i T",
        "day_time": r"j \d\e F, H:i T",
        "short_date": "j M Y",
        "short_month_day": "j M",
    },
}


def shape(name: str) -> str:
    language = (get_language() or "en").split("-")[0]
    return SHAPES.get(language, SHAPES["en"])[name]


# Languages that write the weekday in lower case mid-sentence ("el martes 3 de marzo"),
# where Django's catalogue capitalises it ("Martes").
LOWER_CASE_WEEKDAYS = {"es"}


def format_day(value: date | datetime | None, name: str = "date") -> str:
    """``value`` in the named format (Django's, or one of ``SHAPES``) of the active language."""
    if value is None:
        return ""
    text = date_format(value, name if name in FORMAT_SETTINGS else shape(name))
    if (get_language() or "").split("-")[0] in LOWER_CASE_WEEKDAYS:
        weekday = date_format(value, "l")
        text = text.replace(weekday, weekday.lower())
    return text


lazy_day = lazy(format_day, str)
