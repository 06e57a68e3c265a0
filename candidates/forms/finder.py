"""The finder's ZIP form, and the ZIP check every form of the app shares."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..finder import ZipNotCovered, ZipPlace, place_for_zip

# Five digits, optionally followed by the four of ZIP+4 (with a dash, a space or nothing).
ZIP_CODE = re.compile(r"^(\d{5})(?:-?\d{4})?$")


def clean_zip_code(typed: str) -> ZipPlace:
    """The place of a typed ZIP code ("55101", " 55101 ", "55101-1234"), or a
    ValidationError that says, kindly, what to do."""
    compact = re.sub(r"\s+", "", typed)
    if not re.fullmatch(r"[\d-]+", compact):
        raise ValidationError(
            _("A ZIP code is made of numbers only, like 55101. Could you check what you typed?"),
            code="not_digits",
        )
    match = ZIP_CODE.match(compact)
    if match is None:
        digits = len(compact.replace("-", ""))
        if "-" in compact:
            message = _(
                "That doesn't look like a ZIP code. Try just the first 5 digits, like 55101."
            )
        else:
            message = ngettext(
                "A ZIP code has 5 digits, like 55101. This one has %(count)d digit.",
                "A ZIP code has 5 digits, like 55101. This one has %(count)d digits.",
                digits,
            ) % {"count": digits}
        raise ValidationError(message, code="length")
    zip_code = match.group(1)
    try:
        return place_for_zip(zip_code)
    except ZipNotCovered as problem:
        raise ValidationError(problem.message, code=problem.code) from None


class ZipForm(forms.Form):
    """The finder's one question. Accepts "55101", " 55101 " and "55101-1234".

    ``place`` is set when the ZIP code is one we can list offices for; otherwise the
    field's error says why, and the page shows what was typed.
    """

    zip = forms.CharField(
        label=_("Your ZIP code"),
        error_messages={
            "required": _(
                "Enter your ZIP code and we'll show you the offices elected where you live."
            ),
        },
    )

    place: ZipPlace | None = None

    def clean_zip(self) -> str:
        self.place = clean_zip_code(self.cleaned_data["zip"])
        return self.place.zip_code
