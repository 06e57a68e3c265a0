"""The client's address, the one way every part of the platform reads it.

Behind a reverse proxy, ``REMOTE_ADDR`` is the proxy's address: keyed on it, allauth's
rate limits would put every visitor in one bucket (one abuser locks everyone out) and the
audit trail would record the proxy. Each trusted proxy appends the address it saw to
``X-Forwarded-For``, so with ``RFS_TRUSTED_PROXY_COUNT`` proxies in front the client is
the entry that many places from the end. Entries further left were written by the client
and may be anything, so they are never read. Without a proxy the count is 0 and the
header is ignored: nobody can choose their own address by sending it.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str | None) -> str | None:
    """A bare IP address, or None for anything that is not one (ports and brackets go)."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("["):  # "[2001:db8::1]:443"
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # "203.0.113.7:443"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The address of the person making ``request``, through the trusted proxies.

    With ``RFS_TRUSTED_PROXY_COUNT`` = N > 0, the N-th ``X-Forwarded-For`` entry from the
    end; if the header is missing or shorter than that (a probe that bypassed the proxy,
    such as the container health check), the connection's own address.
    """
    count = settings.RFS_TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            hop for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()
        ]
        if len(forwarded) >= count:
            return _clean(forwarded[-count])
    return _clean(request.META.get("REMOTE_ADDR"))
