"""Date of birth: a candidate without one adds it on their profile; once set only
national staff change it (on the admin's change page)."""

from datetime import date

import pytest
from django.urls import reverse

from candidates import services
from candidates.models import Candidate

pytestmark = pytest.mark.django_db

PROFILE = {"phone": "+12125550123", "zip_code": "10001", "when_might_run": "later"}
INLINE_FORMS = {
    "stage_changes-TOTAL_FORMS": "0",
    "stage_changes-INITIAL_FORMS": "0",
    "stage_changes-MIN_NUM_FORMS": "0",
    "stage_changes-MAX_NUM_FORMS": "0",
}


def _without_birth_date(user) -> Candidate:
    Candidate.objects.filter(user=user).update(date_of_birth=None)
    return Candidate.objects.get(user=user)


def test_profile_lets_a_candidate_add_a_missing_date_of_birth(client, candidate_user):
    candidate = _without_birth_date(candidate_user)
    client.force_login(candidate_user)

    response = client.post(
        reverse("candidates:profile"), {**PROFILE, "date_of_birth": "1994-04-12"}
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.date_of_birth == date(1994, 4, 12)


def test_profile_with_a_future_date_of_birth_says_so_and_keeps_what_was_typed(
    client, candidate_user
):
    _without_birth_date(candidate_user)
    client.force_login(candidate_user)

    response = client.post(
        reverse("candidates:profile"), {**PROFILE, "date_of_birth": "2999-01-01"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["date_of_birth"] == ["Please check the date of birth."]
    assert 'value="2999-01-01"' in response.content.decode()


def test_profile_shows_a_set_date_of_birth_read_only_and_ignores_a_posted_change(
    client, candidate_user
):
    candidate = _without_birth_date(candidate_user)
    services.candidate_set_date_of_birth(
        candidate=candidate, date_of_birth=date(1994, 4, 12), by=candidate_user
    )
    client.force_login(candidate_user)

    page = client.get(reverse("candidates:profile")).content.decode()
    client.post(reverse("candidates:profile"), {**PROFILE, "date_of_birth": "1980-01-01"})

    assert (
        "disabled"
        in page.split('id="id_date_of_birth"', 1)[0].rsplit("<input", 1)[-1]
        + page.split('id="id_date_of_birth"', 1)[1].split(">", 1)[0]
    )
    candidate.refresh_from_db()
    assert candidate.date_of_birth == date(1994, 4, 12)


def test_service_refuses_a_candidate_changing_a_set_date_of_birth(candidate_user):
    candidate = _without_birth_date(candidate_user)
    services.candidate_set_date_of_birth(
        candidate=candidate, date_of_birth=date(1994, 4, 12), by=candidate_user
    )

    with pytest.raises(PermissionError):
        services.candidate_set_date_of_birth(
            candidate=candidate, date_of_birth=date(1980, 1, 1), by=candidate_user
        )


def test_national_staff_change_a_date_of_birth_in_the_admin(client, candidate_user, staff):
    candidate = candidate_user.candidate
    Candidate.objects.filter(pk=candidate.pk).update(date_of_birth=date(1994, 4, 12))
    client.force_login(staff)

    response = client.post(
        reverse("admin:candidates_candidate_change", args=[candidate.pk]),
        {
            "phone": "+12125550123",
            "city": "New York",
            "county": "New York County",
            "when_might_run": "later",
            "date_of_birth": "1990-02-03",
            **INLINE_FORMS,
        },
    )

    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.date_of_birth == date(1990, 2, 3)


def test_a_director_sees_the_date_of_birth_read_only_in_the_admin(client, candidate_user, director):
    candidate = candidate_user.candidate
    Candidate.objects.filter(pk=candidate.pk).update(date_of_birth=date(1994, 4, 12))
    client.force_login(director)

    client.post(
        reverse("admin:candidates_candidate_change", args=[candidate.pk]),
        {
            "phone": "+12125550123",
            "city": "New York",
            "county": "New York County",
            "when_might_run": "later",
            "date_of_birth": "1990-02-03",
            **INLINE_FORMS,
        },
    )

    candidate.refresh_from_db()
    assert candidate.date_of_birth == date(1994, 4, 12)
