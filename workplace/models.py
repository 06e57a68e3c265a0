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


class Segment(models.Model):
    """A saved filter of candidates. Only its author (and national staff) sees it; whoever
    opens it sees only the candidates they may see (``outreach_selectors``)."""

    name = models.CharField(_("name"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    # The filter: keys from ``outreach_selectors.FILTER_KEYS``, blank values left out.
    filters = models.JSONField(_("filter"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class SegmentEmail(models.Model):
    """One email written to a segment. ``token`` comes from the preview form, so a double
    click or a resubmitted form finds this send rather than making another."""

    token = models.CharField(max_length=40, unique=True)
    segment = models.ForeignKey(
        Segment, on_delete=models.SET_NULL, null=True, related_name="emails"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=10000)
    subject_es = models.CharField(_("subject in Spanish"), max_length=200, blank=True)
    body_es = models.TextField(_("message in Spanish"), max_length=10000, blank=True)
    # Why people were left out, by reason: {"no_consent": 2, ...}.
    left_out = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("email to a segment")
        verbose_name_plural = _("emails to segments")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class SegmentRecipient(models.Model):
    """A candidate an email to a segment goes to: one per (send, candidate). ``queued_at``
    is set when the throttled task has put their email in the outbox."""

    email = models.ForeignKey(SegmentEmail, on_delete=models.CASCADE, related_name="recipients")
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="segment_emails"
    )
    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "candidate"], name="segment_recipient_once")
        ]
        indexes = [models.Index(fields=["candidate"], name="segment_recipient_cand_idx")]

    def __str__(self) -> str:
        return f"{self.email_id} to {self.candidate_id}"


class DigestSetting(models.Model):
    """A director's daily digest: whether they want it, and the last local day it went."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_setting"
    )
    enabled = models.BooleanField(_("send me the daily digest"), default=True)
    last_sent_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Digest of {self.user_id}"
