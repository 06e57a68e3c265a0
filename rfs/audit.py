"""The audit trail: who saw or changed whose data. Every app writes it through here.

Two halves (docs/security.md, "What is logged"):

- ``AuditEvent`` rows, ours, written by ``audit_record``: opening a page that shows a
  candidate's personal data (one row per request), downloading filing evidence, a stage
  move, an endorsement decision, a role change, a data export, an erasure.
- django-auditlog's change rows (``auditlog.LogEntry``) for the sensitive models
  (registered in ``rfs.apps``): which fields changed, by whom, from which address.

Services take ``acting_user`` and ``address`` and pass them on; they never take the
request. When a service deep in a chain was not handed an address (a stage move made by
a named step), the address of the request being served is used: the audit middleware
(``AuditMiddleware`` below) keeps it for the length of the request.
"""

from auditlog.context import auditlog_value, disable_auditlog
from auditlog.middleware import AuditlogMiddleware
from django.db import models

from .enums import AuditAction
from .models import AuditEvent, User
from .net import client_address


class AuditMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware with the platform's client address.

    Its own reads the first X-Forwarded-For entry, which the client writes: anyone could
    put any address in the change log. The port (X-Forwarded-Port) is the client's word
    too, so none is kept. The actor is the lazy ``request.user``: nothing is read from the
    database unless a change is logged.
    """

    @staticmethod
    def _get_remote_addr(request):
        return client_address(request)

    @staticmethod
    def _get_remote_port(request):
        return None

    @staticmethod
    def _get_actor(request):
        return getattr(request, "user", None)

    def __call__(self, request):
        # django-auditlog leaves its context set after the request: a task or test that
        # runs next in this thread would be credited to this request's person and address.
        token = auditlog_value.set({})
        try:
            return super().__call__(request)
        finally:
            auditlog_value.reset(token)


# Writes inside this block leave no django-auditlog change rows (an erasure's deletions).
audit_paused = disable_auditlog


def current_address() -> str | None:
    """The client address of the request being served, if any (``rfs.net.client_address``,
    set by the audit middleware); None in a task or a management command."""
    try:
        return auditlog_value.get().get("remote_addr")
    except LookupError:
        return None


def audit_record(
    *,
    action: AuditAction,
    acting_user: User | None,
    person: User | int | None,
    about: models.Model | None = None,
    address: str | None = None,
) -> AuditEvent:
    """Write one row of the audit trail.

    ``person`` is whose data it was (a user or a user id), ``about`` the record opened or
    changed (only its model label and id are kept). ``address`` defaults to the current
    request's. One INSERT, no other query.
    """
    person_id = person.pk if isinstance(person, User) else person
    actor_id = acting_user.pk if acting_user is not None and acting_user.is_authenticated else None
    return AuditEvent.objects.create(
        action=action,
        actor_id=actor_id,
        person_id=person_id,
        record_type=about._meta.label_lower if about is not None else "",
        object_id=str(about.pk) if about is not None else "",
        address=address or current_address(),
    )


def audit_forget_person(*, user: User, records: dict[type[models.Model], list]) -> None:
    """Anonymise the trail about a person who is being erased; the rows stay.

    ``records`` are the person's records that django-auditlog may have logged, by model
    (their candidate record, applications...): the caller knows them, the core does not.

    Side effects, in order:
    1. Our rows about them lose the person and the record's id. What was done, by whom
       on staff, when and from the staff member's address stay.
    2. Our rows of what they did themselves (their own export, their erasure) lose the
       actor and their address.
    3. django-auditlog's change rows about their account and records keep what kind of
       change it was and when, but lose the values, the record's name and id, and any
       serialised copy; rows of changes they made themselves lose who and from where.
    """
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    AuditEvent.objects.filter(person=user).update(person=None, object_id="")
    AuditEvent.objects.filter(actor=user).update(actor=None, address=None)

    about = models.Q()
    for model, ids in {User: [user.pk], **records}.items():
        if ids:
            about |= models.Q(
                content_type=ContentType.objects.get_for_model(model),
                object_pk__in=[str(pk) for pk in ids],
            )
    LogEntry.objects.filter(about).update(
        object_repr="",
        object_pk="",
        object_id=None,
        changes=None,
        changes_text="",
        serialized_data=None,
        additional_data=None,
    )
    LogEntry.objects.filter(models.Q(actor=user) | models.Q(actor_email=user.email)).update(
        actor=None, actor_email=None, remote_addr=None
    )


def mask_personal_value(value) -> str:
    """django-auditlog's mask for personal fields: that it changed, never what to."""
    return "(changed)"
