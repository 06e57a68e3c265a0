from allauth.account.forms import LoginForm as AllauthLoginForm
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


class LoginForm(AllauthLoginForm):
    """One sign-in form: with a password if the person set one, otherwise by emailed code.

    Signup asks for no password, so allauth would drop the password field entirely; we
    keep it, optional, for people who added a password later (and the demo logins).
    """

    def _setup_password_field(self) -> None:
        field = self.fields["password"]
        field.required = False
        field.help_text = _("No password? Leave this empty and we'll email you a sign-in code.")
