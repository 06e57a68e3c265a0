"""Which partner organisations fit a person: the focuses their own self-identified
answers point to. The partners page and community channels (``selectors.community``)
and the endorsements app's referrals (``endorsements.eligibility``) share it."""

from candidates.enums import Gender, Generation, RaceEthnicity, YesNo
from candidates.models import Demographics

from .enums import PartnerFocus


def identity_focuses(demographics: Demographics | None) -> set[str]:
    """The partner focuses (and identity channels) that fit a person's own self-identified
    answers. Used only to show the person their own referrals and channels."""
    if demographics is None:
        return set()
    focuses: set[str] = set()
    identities = set(demographics.race_ethnicity or [])
    woman = demographics.gender == Gender.WOMAN
    if woman:
        focuses.add(PartnerFocus.WOMEN)
    if woman and RaceEthnicity.BLACK in identities:
        focuses.add(PartnerFocus.BLACK_WOMEN)
    if demographics.lgbtq == YesNo.YES:
        focuses.add(PartnerFocus.LGBTQ)
    if demographics.veteran == YesNo.YES:
        focuses.add(PartnerFocus.VETERANS)
    if demographics.generation in (Generation.FIRST, Generation.SECOND):
        focuses.add(PartnerFocus.IMMIGRANTS)
    if RaceEthnicity.LATINO in identities:
        focuses.add(PartnerFocus.LATINO)
    if identities & {RaceEthnicity.ASIAN, RaceEthnicity.PACIFIC_ISLANDER}:
        focuses.add(PartnerFocus.AAPI)
    if RaceEthnicity.AMERICAN_INDIAN in identities:
        focuses.add(PartnerFocus.NATIVE)
    return focuses
