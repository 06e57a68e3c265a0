"""Forms of the mentorship pages: applying to mentor, asking the experts, the thread's
messages and buttons, and asking for a mentor for a campaign.

The forms check formats and hand clean values to ``mentorship.services``; routing,
claiming and who may do what are the services' business.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from rfs.enums import State
from rfs.fields import OneLineField
from rfs.models import Region

from .models import ExpertiseArea, Mentor

# The languages a mentor can help in and a candidate can ask for (ISO 639-1 codes,
# stored on Mentor.languages and MatchRequest.language).
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("tl", _("Tagalog")),
    ("ko", _("Korean")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
]
LANGUAGE_NAMES = dict(LANGUAGES)

RATINGS = [
    (5, _("5 · It really helped")),
    (4, _("4 · Helpful")),
    (3, _("3 · Somewhat")),
    (2, _("2 · Not much")),
    (1, _("1 · It didn't help")),
]


def _areas() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Areas you know well"),
        queryset=ExpertiseArea.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pick at least one area.")},
    )


class MentorApplyForm(forms.Form):
    areas = _areas()
    states = forms.MultipleChoiceField(
        label=_("States whose politics you know"),
        choices=State.choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "Hold Ctrl (or ⌘ on a Mac) to pick more than one. Leave empty if none in particular."
        ),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you can help in"),
        choices=LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        initial=["en"],
        error_messages={"required": _("Pick at least one language.")},
    )
    bio = forms.CharField(
        label=_("A short bio"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you've done and what you love helping with. Candidates see this."),
    )
    weekly_capacity = forms.IntegerField(
        label=_("Questions you can take a week"),
        min_value=1,
        max_value=20,
        initial=3,
    )
    match_capacity = forms.IntegerField(
        label=_("Campaigns you can mentor at once"),
        min_value=0,
        max_value=10,
        initial=1,
        help_text=_(
            "A longer match: regular check-ins with one campaign. 0 if you'd rather only answer questions."
        ),
    )
    region = forms.ModelChoiceField(
        label=_("Where you live"),
        queryset=Region.objects.order_by("name"),
        required=False,
        empty_label=_("— pick your region —"),
        help_text=_("A director from this region looks at your application."),
    )

    @staticmethod
    def initial_from(mentor: Mentor) -> dict:
        """The form as they left it, for someone re-opening their application."""
        return {
            "areas": list(mentor.areas.all()),
            "states": mentor.states,
            "languages": mentor.languages,
            "bio": mentor.bio,
            "weekly_capacity": mentor.weekly_capacity,
            "match_capacity": mentor.match_capacity,
            "region": mentor.region_id,
        }


class QuestionAskForm(forms.Form):
    title = OneLineField(
        label=_("Your question"),
        max_length=200,
        help_text=_("One sentence is plenty, e.g. “How do I ask friends for money?”"),
        error_messages={"required": _("Please write your question.")},
    )
    details = forms.CharField(
        label=_("Anything that would help a mentor answer"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Your office, your district, what you've tried. Optional."),
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=ExpertiseArea.objects.filter(active=True),
        required=False,
        empty_label=_("Not sure: suggest one for me"),
        help_text=_("Leave it and we'll suggest one from your question."),
    )
    private = forms.BooleanField(
        label=_("Only mentors in this area can see it"),
        required=False,
        help_text=_("Otherwise every approved mentor can read it and help."),
    )


class PostForm(forms.Form):
    """An answer from the mentor, or the candidate's follow-up."""

    body = forms.CharField(
        label=_("Your message"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Please write something first.")},
    )


class AnswerForm(PostForm):
    body = forms.CharField(
        label=_("Your answer"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text. Be kind and specific: what would you do in their shoes?"),
        error_messages={"required": _("Please write your answer first.")},
    )


class FollowUpForm(PostForm):
    body = forms.CharField(
        label=_("Ask a follow-up"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write your follow-up first.")},
    )


class ResolveForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How much did the answer help?"),
        choices=RATINGS,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you'd like your mentor to know? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class MatchRequestForm(forms.Form):
    areas = forms.ModelMultipleChoiceField(
        label=_("What would you like help with?"),
        queryset=ExpertiseArea.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Pick at least one area.")},
    )
    language = forms.ChoiceField(
        label=_("Language you'd like to talk in"), choices=LANGUAGES, initial="en"
    )
    note = forms.CharField(
        label=_("Tell us about your campaign"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Your race, where you are, and what's worrying you. It helps us pick the right person."
        ),
    )


class MatchEndForm(forms.Form):
    note = forms.CharField(
        label=_("Why are you ending it? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
