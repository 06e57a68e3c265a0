"""Where a candidate we cannot endorse may turn: partner organisations that fit them."""

from datetime import date

from django.utils import timezone

from candidates.models import Candidate, Demographics
from resources.enums import PartnerFocus, PartnerScope
from resources.models import PartnerOrganization
from resources.partners import identity_focuses

from .reasons import NOT_A_FIT_FOR_PARTNERS, YOUNG_UNDER, Reason, ReasonCode, age_on


def _focuses_of(
    candidate: Candidate, demographics: Demographics | None, reasons: list[Reason], today: date
) -> set[str]:
    """The partner focuses that fit this candidate, from what they told us about themselves.

    Their own self-identified demographics are used only here, to show them their own
    referrals; nothing is stored or shown to anyone else.
    """
    focuses = {PartnerFocus.TRAINING, PartnerFocus.STATE_LOCAL}
    if any(reason.code == ReasonCode.OFFICE_LEVEL for reason in reasons):
        focuses.add(PartnerFocus.STATEWIDE)
    if candidate.date_of_birth and age_on(today, candidate.date_of_birth) < YOUNG_UNDER:
        focuses.add(PartnerFocus.YOUNG)
    return focuses | identity_focuses(demographics)


# Groups for who the candidate is come first, then statewide races, their state's own
# groups, and training for everyone.
_GENERAL_FOCUSES = (PartnerFocus.STATEWIDE, PartnerFocus.STATE_LOCAL, PartnerFocus.TRAINING)


def _rank(partner: PartnerOrganization, focuses: set[str]) -> tuple:
    matched = set(partner.focus) & focuses
    specific = matched - set(_GENERAL_FOCUSES)
    general = [index for index, focus in enumerate(_GENERAL_FOCUSES) if focus in matched]
    return (0 if specific else 1, min(general, default=len(_GENERAL_FOCUSES)), partner.name.lower())


def partners_for(
    candidate: Candidate, reasons: list[Reason], *, today: date | None = None
) -> list[PartnerOrganization]:
    """The partner organisations to refer a candidate who can't apply to, best fit first.

    Listed organisations that work where the candidate lives (national, or listing their
    state) and whose focus fits them. Nobody is referred away for "not yet" reasons alone
    (already applied or endorsed). Two queries: their demographics and the directory.
    """
    if not reasons or all(reason.code in NOT_A_FIT_FOR_PARTNERS for reason in reasons):
        return []
    today = today or timezone.localdate()
    demographics = Demographics.objects.filter(candidate_id=candidate.pk).first()
    focuses = _focuses_of(candidate, demographics, reasons, today)
    fitting = [
        partner
        for partner in PartnerOrganization.objects.filter(active=True)
        if _works_where(partner, candidate.state) and _fits(partner, focuses)
    ]
    return sorted(fitting, key=lambda partner: _rank(partner, focuses))


def _works_where(partner: PartnerOrganization, state: str) -> bool:
    """National groups work everywhere; others (and any listing states) in the states they list."""
    if partner.scope == PartnerScope.NATIONAL and not partner.states:
        return True
    return state in (partner.states or [])


def _fits(partner: PartnerOrganization, focuses: set[str]) -> bool:
    """A group for particular people (women, veterans...) fits only them, unless it also
    trains any candidate; every group must offer something that fits."""
    offered = set(partner.focus or [])
    for_people = offered - set(_GENERAL_FOCUSES)
    open_to_all = not for_people or PartnerFocus.TRAINING in offered
    return bool(offered & focuses) and (open_to_all or bool(for_people & focuses))
