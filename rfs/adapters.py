"""allauth, wired into the platform: its emails go through the outbox, signups get roles."""

import uuid

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.utils.crypto import salted_hmac

from .emails import RenderedEmail
from .models import User
from .services import email_queue

# What in allauth's email context is a secret: a code, or a link that works on its own.
SECRET_CONTEXT_KEYS = ("code", "key", "activate_url", "password_reset_url")


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
        code = context.get("code")
        email_queue(
            purpose=template_prefix.rsplit("/", 1)[-1],
            to_email=email,
            recipient=user,
            content=RenderedEmail(subject=message.subject, text=message.body, html=html),
            # Every code or link is its own event: a second login code gets its own email.
            # The key is searchable in the admin, so it names the code by a keyed hash.
            occurrence=salted_hmac("rfs.outbox.code", str(code)).hexdigest() if code else uuid.uuid4().hex,
            # Codes and one-click links leave the outbox once sent (rfs.services._mark_sent).
            redact_after_send=any(context.get(key) for key in SECRET_CONTEXT_KEYS),
        )

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        user.name = form.cleaned_data.get("name", "").strip()
        if commit:
            user.save(update_fields=["name"])
        return user
