"""Endorsement applications: the multi-step form, its private filing evidence, its history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..enums import ApplicationEventKind, ApplicationStatus, ApplicationStep
from .cycles import Cycle


def private_storage():
    """Filing evidence never lives under a public media URL (settings.STORAGES["private"])."""
    from django.core.files.storage import storages

    return storages["private"]


def evidence_path(instance: "FilingEvidence", filename: str) -> str:
    # The stored name says nothing about the person; the original name is kept in a field.
    import uuid

    return f"filing-evidence/{instance.application.cycle_id}/{uuid.uuid4().hex}"


class Application(models.Model):
    """A candidate's application in a cycle. Drafts save step by step; submitting moves
    the candidate to ``applied``. A candidate declined earlier in the cycle may apply
    again: the new application points at the earlier one (``previous``).
    """

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="applications"
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="applications")
    previous = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("earlier application"),
    )
    race = models.ForeignKey(
        "candidates.Race",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    # Copied from the candidate at submission, so review queues filter without a join.
    region = models.ForeignKey(
        "rfs.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    step = models.CharField(
        _("furthest step"),
        max_length=15,
        choices=ApplicationStep.choices,
        default=ApplicationStep.RACE,
    )

    # Race details the candidate confirms or adds.
    district_description = models.CharField(_("about the district"), max_length=500, blank=True)
    seats = models.PositiveSmallIntegerField(_("seats up"), null=True, blank=True)
    incumbent = models.CharField(_("incumbent (if any)"), max_length=200, blank=True)
    opponents = models.CharField(_("known opponents"), max_length=500, blank=True)
    # Campaign plan.
    budget = models.PositiveIntegerField(_("budget (US dollars)"), null=True, blank=True)
    raised_so_far = models.PositiveIntegerField(
        _("raised so far (US dollars)"), null=True, blank=True
    )
    team = models.TextField(_("your team"), max_length=3000, blank=True)
    win_number = models.PositiveIntegerField(_("win number (votes)"), null=True, blank=True)
    path_to_victory = models.TextField(_("path to victory"), max_length=5000, blank=True)
    # The questionnaire: question key -> answer (keys in endorsements.questionnaire).
    answers = models.JSONField(_("questionnaire answers"), default=dict, blank=True)
    # Links and the public listing.
    website = models.URLField(_("campaign website"), max_length=500, blank=True)
    donation_url = models.URLField(_("donation link"), max_length=500, blank=True)
    social_links = models.JSONField(_("social media links"), default=list, blank=True)
    list_publicly = models.BooleanField(
        _("list me on the public endorsements page if endorsed"), default=True
    )

    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    decision_due_on = models.DateField(_("decision due"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Shown to the candidate with a decline, and carried into a re-application.
    decision_reason = models.TextField(_("reason given to the candidate"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("endorsement application")
        verbose_name_plural = _("endorsement applications")
        ordering = ["-submitted_at", "-created_at"]
        constraints = [
            # One live application per candidate and cycle; declined ones may be followed by another.
            models.UniqueConstraint(
                fields=["candidate", "cycle"],
                condition=Q(status__in=["draft", "submitted", "approved"]),
                name="application_one_live_per_cycle",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "status", "submitted_at"], name="application_queue_idx"),
            models.Index(fields=["status", "decision_due_on"], name="application_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.cycle}"


class FilingEvidence(models.Model):
    """A PDF, JPEG or PNG proving the filing, checked by content; served only through a
    permission check (``endorsements.views``), never from a public media URL."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=evidence_path, max_length=300
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("filing evidence")
        verbose_name_plural = _("filing evidence")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationEvent(models.Model):
    """One line of an application's history, shown beside the votes on the review page."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=25, choices=ApplicationEventKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.application}"
