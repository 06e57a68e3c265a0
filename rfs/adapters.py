"""allauth, wired into the platform: its emails go through the outbox, signups get roles."""

import uuid

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .emails import RenderedEmail
from .models import User
from .services import email_queue


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Write allauth's email (codes, confirmations, resets) to the outbox."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        html = next(
            (body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"),
            "",
        )
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        email_queue(
            purpose=template_prefix.rsplit("/", 1)[-1],
            to_email=email,
            recipient=user,
            content=RenderedEmail(subject=message.subject, text=message.body, html=html),
            # Every code or link is its own event: a second login code gets its own email.
            occurrence=str(context.get("code") or uuid.uuid4().hex),
        )

    def clean_email(self, email: str) -> str:
        """Refuse an address longer than email allows (254 characters, allauth's
        ``EMAIL_MAX_LENGTH``): the database columns hold no more, so a longer one was
        stored cut or not at all, and signing up again with it failed."""
        email = super().clean_email(email)
        limit = account_settings.EMAIL_MAX_LENGTH
        if len(email) > limit:
            raise ValidationError(
                _("That email address is longer than email allows (%(limit)d characters). Please check it.")
                % {"limit": limit},
                code="max_length",
            )
        return email

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        user.name = form.cleaned_data.get("name", "").strip()
        if commit:
            user.save(update_fields=["name"])
        return user
