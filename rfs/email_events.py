"""The mail providers' tracking webhooks (anymail's views), and what we do with them.

Each provider posts delivery events to ``/email/events/<provider>/``; anymail checks the
request (Mailgun's HMAC signature with ``MAILGUN_WEBHOOK_SIGNING_KEY``; HTTP basic auth
with ``ANYMAIL_WEBHOOK_SECRET`` for every provider when it is set, the only check
Postmark, SendGrid and SES webhooks have), answers 400 to one that fails, and sends
``anymail.signals.tracking`` for each event, which ``record`` hands to the suppression
service. Only the tracking webhooks are mounted (inbound email is not used), and each
answers 404 until what authenticates it is configured.
"""

from anymail.signals import tracking
from anymail.webhooks.amazon_ses import AmazonSESTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridTrackingWebhookView
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from .services.suppression import email_event_record


def _when_authenticated(view_class, *, needs: tuple[str, ...]):
    """The provider's webhook view, or a 404 until the settings hold what authenticates
    it (any of ``needs`` in ``ANYMAIL``). Without it anymail would take unauthenticated
    posts (with only a warning), and anyone could have any address suppressed; a provider
    never configured is answered like a page that does not exist."""
    view = view_class.as_view()

    @csrf_exempt
    def webhook(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        configured = getattr(settings, "ANYMAIL", {}) or {}
        if not any(configured.get(name) for name in needs):
            raise Http404
        return view(request, *args, **kwargs)

    webhook.__name__ = f"{view_class.__name__}_when_authenticated"
    return webhook


urlpatterns = [
    path(
        "mailgun/",
        # Signed: checked with the signing key (anymail falls back to the API key).
        _when_authenticated(
            MailgunTrackingWebhookView, needs=("MAILGUN_WEBHOOK_SIGNING_KEY", "MAILGUN_API_KEY")
        ),
        name="email_events_mailgun",
    ),
    path(
        "postmark/",
        _when_authenticated(PostmarkTrackingWebhookView, needs=("WEBHOOK_SECRET",)),
        name="email_events_postmark",
    ),
    path(
        "sendgrid/",
        _when_authenticated(SendGridTrackingWebhookView, needs=("WEBHOOK_SECRET",)),
        name="email_events_sendgrid",
    ),
    path(
        "amazon_ses/",
        _when_authenticated(AmazonSESTrackingWebhookView, needs=("WEBHOOK_SECRET",)),
        name="email_events_amazon_ses",
    ),
]


def record(sender, *, event, esp_name: str, **kwargs) -> None:
    """anymail's ``tracking`` signal: one event from a verified webhook."""
    email_event_record(event=event, esp_name=esp_name)


# Connected once Django is ready (``rfs.apps``), which imports this module.
tracking.connect(record, dispatch_uid="rfs.email_events.record")
