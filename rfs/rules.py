"""Who may do what, as django-rules predicates; views and the admin check the same ones."""

import rules

from .enums import Role


def _has_role(role: Role):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.has_role(role))

    return predicate


is_superuser = rules.is_superuser
is_candidate = _has_role(Role.CANDIDATE)
is_screener = _has_role(Role.SCREENER)
is_mentor = _has_role(Role.MENTOR)
is_committee_member = _has_role(Role.COMMITTEE_MEMBER)
is_regional_director = _has_role(Role.REGIONAL_DIRECTOR)


@rules.predicate(name="is_national_staff")
def is_national_staff(user) -> bool:
    """Sees everything: every region, candidate and person. National staff and
    superusers, while active. The one definition: ``rfs.selectors.sees_all_regions``
    and the permissions below ask this."""
    return bool(
        user and user.is_active and (user.is_superuser or user.has_role(Role.NATIONAL_STAFF))
    )


# The admin shows an app's section to whoever holds its module permission.
rules.add_perm("rfs", is_national_staff | is_regional_director)

# People and roles: national staff only.
rules.add_perm("rfs.view_user", is_national_staff)
rules.add_perm("rfs.add_user", is_national_staff)
rules.add_perm("rfs.change_user", is_national_staff)
# Regions: directors see their own; staff define them.
rules.add_perm("rfs.view_region", is_national_staff | is_regional_director)
rules.add_perm("rfs.add_region", is_national_staff)
rules.add_perm("rfs.change_region", is_national_staff)
rules.add_perm("rfs.delete_region", is_national_staff)
# The outbox holds message bodies (personal data): national staff only, read-only.
rules.add_perm("rfs.view_outboundemail", is_national_staff)
# Addresses that bounced or complained: national staff (directors see and clear their
# own candidates' on the candidate's page).
rules.add_perm("rfs.view_emailsuppression", is_national_staff)

# The audit trail (who saw or changed whose data): national staff read it; nobody edits
# it. django-auditlog's field-change log likewise.
rules.add_perm("rfs.view_auditevent", is_national_staff)
rules.add_perm("auditlog", is_national_staff)
rules.add_perm("auditlog.view_logentry", is_national_staff)
