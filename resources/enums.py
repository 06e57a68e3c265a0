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


class Format(models.TextChoices):
    GUIDE = "guide", _("Guide")
    TEMPLATE = "template", _("Template")
    VIDEO = "video", _("Video")
    TOOLKIT = "toolkit", _("Toolkit")
    COURSE = "course", _("Course")
    EVENT = "event", _("Event")


class TrainingKind(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class PerkCategory(models.TextChoices):
    VOTER_FILE = "voter_file", _("Voter file")
    DIALER = "dialer", _("Dialer and texting")
    WEBSITE = "website", _("Website")
    DESIGN = "design", _("Design")
    LEGAL = "legal", _("Legal and compliance")
    FUNDRAISING = "fundraising", _("Fundraising tools")
    OTHER = "other", _("Other")


class ChannelKind(models.TextChoices):
    STATE = "state", _("By state")
    SPECIALTY = "specialty", _("By specialty")
    IDENTITY = "identity", _("By identity")


class PartnerFocus(models.TextChoices):
    """What a partner organisation is for: referrals match these to a candidate."""

    WOMEN = "women", _("Women")
    BLACK_WOMEN = "black_women", _("Black women")
    LGBTQ = "lgbtq", _("LGBTQ+ people")
    VETERANS = "veterans", _("Veterans")
    IMMIGRANTS = "immigrants", _("Immigrants and children of immigrants")
    LATINO = "latino", _("Latino and Latina people")
    AAPI = "aapi", _("Asian American and Pacific Islander people")
    NATIVE = "native", _("Native people")
    YOUNG = "young", _("Young people")
    TRAINING = "training", _("Training for any candidate")
    STATEWIDE = "statewide", _("Statewide and federal races")
    STATE_LOCAL = "state_local", _("A state's own candidates")


class PartnerScope(models.TextChoices):
    NATIONAL = "national", _("National")
    STATE = "state", _("State")
    LOCAL = "local", _("Local")
