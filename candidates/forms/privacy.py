"""The form a candidate fills in to delete their account."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AccountDeleteForm(forms.Form):
    """Typing the address is the confirmation: a slip of the finger deletes nothing."""

    email = forms.EmailField(
        label=_("Type your email address to confirm"),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, expected_email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.expected_email = expected_email

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email.lower() != self.expected_email.strip().lower():
            raise forms.ValidationError(
                _("That isn't the address you sign in with. Nothing has been deleted.")
            )
        return email
