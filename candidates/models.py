"""Candidates. The signup issue adds the profile, stages and their history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rfs.enums import State
from rfs.models import Region


class Candidate(models.Model):
    """A prospective candidate: a person with the candidate role, in their state's region."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate",
        verbose_name=_("person"),
    )
    state = models.CharField(_("state"), max_length=2, choices=State.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="candidates",
        verbose_name=_("region"),
    )
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.user)
