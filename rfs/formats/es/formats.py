# Spanish as written in the US (and Mexico): Django's Spanish dates ("3 de marzo de
# 2026"), with the numbers people here read: 1,234.50, not Spain's 1.234,50.
from django.conf.locale.es.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
# Date fields are <input type="date">, which sends and shows ISO dates: Django writes a
# field's value in the first input format, so ISO comes first (as in English).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
]
