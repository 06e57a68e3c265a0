"""1:1 screening calls: volunteer screeners, their availability, bookings and the log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rfs.models import Region

from ..enums import ScreenerStatus, ScreeningCallStatus, ScreeningNextStep, Weekday
from .people import Candidate


class Screener(models.Model):
    """A volunteer who holds 1:1 calls for the regions they serve."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="screener"
    )
    regions = models.ManyToManyField(Region, related_name="screeners", verbose_name=_("regions"))
    languages = models.JSONField(
        _("languages"), default=list, blank=True, help_text=_('e.g. ["en", "es"]')
    )
    weekly_capacity = models.PositiveSmallIntegerField(_("calls per week"), default=5)
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    meeting_url = models.URLField(_("video meeting link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ScreenerStatus.choices, default=ScreenerStatus.APPLIED
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("screener")
        verbose_name_plural = _("screeners")

    def __str__(self) -> str:
        return str(self.user)


class ScreenerAvailability(models.Model):
    """When a screener can take calls, in their own time zone: a weekly window
    (``weekday``) or a one-off window on a ``date``. Slots are 30 minutes inside it."""

    screener = models.ForeignKey(Screener, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True
    )
    date = models.DateField(_("date"), null=True, blank=True)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        ordering = ["weekday", "date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__isnull=False, date__isnull=True)
                | Q(weekday__isnull=True, date__isnull=False),
                name="availability_weekly_or_one_off",
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="availability_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        day = self.get_weekday_display() if self.weekday is not None else f"{self.date:%Y-%m-%d}"
        return f"{day} {self.start_time:%H:%M}–{self.end_time:%H:%M}"


class ScreeningCall(models.Model):
    """A booked (or assigned) 1:1 call. ``starts_at`` is UTC; an assignment by load has
    no time until the two agree one.

    The database refuses a second booking of the same screener at the same time, and a
    second open call for the same candidate.
    """

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="screening_calls"
    )
    screener = models.ForeignKey(Screener, on_delete=models.PROTECT, related_name="calls")
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ScreeningCallStatus.choices,
        default=ScreeningCallStatus.BOOKED,
    )
    assigned_by_load = models.BooleanField(_("assigned by load"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("screening call")
        verbose_name_plural = _("screening calls")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["screener", "starts_at"],
                condition=Q(status="booked"),
                name="screening_slot_booked_once",
            ),
            models.UniqueConstraint(
                fields=["candidate"],
                condition=Q(status__in=["booked", "assigned"]),
                name="screening_one_open_call",
            ),
        ]
        indexes = [
            models.Index(
                fields=["screener", "status", "starts_at"], name="screeningcall_screener_idx"
            ),
            # The dashboard: calls held with no log yet, and each screener's calls of a week.
            models.Index(fields=["status", "starts_at"], name="screeningcall_status_idx"),
            models.Index(fields=["screener", "starts_at"], name="screeningcall_week_idx"),
        ]

    def __str__(self) -> str:
        when = f"{self.starts_at:%Y-%m-%d %H:%M} UTC" if self.starts_at else _("time to be agreed")
        return f"{self.candidate} with {self.screener} · {when}"


class ScreeningLog(models.Model):
    """What the screener learned: the four questions, the rubric, concerns, next step.

    Private: the screener who wrote it, the region's directors and national staff only.
    """

    call = models.OneToOneField(ScreeningCall, on_delete=models.CASCADE, related_name="log")
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="screening_logs"
    )
    screener = models.ForeignKey(Screener, on_delete=models.PROTECT, related_name="logs")
    # The four questions of the seed process, each with notes.
    problems_to_solve = models.TextField(_("Problems they want to solve"), blank=True)
    community_involvement = models.TextField(
        _("How they have been involved in their community"), blank=True
    )
    concerns_notes = models.TextField(_("Concerns about running"), blank=True)
    progressive_meaning = models.TextField(
        _("What progressive means to them and their community"), blank=True
    )
    # Readiness rubric, 1 (just starting) to 4 (strong).
    community_knowledge = models.PositiveSmallIntegerField(_("community knowledge"))
    relationships = models.PositiveSmallIntegerField(_("relationships and network"))
    campaign_understanding = models.PositiveSmallIntegerField(
        _("understanding of what a campaign takes")
    )
    values_alignment = models.PositiveSmallIntegerField(_("values"))
    concerns = models.JSONField(
        _("concerns raised"),
        default=list,
        blank=True,
        help_text=_("Values of candidates.enums.Concern."),
    )
    next_step = models.CharField(
        _("recommended next step"), max_length=20, choices=ScreeningNextStep.choices
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)

    class Meta:
        verbose_name = _("screening log")
        verbose_name_plural = _("screening logs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(community_knowledge__range=(1, 4))
                & Q(relationships__range=(1, 4))
                & Q(campaign_understanding__range=(1, 4))
                & Q(values_alignment__range=(1, 4)),
                name="screeninglog_rubric_1_to_4",
            ),
        ]

    def __str__(self) -> str:
        return f"Screening of {self.candidate}"
