"""/.well-known/security.txt: the contact comes from RFS_SECURITY_CONTACT, never invented."""

import pytest
from django.urls import reverse

URL = "/.well-known/security.txt"


def test_security_txt_url_is_well_known():
    assert reverse("security_txt") == URL


@pytest.mark.django_db
def test_security_txt_without_a_contact_does_not_exist(client, settings):
    settings.RFS_SECURITY_CONTACT = ""

    assert client.get(URL).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("contact", "line"),
    [
        ("security@rfs.example.org", "Contact: mailto:security@rfs.example.org"),
        ("https://rfs.example.org/report", "Contact: https://rfs.example.org/report"),
    ],
)
def test_security_txt_names_the_configured_contact(client, settings, contact, line):
    settings.RFS_SECURITY_CONTACT = contact

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == line
    assert lines[1].startswith("Expires: ") and lines[1].endswith("Z")
