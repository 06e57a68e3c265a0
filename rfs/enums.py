"""Vocabulary shared by every app: roles and US states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A role is a Django group of the same name; one person may hold several."""

    CANDIDATE = "candidate", _("Candidate")
    SCREENER = "screener", _("Screener")
    MENTOR = "mentor", _("Mentor")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    REGIONAL_DIRECTOR = "regional_director", _("Regional director")
    NATIONAL_STAFF = "national_staff", _("National staff")


# Roles that work in the admin (Django's is_staff follows them).
ADMIN_ROLES = frozenset({Role.REGIONAL_DIRECTOR, Role.NATIONAL_STAFF})

# Roles that see other people's personal data: two-factor authentication is required.
PRIVILEGED_ROLES = frozenset({Role.NATIONAL_STAFF, Role.REGIONAL_DIRECTOR, Role.COMMITTEE_MEMBER})


class State(models.TextChoices):
    """The 50 states and DC: every candidate's state belongs to exactly one region."""

    AL = "AL", "Alabama"
    AK = "AK", "Alaska"
    AZ = "AZ", "Arizona"
    AR = "AR", "Arkansas"
    CA = "CA", "California"
    CO = "CO", "Colorado"
    CT = "CT", "Connecticut"
    DE = "DE", "Delaware"
    DC = "DC", "District of Columbia"
    FL = "FL", "Florida"
    GA = "GA", "Georgia"
    HI = "HI", "Hawaii"
    ID = "ID", "Idaho"
    IL = "IL", "Illinois"
    IN = "IN", "Indiana"
    IA = "IA", "Iowa"
    KS = "KS", "Kansas"
    KY = "KY", "Kentucky"
    LA = "LA", "Louisiana"
    ME = "ME", "Maine"
    MD = "MD", "Maryland"
    MA = "MA", "Massachusetts"
    MI = "MI", "Michigan"
    MN = "MN", "Minnesota"
    MS = "MS", "Mississippi"
    MO = "MO", "Missouri"
    MT = "MT", "Montana"
    NE = "NE", "Nebraska"
    NV = "NV", "Nevada"
    NH = "NH", "New Hampshire"
    NJ = "NJ", "New Jersey"
    NM = "NM", "New Mexico"
    NY = "NY", "New York"
    NC = "NC", "North Carolina"
    ND = "ND", "North Dakota"
    OH = "OH", "Ohio"
    OK = "OK", "Oklahoma"
    OR = "OR", "Oregon"
    PA = "PA", "Pennsylvania"
    RI = "RI", "Rhode Island"
    SC = "SC", "South Carolina"
    SD = "SD", "South Dakota"
    TN = "TN", "Tennessee"
    TX = "TX", "Texas"
    UT = "UT", "Utah"
    VT = "VT", "Vermont"
    VA = "VA", "Virginia"
    WA = "WA", "Washington"
    WV = "WV", "West Virginia"
    WI = "WI", "Wisconsin"
    WY = "WY", "Wyoming"


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SUPPRESSED = "suppressed", _("Not sent: unsubscribed")
    # The message bounced for good or its recipient reported it as spam, or it was never
    # sent because its address had (``rfs.models.EmailSuppression``; ``last_error`` says
    # which): only sign-in and verification codes still go to such an address.
    BOUNCED = "bounced", _("Undeliverable: bounced or reported as spam")


class AuditAction(models.TextChoices):
    """What a row of the audit trail (``rfs.models.AuditEvent``) records."""

    VIEW_CANDIDATE = "view_candidate", _("Opened a candidate's record")
    VIEW_APPLICATION = "view_application", _("Opened an endorsement application")
    VIEW_SCREENING = "view_screening", _("Opened 1:1 screening notes")
    DOWNLOAD_EVIDENCE = "download_evidence", _("Downloaded filing evidence")
    STAGE_MOVE = "stage_move", _("Moved a candidate's stage")
    ENDORSEMENT_DECISION = "endorsement_decision", _("Decided an endorsement")
    ROLE_CHANGE = "role_change", _("Changed a person's roles")
    DATA_EXPORT = "data_export", _("Downloaded a copy of their data")
    ERASURE = "erasure", _("Erased an account")
    EMAIL_UNBLOCK = "email_unblock", _("Cleared an email address's delivery block")
    SEGMENT_EMAIL = "segment_email", _("Emailed a candidate through a segment")
