import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_invites_visitors_to_sign_up(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert reverse("account_signup") in response.content.decode()


def test_home_greets_a_signed_in_candidate_by_name(client, candidate_user):
    client.force_login(candidate_user)

    response = client.get(reverse("home"))

    assert "Welcome, Casey" in response.content.decode()
