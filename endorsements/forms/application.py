"""The application's step forms. Every field may be left blank while it is a draft:
what submitting needs is checked by ``services.applications.application_missing``.
The forms check formats (numbers, links) and hand clean values to the services."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from candidates.models import Race

from ..enums import ApplicationStep
from ..models import Application
from ..questionnaire import ANSWER_MAX_LENGTH, QUESTIONS

# The most a campaign budget, its fundraising or a win number can be here.
LARGEST_NUMBER = 100_000_000
MAX_SOCIAL_LINKS = 10


def _textarea(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RaceStepForm(forms.Form):
    race = forms.ModelChoiceField(
        label=_("The race you're applying for"),
        queryset=Race.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.RadioSelect,
    )
    district_description = forms.CharField(
        label=_("About your district"),
        max_length=500,
        required=False,
        widget=_textarea(3),
        help_text=_("Who lives there and what it's like, in a few sentences."),
    )
    seats = forms.IntegerField(
        label=_("How many seats are up?"), min_value=1, max_value=100, required=False
    )
    incumbent = forms.CharField(
        label=_("Who holds the seat now, if anyone?"), max_length=200, required=False
    )
    opponents = forms.CharField(
        label=_("Who else is running, as far as you know?"),
        max_length=500,
        required=False,
        help_text=_("Not sure yet? That's fine: leave it blank or tell us what you expect."),
    )

    def __init__(self, *args, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["race"].queryset = Race.objects.filter(candidate=candidate, result="").order_by(
            "-created_at"
        )

    @staticmethod
    def initial_from(application: Application) -> dict:
        return {
            "race": application.race_id,
            "district_description": application.district_description,
            "seats": application.seats,
            "incumbent": application.incumbent,
            "opponents": application.opponents,
        }


class PlanStepForm(forms.Form):
    budget = forms.IntegerField(
        label=_("Your campaign budget (US dollars)"),
        min_value=0,
        max_value=LARGEST_NUMBER,
        required=False,
        help_text=_("Your best estimate for the whole campaign. A small number is fine."),
    )
    raised_so_far = forms.IntegerField(
        label=_("Raised so far (US dollars)"),
        min_value=0,
        max_value=LARGEST_NUMBER,
        required=False,
    )
    team = forms.CharField(
        label=_("Who's on your team?"),
        max_length=3000,
        required=False,
        widget=_textarea(),
        help_text=_(
            "A campaign manager, a treasurer, friends who help: it's fine if it's just you "
            "and a few people so far."
        ),
    )
    win_number = forms.IntegerField(
        label=_("Your win number (votes)"),
        min_value=1,
        max_value=LARGEST_NUMBER,
        required=False,
        help_text=_(
            "How many votes you need to win. Not sure? Take the votes cast for this seat last time, "
            "halve it and add one."
        ),
    )
    path_to_victory = forms.CharField(
        label=_("Your path to victory"),
        max_length=5000,
        required=False,
        widget=_textarea(6),
        help_text=_("How you'll reach those voters: doors, phones, events, mail, online."),
    )

    @staticmethod
    def initial_from(application: Application) -> dict:
        names = ("budget", "raised_so_far", "team", "win_number", "path_to_victory")
        return {name: getattr(application, name) for name in names}


class QuestionnaireStepForm(forms.Form):
    """One text box per question of ``endorsements.questionnaire``; saved as ``answers``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.key] = forms.CharField(
                label=question.label,
                help_text=question.help,
                max_length=ANSWER_MAX_LENGTH,
                required=False,
                widget=_textarea(5),
            )

    @staticmethod
    def initial_from(application: Application) -> dict:
        return {
            question.key: (application.answers or {}).get(question.key, "")
            for question in QUESTIONS
        }

    def service_data(self) -> dict:
        return {
            "answers": {question.key: self.cleaned_data[question.key] for question in QUESTIONS}
        }


class LinksStepForm(forms.Form):
    website = forms.URLField(
        label=_("Campaign website"), max_length=500, required=False, assume_scheme="https"
    )
    donation_url = forms.URLField(
        label=_("Donation link"), max_length=500, required=False, assume_scheme="https"
    )
    social_links = forms.CharField(
        label=_("Social media links"),
        required=False,
        widget=_textarea(3),
        help_text=_("One link per line."),
    )
    list_publicly = forms.BooleanField(
        label=_("If we endorse you, list me on our public endorsements page"),
        required=False,
        help_text=_(
            "With your name, office, election day and these links. You can change your mind later."
        ),
    )

    @staticmethod
    def initial_from(application: Application) -> dict:
        return {
            "website": application.website,
            "donation_url": application.donation_url,
            "social_links": "\n".join(application.social_links or []),
            "list_publicly": application.list_publicly,
        }

    def clean_social_links(self) -> list[str]:
        lines = [
            line.strip() for line in self.cleaned_data["social_links"].splitlines() if line.strip()
        ]
        if len(lines) > MAX_SOCIAL_LINKS:
            raise ValidationError(
                _("Up to %(count)s links, please."), params={"count": MAX_SOCIAL_LINKS}
            )
        validate = URLValidator(schemes=["http", "https"])
        links = []
        for line in lines:
            link = line if "://" in line else f"https://{line}"
            try:
                validate(link)
            except ValidationError as error:
                raise ValidationError(
                    _(
                        "“%(line)s” doesn't look like a link. Please put one full link on each line."
                    ),
                    params={"line": line[:100]},
                ) from error
            links.append(link[:500])
        return links


# The steps with fields; "filing" uploads files and "review" shows everything.
STEP_FORMS: dict[str, type[forms.Form]] = {
    ApplicationStep.RACE: RaceStepForm,
    ApplicationStep.PLAN: PlanStepForm,
    ApplicationStep.QUESTIONNAIRE: QuestionnaireStepForm,
    ApplicationStep.LINKS: LinksStepForm,
}


def step_form(step: str, application: Application, data=None) -> forms.Form | None:
    """The form of a step, bound to ``data`` or filled from the application."""
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        return None
    kwargs = {"candidate": application.candidate} if form_class is RaceStepForm else {}
    if data is not None:
        return form_class(data, **kwargs)
    return form_class(initial=form_class.initial_from(application), **kwargs)


def service_data(form: forms.Form) -> dict:
    """What the step's service saves, from a valid form."""
    if isinstance(form, QuestionnaireStepForm):
        return form.service_data()
    return dict(form.cleaned_data)


class EvidenceForm(forms.Form):
    """The file is checked by its content in the service (``endorsements.uploads``)."""

    upload = forms.FileField(
        label=_("Add a file"),
        required=False,
        help_text=format_lazy(
            _(
                "A PDF, JPEG or PNG up to {limit} MB: your filing receipt, a page of your petition, "
                "or the notice that you're on the ballot."
            ),
            limit=settings.RFS_UPLOAD_MAX_BYTES // (1024 * 1024),
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )


class ExplanationForm(forms.Form):
    text = forms.CharField(label=_("Your answer"), max_length=5000, widget=_textarea(8))
