"""The signup form: allauth's email field plus what we ask a prospective candidate.

allauth builds its signup form on top of this class (``ACCOUNT_SIGNUP_FORM_CLASS``) and
calls ``signup()`` once the person is saved.
"""

import hashlib
import re
from datetime import date

import phonenumbers
from allauth.core import context as allauth_context
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Field, Fieldset, Layout
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rfs.fields import OneLineField

from .. import finder, services
from ..enums import (
    Gender,
    Generation,
    HeardFrom,
    OfficeLevel,
    RaceEthnicity,
    RunBefore,
    WhenMightRun,
    YesNo,
)
from ..finder import ZipPlace
from ..middleware import CAMPAIGN_SESSION_KEY
from .finder import clean_zip_code

# The states and the territories with their own region codes in the +1 plan; Canada and
# the Caribbean share +1 but are not the US. Our texts go to US numbers only.
US_PHONE_REGIONS = {"US", "PR", "GU", "VI", "AS", "MP"}


def normalise_phone(value: str) -> str:
    """A US mobile number in E.164 form (+16515550123), or ValidationError."""
    try:
        number = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(
            _("That doesn't look like a phone number. Try 10 digits, like 651-555-0123.")
        )
    if phonenumbers.region_code_for_number(number) not in US_PHONE_REGIONS:
        raise forms.ValidationError(
            _("Please give a US mobile number: 10 digits, like 651-555-0123.")
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class SignupForm(forms.Form):
    name = OneLineField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    zip_code = forms.CharField(
        label=_("ZIP code where you live"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    date_of_birth = forms.DateField(
        label=_("Date of birth"),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "bday"}),
        help_text=_(
            "Every office has an age requirement; this helps us point you to the right ones."
        ),
    )
    interests = forms.MultipleChoiceField(
        label=_("Offices you picked"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_interest = OneLineField(
        label=_("Any other office you're curious about? (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example: Springfield school board."),
    )
    other_interest_level = forms.ChoiceField(
        label=_("What kind of office is it?"),
        choices=[("", "—"), *OfficeLevel.choices],
        required=False,
    )
    when_might_run = forms.ChoiceField(
        label=_("When might you run?"),
        choices=WhenMightRun.choices,
        widget=forms.RadioSelect,
    )
    run_before = forms.ChoiceField(
        label=_("Have you run for office before?"),
        choices=RunBefore.choices,
        widget=forms.RadioSelect,
    )
    run_before_detail = forms.CharField(
        label=_("If you have: which office, and when?"),
        max_length=300,
        required=False,
    )
    heard_from = forms.ChoiceField(
        label=_("How did you hear about us? (optional)"),
        choices=[("", "—"), *HeardFrom.choices],
        required=False,
    )
    heard_from_detail = forms.CharField(
        label=_("Tell us more (optional)"), max_length=200, required=False
    )
    consent_email = forms.BooleanField(
        label=_("Send me news, trainings and opportunities by email"),
        required=False,
        help_text=_(
            "We'll always email you about your own account and calls. Unsubscribe any time."
        ),
    )
    consent_sms = forms.BooleanField(
        label=_("Text me reminders and updates"),
        required=False,
        help_text=_("Message and data rates may apply. Reply STOP to stop."),
    )
    # Optional, self-identified; seen only by you and, for others, only in aggregate.
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    gender_self_description = forms.CharField(
        label=_("In your words"), max_length=100, required=False
    )
    race_ethnicity = forms.MultipleChoiceField(
        label=_("Race and ethnicity"),
        choices=RaceEthnicity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lgbtq = forms.ChoiceField(
        label=_("Are you LGBTQ+?"), choices=[("", "—"), *YesNo.choices], required=False
    )
    veteran = forms.ChoiceField(
        label=_("Are you a veteran?"), choices=[("", "—"), *YesNo.choices], required=False
    )
    generation = forms.ChoiceField(
        label=_("Are you a first- or second-generation American?"),
        choices=[("", "—"), *Generation.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = allauth_context.request
        self.picked = finder.office_interests(request) if request is not None else []
        # The ZIP typed in the finder (carried in the link, or kept with a picked office).
        typed_zip = request.GET.get("zip", "") if request is not None else ""
        if not re.fullmatch(r"\d{5}", typed_zip):
            typed_zip = next((item["zip"] for item in reversed(self.picked) if item.get("zip")), "")
        if typed_zip:
            self.initial.setdefault("zip_code", typed_zip)
        if self.picked:
            self.fields["interests"].choices = [
                (str(i), item["label"]) for i, item in enumerate(self.picked)
            ]
            self.initial.setdefault("interests", [str(i) for i in range(len(self.picked))])
        else:
            del self.fields["interests"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "name",
            "email",
            "phone",
            "zip_code",
            "date_of_birth",
            *(["interests"] if self.picked else []),
            "other_interest",
            "other_interest_level",
            "when_might_run",
            "run_before",
            "run_before_detail",
            "heard_from",
            "heard_from_detail",
            "consent_email",
            "consent_sms",
            HTML(
                '<details class="mb-3 border rounded p-3"><summary class="fw-semibold">'
                + str(_("About you (optional)"))
                + "</summary>"
                '<p class="small text-body-secondary mt-2">'
                + str(
                    _(
                        "This helps us make sure we're reaching everyone. Only you can see your answers; "
                        "our staff only ever see totals across many people."
                    )
                )
                + "</p>"
            ),
            Fieldset(
                "",
                "gender",
                "gender_self_description",
                Field("race_ethnicity"),
                "lgbtq",
                "veteran",
                "generation",
            ),
            HTML("</details>"),
        )

    @property
    def blank(self) -> bool:
        """Opened with nothing in it (no offices picked, nothing typed or prefilled): the
        same HTML for everyone, so the page caches it (rendering the fields costs more than
        the rest of the page)."""
        return not self.is_bound and not self.initial

    @property
    def fields_version(self) -> str:
        """Part of that cache's key, so a deploy that changes the fields renders afresh."""
        return hashlib.sha1("|".join(self.fields).encode()).hexdigest()[:10]

    def clean_phone(self) -> str:
        return normalise_phone(self.cleaned_data["phone"])

    def clean_zip_code(self) -> ZipPlace:
        return clean_zip_code(self.cleaned_data["zip_code"])

    def clean_date_of_birth(self) -> date:
        born = self.cleaned_data["date_of_birth"]
        today = date.today()
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if born > today or age > 120:
            raise forms.ValidationError(_("Please check the date of birth."))
        if age < settings.RFS_MIN_SIGNUP_AGE:
            raise forms.ValidationError(
                _("You need to be at least %(age)d to sign up. We'd love to hear from you then!"),
                params={"age": settings.RFS_MIN_SIGNUP_AGE},
            )
        return born

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("run_before") in (RunBefore.RAN_BEFORE, RunBefore.HOLD_OFFICE)
            and not cleaned.get("run_before_detail", "").strip()
        ):
            self.add_error(
                "run_before_detail", _("Please tell us which office, so we can support you well.")
            )
        if cleaned.get("other_interest", "").strip() and not cleaned.get("other_interest_level"):
            self.add_error(
                "other_interest_level",
                _("Please pick the kind of office, or leave the office empty."),
            )
        return cleaned

    def prepare_person(self, user) -> None:
        """Before the new person is saved (``AccountAdapter.save_user``): what making them
        a candidate writes on their row goes into the same INSERT."""
        services.candidate_prepare_person(user=user, place=self.cleaned_data["zip_code"])

    def signup(self, request, user) -> None:
        """allauth calls this once the person is saved: make them a candidate."""
        data = self.cleaned_data
        place = data["zip_code"]
        interests = [
            self.picked[int(i)] for i in data.get("interests", []) if int(i) < len(self.picked)
        ]
        if data.get("other_interest", "").strip():
            interests.append(
                {
                    "label": data["other_interest"].strip(),
                    "level": data["other_interest_level"],
                    "state": place.state,
                }
            )
        services.candidate_create(
            user=user,
            place=place,
            profile={
                "phone": data["phone"],
                "date_of_birth": data["date_of_birth"],
                "when_might_run": data["when_might_run"],
                "run_before": data["run_before"],
                "run_before_detail": data.get("run_before_detail", ""),
                "heard_from": data.get("heard_from", ""),
                "heard_from_detail": data.get("heard_from_detail", ""),
                "consent_email": data.get("consent_email", False),
                "consent_sms": data.get("consent_sms", False),
            },
            demographics={
                "gender": data.get("gender", ""),
                "gender_self_description": data.get("gender_self_description", ""),
                "race_ethnicity": data.get("race_ethnicity", []),
                "lgbtq": data.get("lgbtq", ""),
                "veteran": data.get("veteran", ""),
                "generation": data.get("generation", ""),
            },
            interests=interests,
            campaign=request.session.get(CAMPAIGN_SESSION_KEY, {}),
        )
        request.session.pop(finder.SESSION_KEY, None)
