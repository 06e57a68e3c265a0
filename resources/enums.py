"""Vocabulary of the resources app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    BALLOT_ACCESS = "ballot_access", _("Ballot access and filing")
    BUDGET = "budget", _("Budget")
    VOLUNTEERS = "volunteers", _("Volunteers")
    FIELD_PLAN = "field_plan", _("Field plan")
    COMMUNICATIONS = "communications", _("Communications")
    VOTER_CONTACT = "voter_contact", _("Voter contact")
    DEBATE_PREP = "debate_prep", _("Debate prep")
    FUNDRAISING = "fundraising", _("Fundraising")
    DIGITAL = "digital", _("Digital")
    SAFETY = "safety", _("Safety")
    TRANSITION = "transition", _("Post-election transition")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    CANDIDATES = "candidates", _("Signed-in candidates")
    ENDORSED = "endorsed", _("Endorsed candidates")
