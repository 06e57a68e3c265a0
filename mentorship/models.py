"""Mentorship: volunteer experts, questions answered by many of them, longer matches.

The seed process: candidates get specific questions answered by many experts, and each
mentor supports many candidates. Routing and claiming live in ``services``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import MatchRequestStatus, MatchStatus, MentorStatus, PostKind, QuestionStatus


class ExpertiseArea(models.Model):
    """One of the staff-managed areas a mentor knows and a question is about."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    # Words that suggest this area when a candidate types a question ("donor", "PAC").
    keywords = models.TextField(
        _("keywords"), blank=True, help_text=_("Comma-separated words that suggest this area.")
    )
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("area of expertise")
        verbose_name_plural = _("areas of expertise")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Mentor(models.Model):
    """A volunteer expert: anyone may apply; staff or a director approves."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor"
    )
    areas = models.ManyToManyField(
        ExpertiseArea, related_name="mentors", verbose_name=_("areas of expertise")
    )
    states = models.JSONField(
        _("states they know"), default=list, blank=True, help_text=_('e.g. ["NY", "MA"]')
    )
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_('e.g. ["en", "es"]')
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    weekly_capacity = models.PositiveSmallIntegerField(_("questions per week"), default=3)
    match_capacity = models.PositiveSmallIntegerField(_("campaigns mentored at once"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=MentorStatus.choices, default=MentorStatus.APPLIED
    )
    # The region the mentor lives in, for directors' approvals (null: any director may not see them; staff do).
    region = models.ForeignKey(
        "rfs.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentors",
        verbose_name=_("home region"),
    )
    # Set when they applied after winning their race: listed as alumni.
    alumni_of = models.ForeignKey(
        "candidates.Candidate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("alumni candidate record"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"], name="mentor_status_idx")]

    def __str__(self) -> str:
        return str(self.user)


class Question(models.Model):
    """A candidate's question to the experts, and its thread.

    ``owner`` is set once, by the first mentor to claim (a conditional update). A private
    question is seen only by mentors of its area (and the region's director and staff).
    """

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="questions"
    )
    area = models.ForeignKey(
        ExpertiseArea, on_delete=models.PROTECT, related_name="questions", verbose_name=_("area")
    )
    title = models.CharField(_("question"), max_length=200)
    details = models.TextField(_("details"), max_length=5000, blank=True)
    private = models.BooleanField(_("only mentors of this area may see it"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    # Copied from the candidate when asked, so routing and escalation need no join.
    region = models.ForeignKey(
        "rfs.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=2, blank=True)
    owner = models.ForeignKey(
        "Mentor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_questions",
        verbose_name=_("mentor"),
    )
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    # Set once, when nobody claimed it within 48 hours: wider routing, director told.
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("about the answer"), max_length=500, blank=True)
    # The library resource staff made from it, with the candidate's details removed.
    resource = models.ForeignKey(
        "resources.Resource", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__range=(1, 5)),
                name="question_rating_1_to_5",
            ),
        ]
        indexes = [
            models.Index(fields=["area", "status", "created_at"], name="question_area_status_idx"),
            models.Index(fields=["owner", "status"], name="question_owner_idx"),
            models.Index(fields=["owner", "claimed_at"], name="question_owner_claimed_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionNotification(models.Model):
    """A mentor told about a question, in routing ``round`` (1, then wider rounds)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="notifications")
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="notifications")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    notified_at = models.DateTimeField(_("notified"), auto_now_add=True)

    class Meta:
        verbose_name = _("question notification")
        verbose_name_plural = _("question notifications")
        constraints = [
            models.UniqueConstraint(fields=["question", "mentor"], name="question_notified_once")
        ]

    def __str__(self) -> str:
        return f"{self.question} → {self.mentor}"


class Post(models.Model):
    """One message in a question's thread: a mentor's answer or the candidate's follow-up."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices)
    body = models.TextField(_("message"), max_length=10000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.question}"


class MatchRequest(models.Model):
    """A candidate asking for a mentor for their campaign; a director confirms a match."""

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="match_requests"
    )
    areas = models.ManyToManyField(
        ExpertiseArea, related_name="+", verbose_name=_("help wanted with")
    )
    language = models.CharField(_("preferred language"), max_length=10, blank=True)
    note = models.TextField(_("about your campaign"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MatchRequestStatus.choices,
        default=MatchRequestStatus.OPEN,
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)

    class Meta:
        verbose_name = _("mentor request")
        verbose_name_plural = _("mentor requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate"], condition=Q(status="open"), name="matchrequest_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"Mentor request by {self.candidate}"


class Match(models.Model):
    """A longer pairing of a mentor with a candidate's campaign; either side can end it."""

    request = models.ForeignKey(
        MatchRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="matches"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="mentor_matches"
    )
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="matches")
    status = models.CharField(
        _("status"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.ACTIVE
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    end_note = models.CharField(_("why it ended"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("mentor match")
        verbose_name_plural = _("mentor matches")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "mentor"],
                condition=Q(status="active"),
                name="match_active_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentoring {self.candidate}"
