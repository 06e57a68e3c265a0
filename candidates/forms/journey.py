"""Forms a candidate fills in on My journey: their profile and their race."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from rfs.enums import State
from rfs.fields import OneLineField

from ..elections import FILING_DEADLINE_LEAD_MAX
from ..enums import FilingStatus, OfficeLevel
from ..models import Candidate
from .finder import clean_zip_code
from .signup import normalise_phone


class ProfileForm(forms.ModelForm):
    field_order = [
        "phone",
        "zip_code",
        "date_of_birth",
        "when_might_run",
        "consent_email",
        "consent_sms",
    ]

    # Candidates add their own date of birth when we don't have it; once set, only
    # national staff change it (it decides endorsement eligibility), so it shows read-only.
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
        help_text=_(
            "Every office has an age requirement; this helps us point you to the right ones."
        ),
    )

    zip_code = forms.CharField(
        label=_("ZIP code where you live"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
        help_text=_("Moving? Your new ZIP code connects you with the right regional team."),
    )

    class Meta:
        model = Candidate
        # zip_code is the form's own field: it cleans to a Place, which the service saves.
        fields = ["phone", "when_might_run", "consent_email", "consent_sms"]
        widgets = {"when_might_run": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.date_of_birth is not None:
            field = self.fields["date_of_birth"]
            field.disabled = True
            field.initial = self.instance.date_of_birth
            field.help_text = _(
                "To correct it, reply to any of our emails and our team will change it for you."
            )

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born is None or self.fields["date_of_birth"].disabled:
            return None
        today = date.today()
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if born > today or age > 120:
            raise forms.ValidationError(_("Please check the date of birth."))
        return born

    def clean_zip_code(self):
        return clean_zip_code(self.cleaned_data["zip_code"])


class RaceForm(forms.Form):
    office_name = OneLineField(
        label=_("Office"), max_length=200, help_text=_("For example: City Council.")
    )
    level = forms.ChoiceField(label=_("Kind of office"), choices=[("", "—"), *OfficeLevel.choices])
    jurisdiction_name = OneLineField(
        label=_("Place"),
        max_length=200,
        help_text=_("The city, county, district or state, e.g. Saint Paul."),
    )
    district = OneLineField(label=_("District or seat (if any)"), max_length=100, required=False)
    state = forms.ChoiceField(label=_("State"), choices=State.choices)
    election_date = forms.DateField(
        label=_("Election day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    filing_deadline = forms.DateField(
        label=_("Filing deadline (if you know it)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("We'll remind you 30, 7 and 1 days before."),
    )
    filing_status = forms.ChoiceField(
        label=_("Where are you with filing?"),
        choices=FilingStatus.choices,
        widget=forms.RadioSelect,
    )

    def clean_election_date(self) -> date:
        day = self.cleaned_data["election_date"]
        if day < date.today():
            raise forms.ValidationError(_("Election day should be in the future."))
        return day

    def clean(self):
        cleaned = super().clean()
        deadline, election = cleaned.get("filing_deadline"), cleaned.get("election_date")
        if deadline and election and deadline > election:
            self.add_error("filing_deadline", _("The filing deadline comes before election day."))
        elif deadline and election and election - deadline > FILING_DEADLINE_LEAD_MAX:
            self.add_error(
                "filing_deadline",
                _("That's more than two years before election day. Please check the year."),
            )
        return cleaned
