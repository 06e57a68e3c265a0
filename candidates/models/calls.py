"""Weekly intro calls: schedules, sessions and registrations."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rfs.models import Region

from ..enums import CallStatus, RegistrationStatus, Weekday
from .people import Candidate


class IntroCallSchedule(models.Model):
    """A region's weekly intro call (or a national one): a beat task keeps sessions
    created several weeks ahead from it, at the local time in its own time zone."""

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="intro_call_schedules",
        verbose_name=_("region"),
        help_text=_("Empty for a national call that everyone may join."),
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("host")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    local_time = models.TimeField(_("local time"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/New_York")
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    capacity = models.PositiveIntegerField(_("capacity"), default=100)
    meeting_url = models.URLField(_("video meeting link"), max_length=500)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("intro call schedule")
        verbose_name_plural = _("intro call schedules")

    def __str__(self) -> str:
        return f"{self.region or _('National')}: {self.get_weekday_display()} {self.local_time:%H:%M} {self.time_zone}"


class IntroCall(models.Model):
    """One session of the intro call. ``starts_at`` is UTC; pages show the viewer's zone."""

    region = models.ForeignKey(
        Region,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="intro_calls",
        verbose_name=_("region"),
        help_text=_("Empty for a national call that everyone may join."),
    )
    schedule = models.ForeignKey(
        IntroCallSchedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls"
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hosted_intro_calls",
        verbose_name=_("host"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    meeting_url = models.URLField(_("video meeting link"), max_length=500)
    capacity = models.PositiveIntegerField(_("capacity"), default=100)
    status = models.CharField(
        _("status"), max_length=10, choices=CallStatus.choices, default=CallStatus.SCHEDULED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("intro call")
        verbose_name_plural = _("intro calls")
        ordering = ["starts_at"]
        constraints = [
            # The schedule generator may run twice: one session per schedule and start.
            models.UniqueConstraint(
                fields=["schedule", "starts_at"], name="introcall_unique_per_schedule"
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="introcall_status_start_idx")]

    def __str__(self) -> str:
        return f"{self.region or _('National')} · {self.starts_at:%Y-%m-%d %H:%M} UTC"


def new_join_token() -> str:
    return secrets.token_urlsafe(24)


class IntroCallRegistration(models.Model):
    """A candidate's place on a call (or its waitlist). One per candidate and call;
    cancelling keeps the row with status cancelled, so history and emails stay tied to it."""

    call = models.ForeignKey(IntroCall, on_delete=models.CASCADE, related_name="registrations")
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="intro_call_registrations"
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    # Personal links: the join link records attendance; the manage link opens the
    # confirm-or-cancel page from the 24-hour reminder.
    join_token = models.CharField(max_length=64, unique=True, default=new_join_token)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("intro call registration")
        verbose_name_plural = _("intro call registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "candidate"], name="registration_unique_per_call"
            ),
        ]
        indexes = [
            models.Index(
                fields=["call", "status", "created_at"], name="registration_call_status_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} · {self.call}"
