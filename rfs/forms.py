from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    """Fields that allauth's signup form adds to its email field."""

    name = forms.CharField(
        label=_("Your name"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("The name you'd like us to use."),
    )

    field_order = ["name", "email"]

    def signup(self, request, user) -> None:
        """allauth calls this after creating the user; the adapter already saved the name."""
