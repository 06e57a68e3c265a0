from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.enums import Stage

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
