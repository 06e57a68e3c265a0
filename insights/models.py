"""The directors' dashboard's summary tables, refreshed by beat (``insights.analytics``).

Counting a million candidates' histories on every page view is too slow, so a periodic
refresh folds them into cells; the dashboard sums cells. Each cell is one combination of
region, state, office level, recruitment source and signup month (cohort).

These tables were created by the ``rfs`` app; they moved here keeping their names
(``db_table``), so no data moved with them.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rfs.models import Region


class AnalyticsSnapshot(models.Model):
    """One refresh of the summary tables: the dashboard says when its figures were computed."""

    computed_at = models.DateTimeField(_("computed"), default=timezone.now, db_index=True)
    candidates = models.PositiveIntegerField(_("candidates counted"), default=0)
    seconds = models.FloatField(_("took (seconds)"), default=0)
    # The public impact page's figures (signed up, endorsed, elected, states, won by level).
    impact = models.JSONField(_("public impact figures"), default=dict, blank=True)

    class Meta:
        db_table = "rfs_analyticssnapshot"
        verbose_name = _("analytics refresh")
        verbose_name_plural = _("analytics refreshes")
        ordering = ["-computed_at"]

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M} UTC"


class AnalyticsRefreshLock(models.Model):
    """At most one analytics refresh at a time, across the web process, the worker and
    beat: one row, claimed with a conditional update (free, or held past its lease) and
    freed when the refresh ends (``insights.analytics.refresh``). A row in the database rather
    than a cache key: under ``make run`` each process has its own in-memory cache."""

    held_since = models.DateTimeField(_("refresh queued or running since"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )

    class Meta:
        db_table = "rfs_analyticsrefreshlock"
        verbose_name = _("analytics refresh lock")
        verbose_name_plural = _("analytics refresh locks")

    def __str__(self) -> str:
        return f"held since {self.held_since:%Y-%m-%d %H:%M} UTC" if self.held_since else "free"


class MilestoneCounts(models.Model):
    """How many people reached each funnel milestone (insights.analytics.milestones.FUNNEL)."""

    signed_up = models.PositiveIntegerField(default=0)
    intro_attended = models.PositiveIntegerField(default=0)
    screened = models.PositiveIntegerField(default=0)
    running = models.PositiveIntegerField(default=0)
    applied = models.PositiveIntegerField(default=0)
    endorsed = models.PositiveIntegerField(default=0)
    won = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class FunnelCell(MilestoneCounts):
    """How many candidates of one cell reached each milestone (reaching a later milestone
    counts as passing the earlier steps of the chain: see insights.analytics.milestones)."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=2, blank=True)
    level = models.CharField(max_length=20, blank=True)
    source = models.CharField(max_length=100, blank=True)
    cohort = models.CharField(max_length=7, help_text="Signup month, YYYY-MM (UTC).")

    class Meta:
        db_table = "rfs_funnelcell"
        verbose_name = _("funnel cell")
        verbose_name_plural = _("funnel cells")
        indexes = [models.Index(fields=["region", "cohort"], name="funnelcell_region_cohort_idx")]

    def __str__(self) -> str:
        return f"{self.cohort} {self.state} {self.level} {self.source}"


class DurationCell(models.Model):
    """How many candidates of one cell took ``days`` whole days for one step (from one
    milestone to the next, both recorded): medians and 90th percentiles come from these."""

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=2, blank=True)
    level = models.CharField(max_length=20, blank=True)
    source = models.CharField(max_length=100, blank=True)
    cohort = models.CharField(max_length=7)
    step = models.CharField(max_length=40)
    days = models.PositiveIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        db_table = "rfs_durationcell"
        verbose_name = _("duration cell")
        verbose_name_plural = _("duration cells")
        indexes = [models.Index(fields=["region", "cohort"], name="durationcell_region_cohort_idx")]

    def __str__(self) -> str:
        return f"{self.step}: {self.days} days × {self.count}"


class FairShareCell(MilestoneCounts):
    """The funnel by one self-identified demographic answer, counted only in aggregate.

    Never shown raw: insights.analytics.fair_share suppresses every group under 10 and enough
    other cells that none can be worked out by subtraction.
    """

    region = models.ForeignKey(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=2, blank=True)
    cohort = models.CharField(max_length=7)
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=30)

    class Meta:
        db_table = "rfs_fairsharecell"
        verbose_name = _("fair-share cell")
        verbose_name_plural = _("fair-share cells")
        indexes = [
            models.Index(fields=["dimension", "region", "cohort"], name="fairsharecell_dim_idx")
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value} {self.cohort}"
