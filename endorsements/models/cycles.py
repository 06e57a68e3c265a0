"""Endorsement cycles (the partner organisations a candidate may be referred to live in
``resources.models``)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Cycle(models.Model):
    """A window in which candidates apply, with the review deadlines staff promise."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    election_year = models.PositiveSmallIntegerField(_("election year"))
    # Days after a submission by which each step is due; every applicant hears within
    # ``decision_days``.
    recommendation_days = models.PositiveSmallIntegerField(
        _("director's recommendation due after (days)"), default=10
    )
    vote_days = models.PositiveSmallIntegerField(_("committee votes due after (days)"), default=20)
    decision_days = models.PositiveSmallIntegerField(
        _("decision promised within (days)"), default=30
    )
    # Committee votes needed before staff decide (approve, decline and abstain count;
    # a recusal doesn't). Staff may decide with fewer only with a written reason.
    quorum = models.PositiveSmallIntegerField(
        _("votes needed before a decision"),
        default=3,
        help_text=_("Approve, decline and abstain votes count; recusals don't."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement cycle")
        verbose_name_plural = _("endorsement cycles")
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="cycle_closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return self.name
