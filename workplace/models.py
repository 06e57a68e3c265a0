"""Notes about a candidate, and the candidate's owner and tags: the directors' own working
records. Seen only by the candidate's regional directors and national staff."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CandidateFile(models.Model):
    """Who looks after the candidate (a director or volunteer) and how the team tags them."""

    candidate = models.OneToOneField(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="workplace_file"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="files", verbose_name=_("tags"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("owner and tags")
        verbose_name_plural = _("owners and tags")

    def __str__(self) -> str:
        return str(self.candidate)


class Note(models.Model):
    """A colleague's note about a candidate. Never shown to the candidate or volunteers;
    people mentioned are emailed a link to the record, never the text."""

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="workplace_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"), max_length=5000)
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("mentioned")
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["candidate", "-created_at"], name="note_candidate_idx")]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.candidate_id}"
