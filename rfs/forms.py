from allauth.account.forms import LoginForm as AllauthLoginForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """One sign-in form: with a password if the person set one, otherwise by emailed code.

    Signup asks for no password, so allauth would drop the password field entirely; we
    keep it, optional, for people who added a password later (and the demo logins).
    """

    def _setup_password_field(self) -> None:
        field = self.fields["password"]
        field.required = False
        field.help_text = _("No password? Leave this empty and we'll email you a sign-in code.")
