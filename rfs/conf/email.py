"""The email backend: smtp, or a provider's API through django-anymail (rfs/settings.py,
"Email"). Keys come from the environment, never the repository."""

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

# Each provider's backend, and the keys it cannot send without.
PROVIDERS = {
    "mailgun": ("anymail.backends.mailgun.EmailBackend", ["MAILGUN_API_KEY"]),
    "postmark": ("anymail.backends.postmark.EmailBackend", ["POSTMARK_SERVER_TOKEN"]),
    "sendgrid": ("anymail.backends.sendgrid.EmailBackend", ["SENDGRID_API_KEY"]),
    # boto3 reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_REGION itself.
    "amazon_ses": ("anymail.backends.amazon_ses.EmailBackend", []),
}
KEYS = (
    "MAILGUN_API_KEY",
    "MAILGUN_SENDER_DOMAIN",
    "MAILGUN_API_URL",  # https://api.eu.mailgun.net/v3 for an EU account
    "MAILGUN_WEBHOOK_SIGNING_KEY",
    "POSTMARK_SERVER_TOKEN",
    "SENDGRID_API_KEY",
)


def provider_settings(
    provider: str, smtp_backend: str, environ: Mapping[str, str]
) -> tuple[str, dict[str, str]]:
    """``EMAIL_BACKEND`` and ``ANYMAIL`` for ``provider`` (``smtp`` keeps ``smtp_backend``).

    Refuses to start (ImproperlyConfigured) with an unknown provider, or without the keys
    the provider needs to send and to sign or authenticate its webhooks.
    """
    anymail = {name: environ[name] for name in KEYS if environ.get(name)}
    # "user:password" the provider sends as HTTP basic auth on every webhook (Postmark,
    # SendGrid and SES have no signature of their own; Mailgun's are signed, and checked).
    if environ.get("ANYMAIL_WEBHOOK_SECRET"):
        anymail["WEBHOOK_SECRET"] = environ["ANYMAIL_WEBHOOK_SECRET"]
    if provider == "smtp":
        return smtp_backend, anymail
    if provider not in PROVIDERS:
        raise ImproperlyConfigured(
            f"RFS_EMAIL_PROVIDER must be smtp or one of {', '.join(PROVIDERS)}."
        )
    backend, required = PROVIDERS[provider]
    webhook_key = "MAILGUN_WEBHOOK_SIGNING_KEY" if provider == "mailgun" else "WEBHOOK_SECRET"
    missing = [name for name in [*required, webhook_key] if name not in anymail]
    if missing:
        raise ImproperlyConfigured(
            f"RFS_EMAIL_PROVIDER={provider} needs {', '.join(missing)} "
            "(WEBHOOK_SECRET: set ANYMAIL_WEBHOOK_SECRET)."
        )
    return backend, anymail
