"""Roles read with the person: ``User.role_list`` mirrors their groups, so a signed-in
request reads the person and their roles in one query."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rfs import bulk, services
from rfs.enums import Role
from rfs.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_setting_roles_copies_them_onto_the_person(django_assert_num_queries):
    user = UserFactory(roles=[Role.SCREENER])
    other = Group.objects.create(name="newsletter-editors")
    user.groups.add(other)

    services.user_set_roles(user=user, roles=[Role.CANDIDATE, Role.MENTOR])

    fresh = User.objects.get(pk=user.pk)
    assert fresh.role_list == "candidate,mentor,newsletter-editors"
    with django_assert_num_queries(0):
        assert fresh.role_names == {"candidate", "mentor", "newsletter-editors"}
        assert fresh.has_role(Role.MENTOR) and not fresh.has_role(Role.SCREENER)
    assert set(fresh.groups.values_list("name", flat=True)) == fresh.role_names


def test_removing_every_role_empties_the_copy():
    user = UserFactory(roles=[Role.NATIONAL_STAFF])

    services.user_set_roles(user=user, roles=[])

    assert User.objects.get(pk=user.pk).role_list == ""
    assert User.objects.get(pk=user.pk).role_names == frozenset()


def test_bulk_rows_carry_the_roles():
    row = bulk.user_row(email="Bulk@Example.org", roles=[Role.SCREENER, Role.CANDIDATE])

    assert row["role_list"] == "candidate,screener"
    assert User(**row).role_names == {"candidate", "screener"}


def test_a_signed_in_page_reads_the_person_and_their_roles_in_one_query(client, candidate_user):
    client.force_login(candidate_user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("candidates:journey"))

    assert response.status_code == 200
    assert [q["sql"] for q in queries if '"auth_group"' in q["sql"]] == []
    assert len([q for q in queries if 'FROM "rfs_user"' in q["sql"]]) == 1
