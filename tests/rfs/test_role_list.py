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


def test_adding_a_role_keeps_the_others_and_copies_them_onto_the_person():
    user = UserFactory(roles=[Role.SCREENER])
    user.groups.add(Group.objects.create(name="newsletter-editors"))
    User.objects.filter(pk=user.pk).update(role_list="newsletter-editors,screener")
    user = User.objects.get(pk=user.pk)

    services.user_add_role(user=user, role=Role.CANDIDATE)

    fresh = User.objects.get(pk=user.pk)
    assert fresh.role_list == "candidate,newsletter-editors,screener"
    assert set(fresh.groups.values_list("name", flat=True)) == fresh.role_names
    assert user.role_names == fresh.role_names  # the object passed in is up to date
    assert not fresh.is_staff


def test_adding_an_admin_role_makes_a_person_staff_and_the_change_log_says_so():
    from auditlog.models import LogEntry

    user = UserFactory(roles=[Role.MENTOR])

    services.user_add_role(user=user, role=Role.REGIONAL_DIRECTOR)

    fresh = User.objects.get(pk=user.pk)
    assert fresh.is_staff and fresh.role_names == {Role.MENTOR, Role.REGIONAL_DIRECTOR}
    changes = [
        entry.changes_dict or {} for entry in LogEntry.objects.filter(object_pk=str(user.pk))
    ]
    assert any("is_staff" in change for change in changes)
    assert any("groups" in change for change in changes)


def test_adding_a_role_a_person_has_changes_nothing(django_assert_num_queries):
    user = UserFactory(roles=[Role.CANDIDATE])

    # The group, and Django's check of the person's groups before adding: no write.
    with django_assert_num_queries(2):
        services.user_add_role(user=user, role=Role.CANDIDATE)

    assert User.objects.get(pk=user.pk).role_list == "candidate"
    assert list(user.groups.values_list("name", flat=True)) == ["candidate"]
