"""A candidate's own data: the copy they download and the erasure they ask for.

PRODUCT.md, "Privacy": the export holds what the person gave us and what we sent them;
internal evaluations are described but not included. Erasure deletes personal data and
email bodies and keeps the stage history only as anonymous rows.
"""

import logging
from datetime import date, datetime
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from rfs import registry
from rfs.audit import audit_forget_person, audit_paused, audit_record
from rfs.enums import AuditAction
from rfs.models import OutboundEmail, User

from .enums import (
    Activity,
    ChangeKind,
    FilingStatus,
    Gender,
    Generation,
    HeardFrom,
    OfficeLevel,
    RaceEthnicity,
    RaceResult,
    RunBefore,
    Stage,
    WhenMightRun,
    YesNo,
)
from .models import Candidate, Demographics, OfficeInterest, Race, StageChange

logger = logging.getLogger(__name__)

EXPORT_FORMAT_VERSION = 1

# Described in the export, never included: what others wrote or decided about the person.
NOT_INCLUDED = [
    "Notes, ratings and the recommended next step from your one-on-one screening call, "
    "written by the volunteer who spoke with you.",
    "Endorsement reviews, recommendations and committee votes.",
    "Which member of our team made each change to your stage.",
]


# --- Export ---------------------------------------------------------------------------------


def _to_person(user: User) -> Q:
    """Outbox rows addressed to the person, by account or by address (an email queued
    before they had an account, or to the address in another case)."""
    return Q(recipient=user) | Q(to_email__iexact=user.email)


def candidate_export(*, candidate: Candidate) -> dict[str, Any]:
    """Everything the person gave us and every email we sent them, ready for JSON.

    Reads only, in five queries whatever the length of the history: the candidate with
    their account, region and demographics; offices of interest; races; stage history;
    emails. Choices are given as the words the person saw.
    """
    candidate = Candidate.objects.select_related("user", "region", "demographics").get(
        pk=candidate.pk
    )
    user = candidate.user
    try:
        demographics: Demographics | None = candidate.demographics
    except Demographics.DoesNotExist:
        demographics = None

    return {
        "about": {
            "what_this_is": (
                "A copy of what you gave Run for Something and the emails we sent you, "
                "as of the time below."
            ),
            "generated_at": _iso(timezone.now()),
            "format_version": EXPORT_FORMAT_VERSION,
            "not_included": NOT_INCLUDED,
            "why_not_included": (
                "These are our team's own working notes and decisions about applications. "
                "If you'd like to know more about them, just reply to any of our emails."
            ),
        },
        "account": {
            "email": user.email,
            "name": user.name,
            "time_zone": user.time_zone,
            "joined": _iso(user.date_joined),
            "unsubscribed_from_newsletters": _iso(user.unsubscribed_at),
        },
        "profile": {
            "phone": candidate.phone,
            "zip_code": candidate.zip_code,
            "city": candidate.city,
            "county": candidate.county,
            "state": candidate.state,
            "region": candidate.region.name if candidate.region else None,
            "date_of_birth": _iso(candidate.date_of_birth),
            "when_you_might_run": _label(WhenMightRun, candidate.when_might_run),
            "run_before": _label(RunBefore, candidate.run_before),
            "run_before_detail": candidate.run_before_detail,
            "heard_of_us_from": _label(HeardFrom, candidate.heard_from),
            "heard_of_us_detail": candidate.heard_from_detail,
            "agrees_to_email": candidate.consent_email,
            "agrees_to_texts": candidate.consent_sms,
            "stage": _label(Stage, candidate.stage),
            "stage_changed": _iso(candidate.stage_changed_at),
            "activity": _label(Activity, candidate.activity),
            "signed_up": _iso(candidate.created_at),
            "campaign": {
                "utm_source": candidate.utm_source,
                "utm_medium": candidate.utm_medium,
                "utm_campaign": candidate.utm_campaign,
                "utm_term": candidate.utm_term,
                "utm_content": candidate.utm_content,
                "referrer": candidate.referrer,
            },
        },
        "demographics": _demographics(demographics),
        "offices_of_interest": [
            {
                "office": interest.label,
                "level": _label(OfficeLevel, interest.level),
                "state": interest.state,
            }
            for interest in candidate.office_interests.order_by("pk")
        ],
        "races": [
            {
                "office": race.office_name,
                "level": _label(OfficeLevel, race.level),
                "jurisdiction": race.jurisdiction_name,
                "district": race.district,
                "state": race.state,
                "election_day": _iso(race.election_date),
                "filing_deadline": _iso(race.filing_deadline),
                "filing_status": _label(FilingStatus, race.filing_status),
                "result": _label(RaceResult, race.result),
                "declared": _iso(race.created_at),
            }
            for race in candidate.races.order_by("created_at", "pk")
        ],
        # Who on staff made each change is left out (see "not_included").
        "stage_history": [
            {
                "kind": _label(ChangeKind, change["kind"]),
                "from": _label(Stage, change["from_stage"]),
                "to": _label(Stage, change["to_stage"]),
                "activity": _label(Activity, change["activity"]),
                "at": _iso(change["at"]),
                "note": change["note"],
            }
            for change in candidate.stage_changes.order_by("at", "pk").values(
                "kind", "from_stage", "to_stage", "activity", "at", "note"
            )
        ],
        "emails": [
            {
                "subject": email["subject"],
                # A sign-in code or one-click link, even one not sent yet, stays out of a
                # file that may be passed around.
                "text": str(OutboundEmail.REDACTED_BODY)
                if email["redact_after_send"]
                else email["body_text"],
                "to": email["to_email"],
                "written": _iso(email["created_at"]),
                "sent": _iso(email["sent_at"]),
            }
            for email in OutboundEmail.objects.filter(_to_person(user))
            .order_by("created_at", "pk")
            .values(
                "subject", "body_text", "redact_after_send", "to_email", "created_at", "sent_at"
            )
        ],
        # Questions, applications, courses, bookmarks...: each app says what it holds
        # (``registry.export_parts``).
        **_export_parts(candidate),
    }


def _export_parts(candidate: Candidate) -> dict[str, Any]:
    parts: dict[str, Any] = {}
    for part in registry.export_parts:
        parts.update(part(candidate))
    return parts


def _demographics(demographics: Demographics | None) -> dict[str, Any] | None:
    if demographics is None:
        return None
    return {
        "gender": _label(Gender, demographics.gender),
        "gender_in_your_words": demographics.gender_self_description,
        "race_and_ethnicity": [
            _label(RaceEthnicity, value) for value in demographics.race_ethnicity
        ],
        "lgbtq": _label(YesNo, demographics.lgbtq),
        "veteran": _label(YesNo, demographics.veteran),
        "first_or_second_generation_american": _label(Generation, demographics.generation),
    }


def _label(choices: type[models.TextChoices], value: str) -> str:
    """The words the person saw for a stored choice (the stored value if it is unknown)."""
    if value in choices.values:
        return str(choices(value).label)
    return value


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


# --- Erasure --------------------------------------------------------------------------------


@transaction.atomic
def candidate_erase(*, user: User, address: str | None = None) -> None:
    """Erase a person at their own request. Nothing here can be undone.

    Side effects, in order:
    1. Locks the person's row, so a stage move or a new email for them waits and then
       finds them gone.
    2. Blanks the notes of their stage changes (notes may name them) and detaches the
       rows. Kind, from, to, activity, time and region stay: anonymous funnel history.
    3. Deletes every outbox row to them (by account or by address) or about their
       account, candidate record or races: subjects and bodies are personal data.
    4. Deletes admin log entries about those records (the entry's label is their name).
    5. Deletes their sign-in addresses (allauth) and two-factor authenticators.
    6. Records the erasure in the audit trail, then anonymises the trail about them
       (``rfs.audit.audit_forget_person``: our rows and django-auditlog's lose who it
       was and their personal values; the rows stay).
    7. Deletes demographics, offices of interest, races, the candidate and the person.

    Sessions: Django cannot find a person's sessions without decoding every one, so the
    caller logs out the session it was asked from. Any other session of theirs points
    at a person who no longer exists: Django treats it as signed out on its next
    request, and ``clearsessions`` removes it once it expires.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    candidate = Candidate.objects.filter(user=user).first()
    race_ids = (
        list(Race.objects.filter(candidate=candidate).values_list("pk", flat=True))
        if candidate
        else []
    )

    records = _records_of(user, candidate, race_ids)
    if candidate is not None:
        StageChange.objects.filter(candidate=candidate).update(note="", candidate=None)

    # Erasure is rare; the case-insensitive address match may scan the outbox.
    deleted_emails, _by_model = OutboundEmail.objects.filter(_to_person(user) | records).delete()
    LogEntry.objects.filter(records).delete()

    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    audit_record(action=AuditAction.ERASURE, acting_user=user, person=user, address=address)
    audited: dict[type, list[int]] = {}
    if candidate is not None:
        audited = {Candidate: [candidate.pk], Race: race_ids}
        for records_of in registry.erasure_records:
            audited.update(records_of(candidate))
    audit_forget_person(user=user, records=audited)
    # The deletions write no change rows: a "deleted" row would carry the record's name.
    # The erasure row above says what happened.
    with audit_paused():
        if candidate is not None:
            # Each app's own rows and files first (``registry.erasers``).
            for eraser in registry.erasers:
                eraser(candidate=candidate)
            Demographics.objects.filter(candidate=candidate).delete()
            OfficeInterest.objects.filter(candidate=candidate).delete()
            Race.objects.filter(candidate=candidate).delete()
            candidate.delete()
        user_id = user.pk
        user.delete()
    logger.info(
        "Person %s erased at their request (%s outbox rows deleted)", user_id, deleted_emails
    )


def _records_of(user: User, candidate: Candidate | None, race_ids: list[int]) -> Q:
    """Rows that point at the person's records through a content type and an object id
    (outbox ``about`` and admin log entries both store the id as text)."""
    types = ContentType.objects.get_for_models(User, Candidate, Race)
    about = Q(content_type=types[User], object_id=str(user.pk))
    if candidate is not None:
        about |= Q(content_type=types[Candidate], object_id=str(candidate.pk))
    if race_ids:
        about |= Q(content_type=types[Race], object_id__in=[str(pk) for pk in race_ids])
    return about
