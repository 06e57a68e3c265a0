"""What every app shares: people, their roles, regions and the email outbox."""

from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import ADMIN_ROLES, PRIVILEGED_ROLES, AuditAction, EmailStatus, Role, State


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: a candidate, a volunteer or staff, by email.

    Roles are groups named after ``Role``. ``is_staff`` (admin access) follows the roles
    and is set only by ``rfs.services.user_set_roles``, as is ``role_list``: the group
    names, comma-separated, on the person's own row, so that every signed-in request
    reads the person and their roles in one query.
    """

    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=settings.RFS_DEFAULT_USER_TIME_ZONE
    )
    # The language pages and emails use for this person ("" until they sign up or choose
    # one on the page; then the browser's language applies). rfs/i18n.py.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True, default=""
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to deactivate instead of deleting.")
    )
    is_staff = models.BooleanField(
        _("admin access"), default=False, help_text=_("Set from the person's roles.")
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # The person's group names, comma-separated (kept by user_set_roles and rfs.bulk).
    role_list = models.CharField(max_length=255, blank=True, default="", editable=False)
    unsubscribed_at = models.DateTimeField(
        _("unsubscribed from newsletters"),
        null=True,
        blank=True,
        help_text=_("Transactional email (codes, confirmations) is still sent."),
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["email"]
        # On PostgreSQL, GIN trigram indexes on UPPER(name) and UPPER(email) serve the
        # candidate search. They are created by migration rfs.0004 and deliberately not
        # listed here: SQLite cannot build them (see that migration).

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @cached_property
    def role_names(self) -> frozenset[str]:
        """The person's roles, from their own row (no query)."""
        return frozenset(name for name in self.role_list.split(",") if name)

    def has_role(self, role: Role) -> bool:
        return role in self.role_names

    @property
    def needs_admin(self) -> bool:
        return bool(self.role_names & ADMIN_ROLES)

    @property
    def is_privileged(self) -> bool:
        return self.is_superuser or bool(self.role_names & PRIVILEGED_ROLES)


class Region(models.Model):
    """A named set of states, with the directors who own its candidates."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    directors = models.ManyToManyField(
        User,
        related_name="directed_regions",
        blank=True,
        verbose_name=_("directors"),
        limit_choices_to={"groups__name": Role.REGIONAL_DIRECTOR},
    )

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RegionState(models.Model):
    """One state of a region; each state belongs to one region at most."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="states")
    state = models.CharField(_("state"), max_length=2, choices=State.choices, unique=True)

    class Meta:
        verbose_name = _("state of a region")
        verbose_name_plural = _("states of regions")
        ordering = ["state"]

    def __str__(self) -> str:
        return self.get_state_display()


class OutboundEmail(models.Model):
    """An email is a row before it is a message (see ``rfs.services.email_queue``).

    ``unique_key`` names the event (purpose, recipient, what it is about, which
    occurrence), so a retried request or a second scheduler finds the row already there.

    ``redact_after_send`` marks an email that carries a secret (a sign-in or confirmation
    code, a password reset link): its body is replaced by ``REDACTED_BODY`` once it is
    sent, and nobody but the recipient's inbox ever shows it.
    """

    REDACTED_BODY = _(
        "This email held a one-time code or link. It was removed once the email was sent, "
        "so that only the person it went to could use it."
    )

    purpose = models.CharField(_("purpose"), max_length=100)
    to_email = models.EmailField(_("to"))
    recipient = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name=_("recipient"),
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    unique_key = models.CharField(_("unique key"), max_length=255, unique=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    ics = models.TextField(_("calendar invitation"), blank=True)
    transactional = models.BooleanField(_("transactional"), default=True)
    redact_after_send = models.BooleanField(_("holds a code or link"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The id the mail provider gave the message (anymail's ``message_id``; over plain SMTP
    # our Message-ID): its bounce and complaint webhooks name the message by it.
    provider_message_id = models.CharField(_("provider's message id"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("email outbox")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["to_email"], name="outbox_to_idx"),
            models.Index(fields=["content_type", "object_id"], name="outbox_about_idx"),
            models.Index(fields=["provider_message_id"], name="outbox_provider_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_email}"


class AuditEvent(models.Model):
    """One row of the audit trail: who saw or changed whose data, what, when, from where.

    Written only by ``rfs.audit.audit_record``. Rows hold ids, never personal values.
    When a person is erased their rows stay, with ``person`` (and ``actor`` for what
    they did themselves) emptied and the object's id and their address blanked
    (``rfs.audit.audit_forget_person``).
    """

    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("what"), max_length=30, choices=AuditAction.choices)
    person = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("whose"),
        help_text=_("The person whose data it was."),
    )
    # The model's label ("endorsements.application"), not a content type: writing a row
    # must never cost a query to look one up.
    record_type = models.CharField(_("record type"), max_length=100, blank=True)
    object_id = models.CharField(_("record id"), max_length=64, blank=True)
    address = models.GenericIPAddressField(_("from address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit trail entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["person", "-at"], name="audit_person_at_idx"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at_idx"),
            models.Index(fields=["-at"], name="audit_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M} UTC)"


class Heartbeat(models.Model):
    """When a periodic job last ran, by name: /healthz reports an outbox sweep gone quiet."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    at = models.DateTimeField(_("last ran"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S} UTC"


class SuppressionReason(models.TextChoices):
    BOUNCE = "bounce", _("Bounced for good")
    COMPLAINT = "complaint", _("Reported as spam")


class EmailSuppression(models.Model):
    """An address we stop emailing: it bounced for good, or its owner reported us as spam.

    Written by ``rfs.services.suppression`` from the mail provider's webhooks; the outbox
    marks every email to the address as not sent, except sign-in and verification codes
    (the person may be fixing their address). ``email`` is stored lowercased. Staff clear
    a row from the candidate's admin page or the suppressions admin (audited).
    """

    email = models.EmailField(_("address"), unique=True)
    reason = models.CharField(_("why"), max_length=10, choices=SuppressionReason.choices)
    provider = models.CharField(_("reported by"), max_length=40, blank=True)
    detail = models.TextField(_("what the provider said"), blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("undeliverable address")
        verbose_name_plural = _("undeliverable addresses")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} ({self.get_reason_display()})"


class TaskFailureCount(models.Model):
    """How many times each Celery task failed, counted by the worker that saw it fail
    (``rfs.metrics``): in the database so the web's /metrics reports every worker host's."""

    task = models.CharField(_("task"), max_length=200, unique=True)
    failures = models.PositiveBigIntegerField(_("failures"), default=0)
    last_failed_at = models.DateTimeField(_("last failed"))

    class Meta:
        verbose_name = _("task failure count")
        verbose_name_plural = _("task failure counts")

    def __str__(self) -> str:
        return f"{self.task}: {self.failures}"
