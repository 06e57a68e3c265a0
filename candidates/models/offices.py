"""Where can I run: jurisdictions, their offices and elections, imported by staff."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rfs.enums import State

from ..enums import ElectionKind, JurisdictionKind, OfficeLevel


class Jurisdiction(models.Model):
    """A place that elects people: a state, a county, a city, a school or judicial district.

    ``county`` and ``city`` say which ZIP codes it covers (the finder matches them to a
    ZIP's county and city): a county-wide district names its county and no city; a city,
    or a district inside one, names the city.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=JurisdictionKind.choices)
    state = models.CharField(_("state"), max_length=2, choices=State.choices)
    county = models.CharField(_("county"), max_length=100, blank=True)
    city = models.CharField(_("city or town"), max_length=100, blank=True)
    ocd_id = models.CharField(
        _("Open Civic Data id"), max_length=255, unique=True, null=True, blank=True
    )
    election_office_url = models.URLField(_("election office"), max_length=500, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["state", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "kind", "name"], name="jurisdiction_unique_name"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "county"], name="jurisdiction_county_idx"),
            models.Index(fields=["state", "city"], name="jurisdiction_city_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.state}"


class Office(models.Model):
    """An elected office of a jurisdiction (a seat or a set of equal seats)."""

    jurisdiction = models.ForeignKey(
        Jurisdiction,
        on_delete=models.CASCADE,
        related_name="offices",
        verbose_name=_("jurisdiction"),
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=OfficeLevel.choices, db_index=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    seats = models.PositiveIntegerField(_("seats"), default=1)
    term_years = models.PositiveSmallIntegerField(_("term in years"), null=True, blank=True)
    partisan = models.BooleanField(
        _("partisan"), null=True, blank=True, help_text=_("Empty when unknown.")
    )
    ocd_id = models.CharField(
        _("Open Civic Data id"), max_length=255, unique=True, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["jurisdiction", "name", "district"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "name", "district"], name="office_unique_in_jurisdiction"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.district}".strip()


class Election(models.Model):
    """One election for an office, with what it takes to get on the ballot."""

    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="elections", verbose_name=_("office")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=ElectionKind.choices, default=ElectionKind.GENERAL
    )
    date = models.DateField(_("election day"))
    filing_deadline = models.DateField(_("filing deadline"), null=True, blank=True)
    filing_fee = models.DecimalField(
        _("filing fee (USD)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    signatures_required = models.PositiveIntegerField(
        _("signatures required"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "kind", "date"], name="election_unique_per_office"
            ),
        ]
        indexes = [models.Index(fields=["date"], name="election_date_idx")]

    def __str__(self) -> str:
        return f"{self.office} · {self.date:%Y-%m-%d}"
