"""Rows for bulk writers (``bulk_create``, COPY): the fields that the normal create path
derives, derived here once.

A builder returns ``{attname: value}``: ``Model(**row)`` for ``bulk_create``, or one
row for COPY (``bench.seed_scale``). Columns a builder leaves out get the model field's
default (``bulk_create`` fills them itself; the COPY writer reads them from the model).
When a model gains a derived field, its builder is the one place bulk writers learn it.
Each app's ``bulk.py`` imports only its own app and the layers below it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from .enums import ADMIN_ROLES
from .models import User

# An unusable password, as ``set_unusable_password`` stores (without its random tail:
# there is nothing to hash for a million people who never sign in with one).
UNUSABLE_PASSWORD = "!"


def normalized_email(email: str) -> str:
    """An address as ``User.objects.create_user`` stores it."""
    return User.objects.normalize_email(email).lower()


def user_row(*, email: str, name: str = "", roles: Iterable[str] = (), **fields: Any) -> dict:
    """A person: the address normalised, no usable password, and ``is_staff`` from the
    roles as ``rfs.services.user_set_roles`` sets it, and the roles' copy on the row
    (give the roles' group rows too, with ``user_group_rows``)."""
    row = {
        "email": normalized_email(email),
        "name": name,
        "password": UNUSABLE_PASSWORD,
        "is_staff": is_staff_for(roles, is_superuser=bool(fields.get("is_superuser"))),
        "role_list": role_list_of(roles),
    }
    row.update(fields)
    return row


def role_list_of(group_names: Iterable[str]) -> str:
    """``User.role_list``: the person's group names, sorted, comma-separated."""
    return ",".join(sorted({str(name) for name in group_names}))


def is_staff_for(roles: Iterable[str], *, is_superuser: bool = False) -> bool:
    """Whether a person with these roles works in the admin."""
    return is_superuser or bool(ADMIN_ROLES.intersection(roles))


def user_group_rows(*, user_id: int, group_ids: Iterable[int]) -> list[dict]:
    """The person's role groups (``User.groups.through``)."""
    return [{"user_id": user_id, "group_id": group_id} for group_id in group_ids]


def email_address_row(*, user_id: int, email: str) -> dict:
    """allauth's record of the person's address: confirmed, and the primary one."""
    return {"user_id": user_id, "email": normalized_email(email), "verified": True, "primary": True}


def outbox_key(
    *, purpose: str, to_email: str, about_label: str | None, about_pk: Any, occurrence: str
) -> str:
    """The outbox row's unique key (``rfs.services.email_unique_key`` for a model
    instance): one email per purpose, address, subject row and occurrence."""
    about_part = f"{about_label}:{about_pk}" if about_label is not None else "-"
    key = f"{purpose}|{to_email.lower()}|{about_part}|{occurrence}"
    if len(key) > 255:
        key = key[:190] + "|" + hashlib.sha256(key.encode()).hexdigest()
    return key


def outbound_email_row(
    *,
    purpose: str,
    to_email: str,
    subject: str,
    body_text: str,
    about_label: str | None = None,
    about_pk: Any = None,
    content_type_id: int | None = None,
    occurrence: str = "",
    **fields: Any,
) -> dict:
    """An outbox row as ``rfs.services.email_queue`` writes it: its unique key, the row
    it is about, and the subject cut to the column."""
    row = {
        "purpose": purpose,
        "to_email": to_email,
        "unique_key": outbox_key(
            purpose=purpose,
            to_email=to_email,
            about_label=about_label,
            about_pk=about_pk,
            occurrence=occurrence,
        ),
        "content_type_id": content_type_id,
        "object_id": str(about_pk) if about_label is not None else "",
        "subject": subject[:255],
        "body_text": body_text,
    }
    row.update(fields)
    return row
