from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.enums import OfficeLevel, Stage
from rfs.enums import State

from .models import Tag


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    mentions = forms.ModelMultipleChoiceField(
        label=_("Mention (they get an email with a link to this record, not the note)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentions"].queryset = colleagues


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=Stage.choices)
    reason = forms.CharField(label=_("Reason"), max_length=1000)
    override = forms.BooleanField(
        label=_("Outside the usual steps (national staff)"), required=False
    )


class FileForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"), queryset=Tag.objects.order_by("name"), required=False
    )
    new_tag = forms.CharField(label=_("New tag"), max_length=50, required=False)

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues


def _blank(choices) -> list[tuple[str, str]]:
    return [("", _("Any")), *choices]


class SegmentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    stage = forms.ChoiceField(label=_("Stage"), choices=_blank(Stage.choices), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, required=False)
    state = forms.ChoiceField(label=_("State"), choices=_blank(State.choices), required=False)
    office_level = forms.ChoiceField(
        label=_("Office level"), choices=_blank(OfficeLevel.choices), required=False
    )
    source = forms.CharField(label=_("Source (utm_source)"), max_length=100, required=False)
    tag = forms.ModelChoiceField(
        label=_("Tag"), queryset=Tag.objects.order_by("name"), required=False
    )
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None, required=False)
    min_days_in_stage = forms.IntegerField(
        label=_("In their stage for at least (days)"), min_value=0, required=False
    )

    def __init__(self, *args, regions, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["owner"].queryset = owners

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            key: (value.pk if hasattr(value, "pk") else value)
            for key, value in data.items()
            if key != "name" and value not in (None, "")
        }

    @staticmethod
    def initial_from(segment) -> dict:
        return {"name": segment.name, **segment.filters}


class SegmentEmailForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=40)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )
    subject_es = forms.CharField(label=_("Subject in Spanish"), max_length=200, required=False)
    body_es = forms.CharField(
        label=_("Message in Spanish (for people who read Spanish; optional)"),
        max_length=10000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
