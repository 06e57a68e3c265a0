"""People and their roles: inviting, setting roles (``is_staff`` follows them), deactivating."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..audit import audit_record
from ..bulk import is_staff_for, role_list_of
from ..enums import AuditAction, Role
from ..i18n import supported_language
from ..models import Region, User
from .outbox import email_queue_template


@transaction.atomic
def user_set_roles(
    *, user: User, roles: Iterable[str], acting_user: User | None = None, address: str | None = None
) -> User:
    """Give a person exactly these roles.

    Side effects: replaces the person's role groups and their copy on the person's row
    (``role_list``); sets ``is_staff`` when a role works in the admin; removes a former director from the regions they directed; when someone
    (``acting_user``) changed the roles, writes a row of the audit trail. The candidate
    role a person takes on by signing up (no acting user) is the signup itself.
    """
    roles = {Role(role) for role in roles}
    before = set(user.role_names)
    groups = [Group.objects.get_or_create(name=role)[0] for role in roles]
    role_names = {choice.value for choice in Role}
    other_groups = list(user.groups.exclude(name__in=role_names))
    user.groups.set(other_groups + groups)
    user.is_staff = is_staff_for(roles, is_superuser=user.is_superuser)
    user.role_list = role_list_of(group.name for group in other_groups + groups)
    user.save(update_fields=["is_staff", "role_list"])
    if Role.REGIONAL_DIRECTOR not in roles:
        user.directed_regions.clear()
    user.__dict__.pop("role_names", None)
    if acting_user is not None and before != roles:
        audit_record(
            action=AuditAction.ROLE_CHANGE,
            acting_user=acting_user,
            person=user,
            about=user,
            address=address,
        )
    logger.info(
        "Roles of user %s set to %s by %s",
        user.pk,
        sorted(r.value for r in roles),
        getattr(acting_user, "pk", None),
    )
    return user


@transaction.atomic(savepoint=False)
def user_add_role(*, user: User, role: str) -> User:
    """Give a person one more role, keeping the ones they have: what signing up as a
    candidate does (no acting user, so no audit row of our own, as in ``user_set_roles``).

    Side effects: adds the role's group (django-auditlog records the change of groups) and
    the role to ``role_list``; sets ``is_staff`` if the role works in the admin. Adding a
    role removes none, so no directed region is touched. The same outcome as
    ``user_set_roles(roles={*user.role_names, role})`` in fewer queries (no read of the
    person's other groups, no save when ``is_staff`` stays as it is). Joins the caller's
    transaction without a savepoint: a failure fails the caller's whole transaction.
    """
    role = Role(role)
    roles = {*user.role_names, role}
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    role_list = role_list_of(roles)
    is_staff = is_staff_for(roles, is_superuser=user.is_superuser)
    if is_staff != user.is_staff:
        # A save, so that django-auditlog records the change of is_staff.
        user.is_staff, user.role_list = is_staff, role_list
        user.save(update_fields=["is_staff", "role_list"])
    elif role_list != user.role_list:
        # role_list is not audited: one UPDATE, without auditlog's read of the row first.
        User.objects.filter(pk=user.pk).update(role_list=role_list)
        user.role_list = role_list
    user.__dict__.pop("role_names", None)
    logger.info("Role %s added to user %s", role.value, user.pk)
    return user


@transaction.atomic
def user_invite(
    *, email: str, name: str, roles: Iterable[str], regions: Iterable[Region] = (), invited_by: User
) -> User:
    """Invite a volunteer or staff member by email.

    Side effects: creates the person (no password: they sign in by emailed code) or
    reuses the existing account with that email; sets their roles; makes them a director
    of ``regions``; queues the invitation email.
    """
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, name=name)
    roles = set(roles) | set(user.role_names)
    user_set_roles(user=user, roles=roles, acting_user=invited_by)
    if Role.REGIONAL_DIRECTOR in roles:
        for region in regions:
            region.directors.add(user)
    # Signing in by emailed code proves the address; the address row lets allauth find it.
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True})
    email_queue_template(
        template="invitation",
        to=user,
        about=user,
        occurrence=f"{timezone.now():%Y%m%d%H%M%S}",
        context={
            "invited_by": invited_by,
            "roles": [Role(role).label for role in sorted(roles)],
            "login_url": settings.SITE_URL + reverse("account_request_login_code"),
        },
    )
    return user


logger = logging.getLogger(__name__)


def user_deactivate(*, user: User, acting_user: User) -> None:
    """Deactivate a person: they can no longer sign in; their records stay."""
    User.objects.filter(pk=user.pk).update(is_active=False)
    logger.info("User %s deactivated by %s", user.pk, acting_user.pk)


def user_set_language(*, user: User, language: str) -> bool:
    """Keep ``language`` as the one ``user`` reads the site and their emails in.

    Returns whether it changed; a language the platform doesn't speak is ignored.
    """
    language = supported_language(language)
    if not language or language == user.language:
        return False
    user.language = language
    user.save(update_fields=["language"])
    return True
