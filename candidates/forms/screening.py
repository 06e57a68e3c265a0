"""Forms of the 1:1 screening pages: applying, availability, and the screener's log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rfs import registry
from rfs.models import Region

from ..enums import Concern, ScreeningNextStep, Weekday

LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]

RUBRIC = [
    (1, _("1 · Just starting")),
    (2, _("2 · Some")),
    (3, _("3 · Solid")),
    (4, _("4 · Strong")),
]


class ScreenerApplyForm(forms.Form):
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions you can help"),
        queryset=Region.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can hold a call in"),
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        initial=["en"],
    )
    weekly_capacity = forms.IntegerField(
        label=_("Calls per week"), min_value=1, max_value=40, initial=3
    )
    time_zone = forms.CharField(
        label=_("Your time zone"), max_length=64, initial="America/New_York"
    )
    meeting_url = forms.URLField(
        label=_("Your video meeting link"), max_length=500, assume_scheme="https", required=False
    )

    def clean_time_zone(self) -> str:
        import zoneinfo

        zone = self.cleaned_data["time_zone"].strip()
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
            raise forms.ValidationError(
                _("Please pick a time zone like America/Chicago.")
            ) from error
        return zone


class AvailabilityForm(forms.Form):
    """A weekly window (pick a weekday) or a one-off window (pick a date), in the screener's zone."""

    weekday = forms.TypedChoiceField(
        label=_("Every week on"),
        choices=[("", _("— one-off date instead —")), *Weekday.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    date = forms.DateField(
        label=_("Or on this date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("weekday") is None) == (cleaned.get("date") is None):
            raise forms.ValidationError(_("Pick a day of the week or a date, not both."))
        return cleaned


class ScreeningLogForm(forms.Form):
    """The four questions, the rubric, concerns, next step and the resources to send."""

    problems_to_solve = forms.CharField(
        label=_("What problems do they want to solve?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    community_involvement = forms.CharField(
        label=_("How have they been involved in their community?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    concerns_notes = forms.CharField(
        label=_("What concerns do they have about running?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    progressive_meaning = forms.CharField(
        label=_("What does progressive mean to them and their community?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    community_knowledge = forms.TypedChoiceField(
        label=_("Community knowledge"),
        help_text=_("Do they know the place and its issues?"),
        choices=RUBRIC,
        coerce=int,
        widget=forms.RadioSelect,
    )
    relationships = forms.TypedChoiceField(
        label=_("Relationships and network"),
        help_text=_("Who would back them on day one?"),
        choices=RUBRIC,
        coerce=int,
        widget=forms.RadioSelect,
    )
    campaign_understanding = forms.TypedChoiceField(
        label=_("Understanding of what a campaign takes"),
        help_text=_("Time, money, filing, people."),
        choices=RUBRIC,
        coerce=int,
        widget=forms.RadioSelect,
    )
    values_alignment = forms.TypedChoiceField(
        label=_("Values"),
        help_text=_("How close to ours?"),
        choices=RUBRIC,
        coerce=int,
        widget=forms.RadioSelect,
    )
    concerns = forms.MultipleChoiceField(
        label=_("Concerns they raised"),
        choices=Concern.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    next_step = forms.ChoiceField(
        label=_("Recommended next step"),
        choices=ScreeningNextStep.choices,
        widget=forms.RadioSelect,
    )
    # The choices come from the resources app (``registry.screening_follow_ups``).
    resources = forms.ModelMultipleChoiceField(
        label=_("Resources to send them"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, recipient, **kwargs):
        super().__init__(*args, **kwargs)
        follow_ups = registry.screening_follow_ups.provider
        if follow_ups is None:
            del self.fields["resources"]
        else:
            # Only what this candidate can open (audience rules, and somewhere to open it).
            self.fields["resources"].queryset = follow_ups.pickable(recipient)
