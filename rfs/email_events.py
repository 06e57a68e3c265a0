"""The mail providers' tracking webhooks (anymail's views), and what we do with them.

Each provider posts delivery events to ``/email/events/<provider>/``; anymail checks the
request (Mailgun's HMAC signature with ``MAILGUN_WEBHOOK_SIGNING_KEY``; HTTP basic auth
with ``ANYMAIL_WEBHOOK_SECRET`` for every provider when it is set, the only check
Postmark, SendGrid and SES webhooks have), answers 400 to one that fails, and sends
``anymail.signals.tracking`` for each event, which ``record`` hands to the suppression
service. Only the tracking webhooks are mounted: inbound email is not used.
"""

from anymail.signals import tracking
from anymail.webhooks.amazon_ses import AmazonSESTrackingWebhookView
from anymail.webhooks.mailgun import MailgunTrackingWebhookView
from anymail.webhooks.postmark import PostmarkTrackingWebhookView
from anymail.webhooks.sendgrid import SendGridTrackingWebhookView
from django.urls import path

from .services.suppression import email_event_record

urlpatterns = [
    path("mailgun/", MailgunTrackingWebhookView.as_view(), name="email_events_mailgun"),
    path("postmark/", PostmarkTrackingWebhookView.as_view(), name="email_events_postmark"),
    path("sendgrid/", SendGridTrackingWebhookView.as_view(), name="email_events_sendgrid"),
    path("amazon_ses/", AmazonSESTrackingWebhookView.as_view(), name="email_events_amazon_ses"),
]


def record(sender, *, event, esp_name: str, **kwargs) -> None:
    """anymail's ``tracking`` signal: one event from a verified webhook."""
    email_event_record(event=event, esp_name=esp_name)


# Connected once Django is ready (``rfs.apps``), which imports this module.
tracking.connect(record, dispatch_uid="rfs.email_events.record")
