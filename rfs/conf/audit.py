"""Which fields django-auditlog records, and which of them it masks (rfs/settings.py,
"Audit trail")."""

AUDITED_FIELDS = (
    {
        "model": "candidates.Candidate",
        "include_fields": [
            "stage",
            "activity",
            "region",
            "state",
            "consent_email",
            "consent_sms",
            "phone",
            "date_of_birth",
            "zip_code",
            "city",
            "county",
        ],
        "mask_fields": ["phone", "date_of_birth", "zip_code", "city", "county"],
    },
    # Roles are groups; is_staff follows them (rfs.services.user_set_roles).
    {
        "model": "rfs.User",
        "include_fields": ["is_active", "is_staff", "is_superuser"],
        "m2m_fields": ["groups"],
    },
    {
        "model": "endorsements.Application",
        "include_fields": ["status", "decided_at", "decided_by", "decision_reason"],
        "mask_fields": ["decision_reason"],
    },
)
