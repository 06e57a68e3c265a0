"""Vocabulary of the mentorship app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MentorStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    PAUSED = "paused", _("Paused")
    DECLINED = "declined", _("Declined")


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a mentor")
    CLAIMED = "claimed", _("A mentor is on it")
    ANSWERED = "answered", _("Answered")
    RESOLVED = "resolved", _("Resolved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PostKind(models.TextChoices):
    ANSWER = "answer", _("Answer")
    FOLLOW_UP = "follow_up", _("Follow-up")


class MatchRequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a match")
    MATCHED = "matched", _("Matched")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class MatchStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")
