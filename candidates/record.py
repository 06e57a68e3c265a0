"""What candidates contributes to the candidate's record in the workplace
(``rfs.registry.record_sections``): profile, stage and history, race; intro calls, 1:1
calls and screening logs; the emails sent to them. The record is open only to the
candidate's directors and national staff; each section also asks its own permission.
A fixed number of queries each.
"""

from django.utils.translation import gettext as _

from rfs.models import OutboundEmail, User
from rfs.registry import RecordSection

from .models import Candidate, IntroCallRegistration, Race, ScreeningCall, StageChange

EMAILS_SHOWN = 25


def profile_section(candidate: Candidate, viewer: User) -> RecordSection:
    """Profile, stage and its history, races: two queries (the candidate came with its
    person and region)."""
    history = list(
        StageChange.objects.filter(candidate=candidate).select_related("by").order_by("-at", "-pk")
    )
    races = list(Race.objects.filter(candidate=candidate))
    return RecordSection(
        key="profile",
        title=_("Profile and stage"),
        template="candidates/record/_profile.html",
        context={"candidate": candidate, "history": history, "races": races},
    )


def calls_section(candidate: Candidate, viewer: User) -> RecordSection:
    """Intro calls and 1:1 calls; screening logs for those who may read them (the
    candidate's directors and national staff). Two queries."""
    registrations = list(
        IntroCallRegistration.objects.filter(candidate=candidate)
        .select_related("call__host")
        .order_by("-call__starts_at", "-pk")
    )
    see_logs = viewer.has_perm("candidates.view_screeninglog")
    screening = ScreeningCall.objects.filter(candidate=candidate).select_related("screener__user")
    if see_logs:
        screening = screening.select_related("log")
    return RecordSection(
        key="calls",
        title=_("Intro calls and 1:1 calls"),
        template="candidates/record/_calls.html",
        context={
            "registrations": registrations,
            "screening_calls": list(screening.order_by("-created_at", "-pk")),
            "see_logs": see_logs,
        },
    )


def emails_section(candidate: Candidate, viewer: User) -> RecordSection:
    """The latest emails sent to the candidate, subject and status only (the bodies stay
    in the outbox, for national staff). One query."""
    emails = list(
        OutboundEmail.objects.filter(recipient_id=candidate.user_id)
        .only("subject", "purpose", "status", "created_at", "sent_at")
        .order_by("-created_at", "-pk")[:EMAILS_SHOWN]
    )
    return RecordSection(
        key="emails",
        title=_("Emails sent"),
        template="candidates/record/_emails.html",
        context={"emails": emails, "emails_shown": EMAILS_SHOWN},
    )
