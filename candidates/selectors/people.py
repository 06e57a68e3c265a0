"""Reads of candidates, always scoped to what the reader may see."""

from dataclasses import dataclass

from django.db.models import QuerySet

from rfs.enums import Role
from rfs.models import User
from rfs.selectors import sees_all_regions

from ..enums import ScreeningCallStatus
from ..models import Candidate
from .calls import active_registrations_for


def candidates_visible_to(user: User) -> QuerySet[Candidate]:
    """Staff see every candidate, a director their regions' candidates, others only their own."""
    if not user.is_authenticated or not user.is_active:
        return Candidate.objects.none()
    if sees_all_regions(user):
        return Candidate.objects.all()
    if user.has_role(Role.REGIONAL_DIRECTOR):
        return Candidate.objects.filter(region__directors=user)
    return Candidate.objects.filter(user=user)


def candidate_for_user(user: User) -> Candidate:
    """The signed-in person's own candidate record (404 if they have none)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Candidate.objects.select_related("region", "user"), user=user)


def candidate_key_for_user(user: User) -> Candidate:
    """The signed-in person's own candidate record with only its id and region (404 if
    they have none), for pages that only look things up by them: the intro-call list
    read some fifty columns and two joined rows for these two."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Candidate.objects.only("pk", "user_id", "region_id"), user=user)


@dataclass(frozen=True)
class Journey:
    candidate: Candidate
    history: list
    races: list
    interests: list
    emails: list
    calls: list
    resources: list
    screening_call: object  # their open 1:1 call (ScreeningCall), or None
    # Marked present at an intro call not yet marked held (only asked while signed up).
    attended_intro: bool = False


@dataclass(frozen=True)
class JourneyCalls:
    """What the next step needs to know about calls, for a page other than My journey."""

    calls: list
    screening_call: object
    attended_intro: bool


def _open_screening_call(candidate: Candidate):
    return (
        candidate.screening_calls.filter(
            status__in=[ScreeningCallStatus.BOOKED, ScreeningCallStatus.ASSIGNED]
        )
        .select_related("screener__user")
        # What the next step and the page show: when, its status, the volunteer's name
        # (``get_short_name``: name, else email) and meeting link.
        .only(
            "starts_at",
            "status",
            "screener__meeting_url",
            "screener__user__name",
            "screener__user__email",
        )
        .first()
    )


def _attended_unheld_intro(candidate: Candidate) -> bool:
    # Past signup the stage already says so; only a signed-up candidate whose host took
    # attendance (or who joined through their link) before marking the call held needs
    # the extra query.
    from ..enums import Stage

    return (
        candidate.stage == Stage.SIGNED_UP
        and candidate.intro_call_registrations.filter(attended=True).exists()
    )


def journey_calls_for(candidate: Candidate) -> JourneyCalls:
    return JourneyCalls(
        calls=active_registrations_for(candidate),
        screening_call=_open_screening_call(candidate),
        attended_intro=_attended_unheld_intro(candidate),
    )


def journey_for(candidate: Candidate) -> Journey:
    """Everything My journey shows, in a fixed number of queries whatever the history."""
    from django.db.models import Prefetch, prefetch_related_objects

    from rfs.enums import EmailStatus
    from rfs.models import OutboundEmail

    from ..models import OfficeInterest

    # Their offices of interest and races are kept on the candidate
    # (``candidate.office_interests.all()``, ``candidate.races.all()``), so the sections of
    # other apps on the same page (channel suggestions, endorsement rules) read them without
    # asking again.
    prefetch_related_objects(
        [candidate],
        Prefetch("office_interests", queryset=OfficeInterest.objects.order_by("pk")),
        "races",
    )
    return Journey(
        candidate=candidate,
        # Who made each change is not shown here, so it is not joined.
        history=list(candidate.stage_changes.order_by("-at", "-pk")[:20]),
        # Every race, newest first, kept on the candidate like the offices: the endorsement
        # rules on the same page read them there (a candidate has a handful at most).
        races=list(candidate.races.all())[:5],
        interests=list(candidate.office_interests.all()),
        emails=list(
            OutboundEmail.objects.filter(recipient=candidate.user, status=EmailStatus.SENT)
            .only("subject", "sent_at", "purpose")
            .order_by("-sent_at")[:10]
        ),
        # The intro call sessions they hold a place on (or wait for): one query.
        calls=active_registrations_for(candidate),
        # The resources sent after their 1:1 call, each with its resource: one query, of
        # what the page shows (a title, where it opens, when it was sent; not its body).
        resources=list(
            candidate.sent_resources.select_related("resource")
            .only(
                "sent_at",
                "resource__title",
                "resource__slug",
                "resource__file",
                "resource__url",
            )
            .order_by("-sent_at", "-pk")
        ),
        # Their open 1:1 call with its screener's name: one query. Never the log's notes.
        screening_call=_open_screening_call(candidate),
        # One query, only while they are signed up: whether they were at an intro call.
        attended_intro=_attended_unheld_intro(candidate),
    )


def race_initial_from_interest(interest) -> dict:
    """A race form's starting values from an office the candidate picked in the finder.

    An imported office brings its place, district and next election; a typical one its
    name, level and state.
    """
    from django.utils import timezone

    from ..models import Election

    initial = {"office_name": interest.label, "level": interest.level, "state": interest.state}
    office = interest.office
    if office is not None:
        initial.update(
            office_name=office.name,
            level=office.level,
            district=office.district,
            jurisdiction_name=office.jurisdiction.name,
            state=office.jurisdiction.state,
        )
        election = (
            Election.objects.filter(office=office, date__gte=timezone.localdate())
            .order_by("date")
            .first()
        )
        if election is not None:
            initial.update(election_date=election.date, filing_deadline=election.filing_deadline)
    return initial
