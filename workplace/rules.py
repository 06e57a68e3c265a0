"""Who may use the workplace: the inbox for everyone who reviews or directs; the record,
its notes, owner and tags for the candidate's regional directors and national staff."""

import rules

from rfs.rules import is_committee_member, is_national_staff, is_regional_director


@rules.predicate
def directs_candidate(user, candidate) -> bool:
    """A director of the candidate's region (one query)."""
    if candidate is None or candidate.region_id is None:
        return False
    return user.directed_regions.filter(pk=candidate.region_id).exists()


may_open_records = is_national_staff | is_regional_director

rules.add_perm(
    "workplace.use_inbox", is_national_staff | is_regional_director | is_committee_member
)
rules.add_perm("workplace.open_records", may_open_records)
# One candidate's record, notes, owner and tags.
rules.add_perm(
    "workplace.open_record", is_national_staff | (is_regional_director & directs_candidate)
)
# Saved segments, emails to them, and the daily digest.
rules.add_perm("workplace.use_segments", may_open_records)
