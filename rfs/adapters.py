"""allauth, wired into the platform: its emails go through the outbox, signups get roles."""

import uuid
from urllib.parse import urlsplit, urlunsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .emails import RenderedEmail
from .i18n import for_person, supported_language
from .models import User
from .net import client_address
from .services import email_queue

# What in allauth's email context is a secret: a code, or a link that works on its own.
SECRET_CONTEXT_KEYS = ("code", "key", "activate_url", "password_reset_url")


def on_site_url(url):
    """``url`` on ``settings.SITE_URL``: allauth builds its links from the request's host,
    which behind a proxy or a worker is not the address people open (one setting for all)."""
    if not isinstance(url, str) or not url.startswith(("http://", "https://")):
        return url
    site = urlsplit(settings.SITE_URL)
    return urlunsplit((site.scheme, site.netloc, *urlsplit(url)[2:]))


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Write allauth's email (codes, confirmations, resets) to the outbox."""
        request = allauth_context.request
        context = {
            key: on_site_url(value) if key.endswith("_url") else value
            for key, value in context.items()
        }
        # Accounts have no password: "already have an account" points to a sign-in code.
        context.setdefault("login_url", settings.SITE_URL + reverse("account_request_login_code"))
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        # In the person's language (a code asked for from an English browser still comes
        # in Spanish to someone who chose Spanish); without an account, the page's.
        with for_person(user):
            message = self.render_mail(
                template_prefix,
                email,
                {
                    "request": request,
                    "email": email,
                    "current_site": get_current_site(request),
                    **context,
                },
            )
        html = next(
            (
                body
                for body, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        code = context.get("code")
        email_queue(
            purpose=template_prefix.rsplit("/", 1)[-1],
            to_email=email,
            recipient=user,
            content=RenderedEmail(subject=message.subject, text=message.body, html=html),
            # Every code or link is its own event: a second login code gets its own email.
            # The key is searchable in the admin, so it names the code by a keyed hash.
            occurrence=salted_hmac("rfs.outbox.code", str(code)).hexdigest()
            if code
            else uuid.uuid4().hex,
            # Codes and one-click links leave the outbox once sent (rfs.services._mark_sent).
            redact_after_send=any(context.get(key) for key in SECRET_CONTEXT_KEYS),
            # A code, or a random id, is new each time: no row to look for first.
            occurrence_is_new=True,
        )

    def get_client_ip(self, request) -> str:
        """Rate limits key on the platform's one notion of the client's address."""
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def clean_email(self, email: str) -> str:
        """Refuse an address longer than email allows (254 characters, allauth's
        ``EMAIL_MAX_LENGTH``): the database columns hold no more, so a longer one was
        stored cut or not at all, and signing up again with it failed."""
        email = super().clean_email(email)
        limit = account_settings.EMAIL_MAX_LENGTH
        if len(email) > limit:
            raise ValidationError(
                _(
                    "That email address is longer than email allows (%(limit)d characters). Please check it."
                )
                % {"limit": limit},
                code="max_length",
            )
        return email

    def save_user(self, request, user, form, commit=True):
        """The new person in one INSERT: allauth's fields, then ours (a second save
        would cost an UPDATE, and django-auditlog's read of the row before it)."""
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "").strip()
        # The language they signed up in is theirs until they choose another.
        user.language = supported_language(get_language())
        # The signup form may know more about the person (candidates: the time zone).
        prepare_person = getattr(form, "prepare_person", None)
        if prepare_person is not None:
            prepare_person(user)
        if commit:
            user.save()
        return user
