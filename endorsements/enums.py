"""Vocabulary of the endorsements app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Endorsed")
    DECLINED = "declined", _("Not endorsed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The steps of the application form, in order.
class ApplicationStep(models.TextChoices):
    RACE = "race", _("Your race")
    FILING = "filing", _("Filing evidence")
    PLAN = "plan", _("Campaign plan")
    QUESTIONNAIRE = "questionnaire", _("Questionnaire")
    LINKS = "links", _("Links and listing")
    REVIEW = "review", _("Check and submit")


class Recommendation(models.TextChoices):
    ENDORSE = "endorse", _("Endorse")
    DECLINE = "decline", _("Do not endorse")
    UNSURE = "unsure", _("Unsure: the committee should discuss")


class ResearchKind(models.TextChoices):
    BALLOT_STATUS = "ballot_status", _("Ballot status verified")
    PUBLIC_RECORDS = "public_records", _("Criminal and public records")
    CAMPAIGN_FINANCE = "campaign_finance", _("Campaign finance filings")
    SOCIAL_MEDIA = "social_media", _("Social media review")


class VoteChoice(models.TextChoices):
    APPROVE = "approve", _("Approve")
    DECLINE = "decline", _("Decline")
    ABSTAIN = "abstain", _("Abstain")
    RECUSED = "recused", _("Recused: conflict of interest")


class ApplicationEventKind(models.TextChoices):
    STARTED = "started", _("Started")
    SUBMITTED = "submitted", _("Submitted")
    RECOMMENDED = "recommended", _("Director recommended")
    RESEARCH = "research", _("Research item checked")
    EXPLANATION_REQUESTED = "explanation_requested", _("Candidate asked to explain a finding")
    EXPLAINED = "explained", _("Candidate explained")
    VOTED = "voted", _("Committee vote")
    RECUSED = "recused", _("Committee member recused")
    DECIDED = "decided", _("Decision")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REMINDED = "reminded", _("Reviewers reminded")
