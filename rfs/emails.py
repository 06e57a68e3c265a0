"""Email content: every email is three templates in ``templates/emails/``.

``<name>.subject.txt``, ``<name>.body.txt`` and ``<name>.body.html``. Services render
them here and hand the result to ``rfs.services.email_queue``.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse

UNSUBSCRIBE_SALT = "rfs.unsubscribe"


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render_email(name: str, context: dict[str, Any]) -> RenderedEmail:
    context = {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"emails/{name}.subject.txt", context)
    return RenderedEmail(
        subject=" ".join(subject.split()),
        text=render_to_string(f"emails/{name}.body.txt", context).strip() + "\n",
        html=render_to_string(f"emails/{name}.body.html", context),
    )


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def user_id_from_unsubscribe_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def unsubscribe_url(user_id: int) -> str:
    return settings.SITE_URL + reverse("unsubscribe", args=[unsubscribe_token(user_id)])
