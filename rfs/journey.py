"""The shared app's part of My journey (``rfs.registry.journey_sections``): a warm
banner while email to the person's address cannot be delivered."""

from typing import Any

from .models import EmailSuppression
from .selectors import suppression_for


def email_delivery_section(candidate) -> dict[str, Any]:
    """``email_undeliverable``: the suppression of the person's current address, or None.

    One query. Once they sign in with a new, verified address (allauth's email page
    makes it their primary one), the banner is gone: the old address stays suppressed.
    """
    return {"email_undeliverable": suppression_for(candidate.user.email)}


def email_suppression_erase(*, candidate) -> None:
    """An erased person's address leaves the suppression list with them."""
    EmailSuppression.objects.filter(email=candidate.user.email.strip().lower()).delete()
