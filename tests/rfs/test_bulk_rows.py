"""The core's bulk row builders (``rfs.bulk``) store what the normal create paths store:
a bulk writer (the demo data, ``bench.seed_scale``) and a service must not disagree."""

import pytest
from allauth.account.models import EmailAddress

from rfs import bulk, services
from rfs.emails import RenderedEmail
from rfs.enums import Role
from rfs.models import OutboundEmail, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTENT = RenderedEmail(subject="Your code", text="It is 123456.", html="")


def test_user_row_stores_the_address_as_create_user_does():
    made = User.objects.create_user(email="Casey.Rivera@Example.ORG")
    row = bulk.user_row(email="Casey.Rivera@Example.ORG", name="Casey Rivera")

    assert row["email"] == made.email == "casey.rivera@example.org"
    made.delete()
    (built,) = User.objects.bulk_create([User(**row)])
    built.refresh_from_db()
    assert built.name == "Casey Rivera"
    assert not built.has_usable_password()
    assert not made.has_usable_password()


@pytest.mark.parametrize(
    "roles",
    [
        [Role.CANDIDATE],
        [Role.SCREENER, Role.MENTOR],
        [Role.REGIONAL_DIRECTOR],
        [Role.NATIONAL_STAFF],
        [Role.COMMITTEE_MEMBER],
    ],
)
def test_user_row_is_staff_as_user_set_roles_sets_it(roles):
    person = UserFactory(roles=roles)
    person.refresh_from_db()

    assert bulk.user_row(email="x@example.org", roles=roles)["is_staff"] is person.is_staff


def test_user_group_and_email_address_rows_make_a_confirmed_person_in_their_roles():
    row = bulk.user_row(email="Sam@Example.org", name="Sam", roles=[Role.SCREENER])
    (user,) = User.objects.bulk_create([User(**row)])
    group_id = services.user_set_roles(user=UserFactory(), roles=[Role.SCREENER]).groups.get().pk
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(**r)
            for r in bulk.user_group_rows(user_id=user.pk, group_ids=[group_id])
        ]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(**bulk.email_address_row(user_id=user.pk, email="Sam@Example.org"))]
    )

    user = User.objects.get(pk=user.pk)
    assert user.role_names == {Role.SCREENER}
    address = EmailAddress.objects.get_primary(user)
    assert (address.email, address.verified) == (user.email, True) == ("sam@example.org", True)


@pytest.mark.parametrize("about_the_user", [True, False])
def test_outbound_email_row_has_the_key_and_subject_email_queue_gives(about_the_user):
    person = UserFactory(email="casey@example.org")
    about = person if about_the_user else None
    queued = services.email_queue(
        purpose="signup_code",
        to_email="Casey@Example.org",
        content=CONTENT,
        recipient=person,
        about=about,
        occurrence="ABC123",
    )
    row = bulk.outbound_email_row(
        purpose="signup_code",
        to_email="Casey@Example.org",
        subject=CONTENT.subject,
        body_text=CONTENT.text,
        about_label=User._meta.label_lower if about_the_user else None,
        about_pk=person.pk if about_the_user else None,
        content_type_id=queued.content_type_id,
        occurrence="ABC123",
    )

    for name in ("unique_key", "object_id", "content_type_id", "subject", "body_text", "to_email"):
        assert row[name] == getattr(queued, name), name
    # The key is unique: a bulk row for the same email is refused, as a second queue is.
    assert OutboundEmail.objects.filter(unique_key=row["unique_key"]).count() == 1


def test_outbox_key_shortens_a_long_key_as_the_outbox_does():
    occurrence = "reminder-" + "x" * 300
    queued = services.email_queue(
        purpose="signup_code", to_email="casey@example.org", content=CONTENT, occurrence=occurrence
    )

    key = bulk.outbox_key(
        purpose="signup_code",
        to_email="casey@example.org",
        about_label=None,
        about_pk=None,
        occurrence=occurrence,
    )
    assert key == queued.unique_key and len(key) <= 255
