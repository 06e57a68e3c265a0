"""What candidates get between calls: the library, trainings, perks and community."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import Audience, ChannelKind, Format, PartnerScope, PerkCategory, TrainingKind


class Resource(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=200, unique=True, null=True, blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.GUIDE
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to="resources/", blank=True)
    description = models.TextField(_("description"), blank=True)
    # Written by staff in Markdown, rendered through an allow-list sanitiser.
    body = models.TextField(_("text (Markdown)"), blank=True)
    topics = models.JSONField(
        _("topics"), default=list, blank=True, help_text=_("Values of resources.enums.Topic.")
    )
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.CANDIDATES
    )
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["title"]
        indexes = [models.Index(fields=["published", "audience"], name="resource_published_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Where the resource opens: its library page, else its file, else its link ("" if none)."""
        if self.slug:
            return reverse("resources:resource", kwargs={"slug": self.slug})
        if self.file:
            return self.file.url
        return self.url


class SentResource(models.Model):
    """A resource sent to a candidate (after a screening call, say); once per pair."""

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="sent_resources"
    )
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="sendings")
    screening_log = models.ForeignKey(
        "candidates.ScreeningLog",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sent_resources",
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("resource sent")
        verbose_name_plural = _("resources sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "resource"], name="sentresource_once")
        ]

    def __str__(self) -> str:
        return f"{self.resource} → {self.candidate}"


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "resource"], name="bookmark_once")]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.resource}"


class Course(models.Model):
    """A course of lessons; a candidate's progress is saved lesson by lesson."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=200, unique=True)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    topics = models.JSONField(
        _("topics"), default=list, blank=True, help_text=_("Values of resources.enums.Topic.")
    )
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.CANDIDATES
    )
    # Counted as readiness in the screening and endorsement review when completed.
    counts_as_readiness = models.BooleanField(_("counts as readiness"), default=True)
    published = models.BooleanField(_("published"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    body = models.TextField(_("text (Markdown)"), blank=True)
    video_url = models.URLField(_("video link"), max_length=500, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=10)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["course", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class LessonProgress(models.Model):
    """A lesson a candidate completed; once per pair, so a double click records it once."""

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson completed")
        verbose_name_plural = _("lessons completed")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "lesson"], name="lessonprogress_once")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.lesson}"


class CourseCompletion(models.Model):
    """Written when the last lesson of a course is completed: what directors and reviewers see."""

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="course_completions"
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(_("completed"), auto_now_add=True)

    class Meta:
        verbose_name = _("course completed")
        verbose_name_plural = _("courses completed")
        ordering = ["-completed_at"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "course"], name="coursecompletion_once")
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.course}"


class PartnerOrganization(models.Model):
    """An organisation that supports candidates we may not: the referral directory.

    National groups are seeded; staff add state and local groups in the admin. The
    partners page lists them, and the endorsements app refers candidates to them.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    focus = models.JSONField(
        _("focus"), default=list, blank=True, help_text=_("Values of resources.enums.PartnerFocus.")
    )
    focus_text = models.CharField(_("who they support, in a sentence"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), max_length=500)
    scope = models.CharField(
        _("scope"), max_length=10, choices=PartnerScope.choices, default=PartnerScope.NATIONAL
    )
    # Empty for national organisations: every state.
    states = models.JSONField(
        _("states"), default=list, blank=True, help_text=_('e.g. ["NY"]; empty for every state')
    )
    active = models.BooleanField(_("listed"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Moved from the endorsements app (issue 18); the table keeps its name.
        db_table = "endorsements_partnerorganization"
        verbose_name = _("partner organization")
        verbose_name_plural = _("partner organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerTraining(models.Model):
    """A training run by someone else (a camp, a partner's online course), listed with its dates."""

    title = models.CharField(_("title"), max_length=200)
    organiser = models.ForeignKey(
        PartnerOrganization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("organiser"),
    )
    organiser_name = models.CharField(_("organiser (if not a partner)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=TrainingKind.choices)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    states = models.JSONField(
        _("states"), default=list, blank=True, help_text=_("Empty for everyone.")
    )
    published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("partner training")
        verbose_name_plural = _("partner trainings")
        ordering = ["starts_on", "title"]

    def __str__(self) -> str:
        return self.title


class Perk(models.Model):
    """A partner vendor's offer, seen only by endorsed candidates (the code most of all)."""

    vendor = models.CharField(_("vendor"), max_length=200)
    title = models.CharField(_("offer"), max_length=200)
    category = models.CharField(_("category"), max_length=15, choices=PerkCategory.choices)
    description = models.TextField(_("description"))
    code = models.CharField(_("code"), max_length=100, blank=True)
    claim_url = models.URLField(_("claim link"), max_length=500, blank=True)
    expires_on = models.DateField(_("expires"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("perk")
        verbose_name_plural = _("perks")
        ordering = ["vendor", "title"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(code="", claim_url=""), name="perk_has_code_or_link"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor}: {self.title}"


class PerkClaim(models.Model):
    perk = models.ForeignKey(Perk, on_delete=models.CASCADE, related_name="claims")
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="perk_claims"
    )
    claimed_at = models.DateTimeField(_("claimed"), auto_now_add=True)

    class Meta:
        verbose_name = _("perk claim")
        verbose_name_plural = _("perk claims")
        ordering = ["-claimed_at"]
        constraints = [models.UniqueConstraint(fields=["perk", "candidate"], name="perkclaim_once")]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.perk}"


class Channel(models.Model):
    """A channel in the organisation's chat workspace, with its invite link."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=ChannelKind.choices)
    # The fit: a state (kind "state"), an office level or topic (specialty), or an identity.
    state = models.CharField(_("state"), max_length=2, blank=True)
    specialty = models.CharField(
        _("specialty"), max_length=30, blank=True, help_text=_("An office level or a topic.")
    )
    identity = models.CharField(
        _("identity"),
        max_length=30,
        blank=True,
        help_text=_("A value of resources.enums.PartnerFocus."),
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    invite_url = models.URLField(_("invite link"), max_length=500)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("community channel")
        verbose_name_plural = _("community channels")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class DirectoryProfile(models.Model):
    """A candidate's opt-in entry in the directory of fellow candidates in their state.

    Never shows contact details; hidden at once when they withdraw, opt out or erase.
    """

    candidate = models.OneToOneField(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="directory_profile"
    )
    listed = models.BooleanField(_("list me in the directory"), default=False)
    office_sought = models.CharField(
        _("office you're running for or considering"), max_length=200, blank=True
    )
    one_line = models.CharField(_("one line about you"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("directory entry")
        verbose_name_plural = _("directory entries")

    def __str__(self) -> str:
        return f"Directory entry #{self.pk}"
