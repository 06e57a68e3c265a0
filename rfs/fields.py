"""Form fields every app shares.

``OneLineField`` is for short text people type once and others read in lists: a name,
an office, a district, a question's title, a directory line. Staff see these in tables
and emails, so they must read as what they are:

- Invisible direction controls (the right-to-left override U+202E and its kin) are
  removed. They can make "gpj.exe" show as "exe.jpg", or reorder a name in a list;
  nobody types them on purpose, and without them the text reads as typed.
- Line breaks and other control characters are refused with a field error: a browser's
  one-line box can't send them, so they come from a pasted or crafted form, and a
  "name" running over several lines can forge rows in what staff read.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = ["BIDI_CONTROLS", "OneLineField", "one_line_clean", "validate_one_line"]

# Arabic letter mark, left-to-right and right-to-left marks, the embeddings and
# overrides (U+202A-U+202E) and the isolates (U+2066-U+2069).
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Control characters (line feed, carriage return, tab, NUL...) and the Unicode line and
# paragraph separators.
_BREAKING = {"Cc", "Zl", "Zp"}


def one_line_clean(value: str) -> str:
    """The value without direction controls."""
    return BIDI_CONTROLS.sub("", value)


def validate_one_line(value: str) -> None:
    if any(unicodedata.category(character) in _BREAKING for character in value):
        raise ValidationError(
            _("Please keep this to one line of plain text, without line breaks."),
            code="one_line",
        )


class OneLineField(forms.CharField):
    """A ``CharField`` for one line of text: direction controls removed, line breaks and
    control characters refused (the person sees what they typed, with the error)."""

    default_validators = [validate_one_line]

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        value = one_line_clean(value)
        # Stripped again: removing a control may leave spaces at an end.
        return value.strip() if self.strip else value
