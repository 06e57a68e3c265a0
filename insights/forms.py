"""The dashboard's filters: every choice limited to what the viewer may see."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.enums import OfficeLevel
from rfs.enums import State
from rfs.models import User
from rfs.selectors import regions_visible_to, sees_all_regions

from .analytics.milestones import DIMENSIONS
from .analytics.reports import BREAKDOWNS, Filters

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
BREAKDOWN_LABELS = {
    "region": _("Region"),
    "state": _("State"),
    "level": _("Office level"),
    "source": _("Recruitment source"),
    "cohort": _("Signup month"),
}
DIMENSION_LABELS = {
    "gender": _("Gender"),
    "race_ethnicity": _("Race and ethnicity"),
    "lgbtq": _("LGBTQ+"),
    "veteran": _("Veteran"),
    "generation": _("First/second-generation American"),
}
STUCK_STAGES = ["signed_up", "intro_attended", "screened", "running", "applied"]


class DashboardFilterForm(forms.Form):
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *State.choices]
    )
    level = forms.ChoiceField(
        label=_("Office level"),
        required=False,
        choices=[("", _("All levels")), *OfficeLevel.choices],
    )
    source = forms.CharField(label=_("Recruitment source"), required=False, max_length=100)
    cohort_from = forms.CharField(
        label=_("Signed up from (month)"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    cohort_to = forms.CharField(
        label=_("Signed up until (month)"),
        required=False,
        widget=forms.TextInput(attrs={"type": "month"}),
    )
    by = forms.ChoiceField(
        label=_("Break down by"),
        required=False,
        choices=[("", _("No breakdown")), *((key, BREAKDOWN_LABELS[key]) for key in BREAKDOWNS)],
    )
    dimension = forms.ChoiceField(
        label=_("Fair share by"),
        required=False,
        choices=[(key, DIMENSION_LABELS[key]) for key in DIMENSIONS],
    )
    year = forms.CharField(label=_("Signup year"), required=False, max_length=4)
    stuck_days = forms.IntegerField(
        label=_("Stuck for more than (days)"),
        required=False,
        min_value=1,
        max_value=730,
        initial=30,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if sees_all_regions(user):
            self.regions = list(regions_visible_to(user))
        else:
            # A director chooses among their regions' states only: another state would show
            # nothing, after reading every candidate of it to find that out.
            self.regions = list(regions_visible_to(user).prefetch_related("states"))
            mine = {place.state for region in self.regions for place in region.states.all()}
            self.fields["state"].choices = [
                ("", _("All states")),
                *((v, n) for v, n in State.choices if v in mine),
            ]
        self.fields["region"].choices = [
            ("", _("All my regions")),
            *((r.pk, r.name) for r in self.regions),
        ]

    def clean_cohort_from(self):
        return self._month("cohort_from")

    def clean_cohort_to(self):
        return self._month("cohort_to")

    def _month(self, name: str) -> str:
        value = self.cleaned_data.get(name, "").strip()
        if value and not MONTH.match(value):
            raise forms.ValidationError(_("Enter a month as YYYY-MM, for example 2026-03."))
        return value

    def clean_year(self):
        value = self.cleaned_data.get("year", "").strip()
        if value and not (value.isdigit() and len(value) == 4):
            raise forms.ValidationError(_("Enter a year such as 2026."))
        return value

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return Filters(
            region=data.get("region"),
            state=data.get("state", ""),
            level=data.get("level", ""),
            source=data.get("source", ""),
            cohort_from=data.get("cohort_from", ""),
            cohort_to=data.get("cohort_to", ""),
        )

    def value(self, name: str, default=None):
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get(name) or default
        return default
