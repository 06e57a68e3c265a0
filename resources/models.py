"""The resource library (its first shape: what screeners send after a 1:1 call)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Audience


class Resource(models.Model):
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="resources/", blank=True)
    description = models.TextField(_("description"), blank=True)
    topics = models.JSONField(_("topics"), default=list, blank=True, help_text=_("Values of resources.enums.Topic."))
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices, default=Audience.CANDIDATES)
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class SentResource(models.Model):
    """A resource sent to a candidate (after a screening call, say); once per pair."""

    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.CASCADE, related_name="sent_resources")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="sendings")
    screening_log = models.ForeignKey(
        "candidates.ScreeningLog", on_delete=models.SET_NULL, null=True, blank=True, related_name="sent_resources"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("resource sent")
        verbose_name_plural = _("resources sent")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["candidate", "resource"], name="sentresource_once")]

    def __str__(self) -> str:
        return f"{self.resource} → {self.candidate}"
