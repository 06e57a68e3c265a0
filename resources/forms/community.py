"""Forms of the community pages: a candidate's directory entry and the partner search.

They check formats and hand clean values to ``resources.services`` or the
selectors; who may do what is decided there.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from rfs.enums import State
from rfs.fields import OneLineField

from ..enums import PartnerFocus


class DirectoryProfileForm(forms.Form):
    listed = forms.BooleanField(
        label=_("Show me in the directory"),
        required=False,
        help_text=_(
            "Fellow candidates in your state will see your name, city, office and the line below. "
            "Never your email, phone or address."
        ),
    )
    office_sought = OneLineField(
        label=_("Office you're running for or considering"),
        max_length=200,
        required=False,
        help_text=_("For example: School Board, Ward 3."),
    )
    one_line = OneLineField(
        label=_("One line about you"),
        max_length=200,
        required=False,
        help_text=_("What you care about, or what you'd love to talk about with other candidates."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("listed") and not (cleaned.get("office_sought") or "").strip():
            self.add_error(
                "office_sought",
                _("Add the office, so fellow candidates know what you're running for."),
            )
        return cleaned


class PartnerSearchForm(forms.Form):
    """The partner page's filters, read from the query string; anything unknown is ignored."""

    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("Any state")), *State.choices], required=False
    )
    focus = forms.ChoiceField(
        label=_("Who they support"),
        choices=[("", _("Anyone")), *PartnerFocus.choices],
        required=False,
    )

    def filters(self) -> dict[str, str]:
        """The valid filters, or none: a tampered link shows the whole directory."""
        if not self.is_valid():
            return {"state": "", "focus": ""}
        return {"state": self.cleaned_data["state"], "focus": self.cleaned_data["focus"]}
