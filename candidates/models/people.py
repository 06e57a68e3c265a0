"""Candidates, where they are in the pipeline, and the history of how they got there."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rfs.enums import State
from rfs.models import Region

from ..enums import (
    Activity,
    ChangeKind,
    FilingStatus,
    Gender,
    Generation,
    HeardFrom,
    OfficeLevel,
    RaceResult,
    RunBefore,
    Stage,
    WhenMightRun,
    YesNo,
)
from .offices import Office


class Candidate(models.Model):
    """A prospective candidate: a person with the candidate role, in their state's region.

    ``stage`` changes only through ``candidates.services.candidate_move``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="candidate",
        verbose_name=_("person"),
    )
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    zip_code = models.CharField(_("ZIP code"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    county = models.CharField(_("county"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, choices=State.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
        verbose_name=_("region"),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    when_might_run = models.CharField(
        _("when they might run"), max_length=12, choices=WhenMightRun.choices, blank=True
    )
    run_before = models.CharField(
        _("run before"), max_length=8, choices=RunBefore.choices, blank=True
    )
    run_before_detail = models.CharField(
        _("earlier runs or office held"), max_length=300, blank=True
    )
    heard_from = models.CharField(
        _("heard of us from"), max_length=15, choices=HeardFrom.choices, blank=True
    )
    heard_from_detail = models.CharField(_("heard of us: details"), max_length=200, blank=True)
    consent_email = models.BooleanField(_("agrees to email"), default=False)
    consent_sms = models.BooleanField(_("agrees to texts"), default=False)
    # After the intro call: the candidate asked for a 1:1 screening call.
    screening_opt_in_at = models.DateTimeField(_("asked for a 1:1 call"), null=True, blank=True)
    # A director or national staff sent them on to a 1:1 without an attended intro call.
    screening_sent_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent on to a 1:1 by"),
    )

    stage = models.CharField(
        _("stage"), max_length=15, choices=Stage.choices, default=Stage.SIGNED_UP
    )
    stage_changed_at = models.DateTimeField(_("stage changed"), auto_now_add=True)
    activity = models.CharField(
        _("activity"), max_length=10, choices=Activity.choices, default=Activity.ACTIVE
    )

    # The campaign that brought them, for recruitment reports.
    utm_source = models.CharField(max_length=100, blank=True)
    utm_medium = models.CharField(max_length=100, blank=True)
    utm_campaign = models.CharField(max_length=100, blank=True)
    utm_term = models.CharField(max_length=100, blank=True)
    utm_content = models.CharField(max_length=100, blank=True)
    referrer = models.CharField(_("referrer"), max_length=500, blank=True)

    created_at = models.DateTimeField(_("signed up"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The person's name and email, copied here for the directors' search: with them on
    # the candidate's row, one trigram index (migration 0007, PostgreSQL) finds the
    # matches of a name and the region's filter reads only those, instead of every
    # person of that name in the country. Written by ``candidate_create`` and
    # ``candidate_search_refresh`` (a change of name in the admin, of email in allauth).
    search_text = models.TextField(editable=False, blank=True, default="")

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["region", "stage"], name="candidate_region_stage_idx"),
            models.Index(
                fields=["region", "-stage_changed_at"], name="candidate_region_changed_idx"
            ),
            models.Index(fields=["utm_source"], name="candidate_source_idx"),
            # The dashboard: the stuck list (oldest change first) for national staff and
            # for a state, and the screening backlog (asked for a 1:1 after the intro call).
            models.Index(fields=["stage_changed_at"], name="candidate_changed_idx"),
            models.Index(fields=["state", "stage_changed_at"], name="candidate_state_changed_idx"),
            models.Index(
                fields=["region"],
                condition=models.Q(stage="intro_attended", screening_opt_in_at__isnull=False),
                name="candidate_screening_wait_idx",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Demographics(models.Model):
    """Self-identified and optional. Kept apart from the profile: seen by the candidate
    and, for anyone else, only in aggregate reports (PRODUCT.md, "Privacy")."""

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="demographics"
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    gender_self_description = models.CharField(
        _("gender, in their words"), max_length=100, blank=True
    )
    race_ethnicity = models.JSONField(_("race and ethnicity"), default=list, blank=True)
    lgbtq = models.CharField(_("LGBTQ+"), max_length=10, choices=YesNo.choices, blank=True)
    veteran = models.CharField(_("veteran"), max_length=10, choices=YesNo.choices, blank=True)
    generation = models.CharField(
        _("first/second-generation American"), max_length=10, choices=Generation.choices, blank=True
    )

    class Meta:
        verbose_name = _("demographics")
        verbose_name_plural = _("demographics")

    def __str__(self) -> str:
        return f"Demographics #{self.pk}"


class OfficeInterest(models.Model):
    """An office a candidate is curious about, from the finder or typed at signup."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, related_name="office_interests"
    )
    office = models.ForeignKey(
        Office, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    label = models.CharField(_("office"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=OfficeLevel.choices)
    state = models.CharField(_("state"), max_length=2, choices=State.choices, blank=True)

    class Meta:
        verbose_name = _("office of interest")
        verbose_name_plural = _("offices of interest")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "label", "level"], name="interest_unique")
        ]

    def __str__(self) -> str:
        return self.label


class StageChange(models.Model):
    """One step of a candidate's history: a move, a milestone already passed, or an
    activity change. Funnel reports read these rows, so audit and analytics agree.

    After erasure the row stays with ``candidate`` empty: anonymous history.
    """

    candidate = models.ForeignKey(
        Candidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="stage_changes"
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ChangeKind.choices, default=ChangeKind.MOVE
    )
    from_stage = models.CharField(_("from"), max_length=15, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=15, choices=Stage.choices)
    activity = models.CharField(_("activity"), max_length=10, choices=Activity.choices, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    note = models.TextField(_("note"), blank=True)
    # Kept on anonymised rows so the funnel can still be cut by region and month.
    region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["to_stage", "at"], name="stagechange_to_at_idx")]

    def __str__(self) -> str:
        return f"{self.from_stage} → {self.to_stage}"


class Race(models.Model):
    """A race the candidate has declared. The current race is the latest without a result."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="races")
    office = models.ForeignKey(
        Office, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    office_name = models.CharField(_("office"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=OfficeLevel.choices)
    jurisdiction_name = models.CharField(_("jurisdiction"), max_length=200)
    district = models.CharField(_("district"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, choices=State.choices)
    election_date = models.DateField(_("election day"))
    filing_deadline = models.DateField(_("filing deadline"), null=True, blank=True)
    filing_status = models.CharField(
        _("filing status"), max_length=25, choices=FilingStatus.choices
    )
    result = models.CharField(_("result"), max_length=10, choices=RaceResult.choices, blank=True)
    result_recorded_at = models.DateTimeField(_("result recorded"), null=True, blank=True)
    result_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("result recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("race")
        verbose_name_plural = _("races")
        # Newest first: ``candidate.races.all()`` is the order every reader wants, and the
        # list My journey reads (``journey_for``) serves the endorsement rules on the same page.
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.office_name}, {self.jurisdiction_name} ({self.election_date:%Y})"
