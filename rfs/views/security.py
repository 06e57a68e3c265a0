"""/.well-known/security.txt (RFC 9116): where to report a vulnerability."""

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods


@require_http_methods(["GET", "HEAD"])
def security_txt(request: HttpRequest) -> HttpResponse:
    """The contact from ``RFS_SECURITY_CONTACT``; without one there is no such file (we
    never invent an address that nobody reads)."""
    contact = settings.RFS_SECURITY_CONTACT
    if not contact:
        raise Http404
    if "@" in contact and ":" not in contact:
        contact = f"mailto:{contact}"
    # The RFC asks for an expiry under a year ahead; the file is made on each request, so
    # it is always current.
    expires = (timezone.now() + timedelta(days=180)).replace(microsecond=0)
    lines = [
        f"Contact: {contact}",
        f"Expires: {expires.isoformat().replace('+00:00', 'Z')}",
        "Preferred-Languages: en, es",
        f"Canonical: {settings.SITE_URL}/.well-known/security.txt",
        f"Policy: {settings.SITE_URL}/.well-known/security.txt",
    ]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response
