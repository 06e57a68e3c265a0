"""The client's address (rfs.net.client_address) and the rate limits keyed on it.

Behind docker-compose's TLS proxy every request comes from the proxy's address; the
client is the last X-Forwarded-For hop. Without a proxy the header is the client's own
words and must be ignored.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from rfs.net import client_address

PROXY = "10.0.0.2"


def request_from(remote_addr: str, forwarded_for: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_client_address_without_proxy_ignores_forwarded_for(settings):
    settings.RFS_TRUSTED_PROXY_COUNT = 0

    assert client_address(request_from("198.51.100.9", "203.0.113.66")) == "198.51.100.9"


def test_client_address_behind_one_proxy_is_the_last_hop(settings):
    settings.RFS_TRUSTED_PROXY_COUNT = 1

    # The client wrote "1.2.3.4" itself; the proxy appended what it saw.
    address = client_address(request_from(PROXY, "1.2.3.4, 203.0.113.7"))

    assert address == "203.0.113.7"


def test_client_address_behind_two_proxies_skips_the_inner_one(settings):
    settings.RFS_TRUSTED_PROXY_COUNT = 2

    assert client_address(request_from(PROXY, "1.2.3.4, 203.0.113.7, 10.0.0.1")) == "203.0.113.7"


def test_client_address_behind_proxy_without_header_is_the_connection(settings):
    """The container health check reaches gunicorn directly, without the header."""
    settings.RFS_TRUSTED_PROXY_COUNT = 1

    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"


def test_client_address_drops_a_port_and_refuses_garbage(settings):
    settings.RFS_TRUSTED_PROXY_COUNT = 1

    assert client_address(request_from(PROXY, "203.0.113.7:51234")) == "203.0.113.7"
    assert client_address(request_from(PROXY, "[2001:db8::1]:443")) == "2001:db8::1"
    assert client_address(request_from(PROXY, "not-an-address")) is None


# --- allauth's rate limits key on it --------------------------------------------------------


def _logins(client, forwarded_for: str, times: int) -> list[int]:
    return [
        client.post(
            reverse("account_login"),
            {"login": f"nobody{i}@example.org", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded_for,
        ).status_code
        for i in range(times)
    ]


@pytest.mark.django_db
def test_rate_limit_behind_proxy_counts_each_client_apart(client, settings):
    """Before: every visitor shared the proxy's bucket, so one abuser locked everyone out."""
    settings.RFS_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}

    abuser = _logins(client, "203.0.113.66", 3)
    neighbour = _logins(client, "203.0.113.7", 1)

    assert abuser == [200, 200, 429]
    assert neighbour == [200]


@pytest.mark.django_db
def test_rate_limit_without_proxy_cannot_be_dodged_by_forwarded_for(client, settings):
    settings.RFS_TRUSTED_PROXY_COUNT = 0
    settings.ACCOUNT_RATE_LIMITS = {"login": "2/m/ip"}

    statuses = [*_logins(client, "203.0.113.1", 2), *_logins(client, "203.0.113.2", 1)]

    assert statuses == [200, 200, 429]
