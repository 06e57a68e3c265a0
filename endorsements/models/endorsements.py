"""An endorsement: what an approved application becomes, and what the public page lists."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .applications import Application


class Endorsement(models.Model):
    """Listed publicly while ``listed`` and the candidate is active; a withdrawal, an
    unlisting request or an erasure removes it from the public pages at once."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="endorsement"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="endorsements"
    )
    race = models.ForeignKey(
        "candidates.Race", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    listed = models.BooleanField(_("listed on the public page"), default=True)
    # Copied from the race and application at approval, so the public page reads one table.
    display_name = models.CharField(_("name"), max_length=150)
    office_name = models.CharField(_("office"), max_length=200)
    office_level = models.CharField(_("office level"), max_length=20)
    district = models.CharField(_("district"), max_length=100, blank=True)
    jurisdiction_name = models.CharField(_("jurisdiction"), max_length=200)
    state = models.CharField(_("state"), max_length=2)
    election_date = models.DateField(_("election day"))
    website = models.URLField(_("campaign website"), max_length=500, blank=True)
    donation_url = models.URLField(_("donation link"), max_length=500, blank=True)
    photo = models.ImageField(_("photo"), upload_to="endorsements/photos/", blank=True)
    bio = models.CharField(_("one line about them"), max_length=300, blank=True)
    endorsed_at = models.DateTimeField(_("endorsed"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        ordering = ["election_date", "state", "display_name"]
        indexes = [
            models.Index(
                fields=["listed", "state", "election_date"], name="endorsement_public_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} for {self.office_name}"
