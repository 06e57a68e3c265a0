"""The review of an application: the director's recommendation, research, committee votes.

Candidates never see any of it (PRODUCT.md, "Privacy"); only the explanation they are
asked for and give.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import Recommendation, ResearchKind, VoteChoice
from .applications import Application


class DirectorRecommendation(models.Model):
    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="recommendation"
    )
    director = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recommendation = models.CharField(
        _("recommendation"), max_length=10, choices=Recommendation.choices
    )
    text = models.TextField(_("why"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("director's recommendation")
        verbose_name_plural = _("directors' recommendations")

    def __str__(self) -> str:
        return f"{self.get_recommendation_display()} · {self.application}"


class ResearchItem(models.Model):
    """One research check. A finding may be put to the candidate, who explains it before the vote."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="research")
    kind = models.CharField(_("check"), max_length=20, choices=ResearchKind.choices)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    finding = models.TextField(_("finding"), blank=True)
    # Checked as not applicable to this race (say, no campaign finance filings yet).
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    # What the candidate is asked (in words fit for them), and what they answered.
    explanation_question = models.TextField(_("question put to the candidate"), blank=True)
    explanation_requested_at = models.DateTimeField(_("explanation asked"), null=True, blank=True)
    explanation = models.TextField(_("candidate's explanation"), max_length=5000, blank=True)
    explained_at = models.DateTimeField(_("explained"), null=True, blank=True)

    class Meta:
        verbose_name = _("research item")
        verbose_name_plural = _("research items")
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="research_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.application}"


class Vote(models.Model):
    """A committee member's vote (or recusal), one per member and application; it can be changed until the decision."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="endorsement_votes"
    )
    choice = models.CharField(_("vote"), max_length=10, choices=VoteChoice.choices)
    comment = models.TextField(_("comment"), max_length=3000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("committee vote")
        verbose_name_plural = _("committee votes")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "member"], name="vote_once_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.get_choice_display()} by {self.member} · {self.application}"
