"""Writes for candidates: signup, the one stage-moving function, activity, races."""

import logging
from datetime import date, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rfs.audit import audit_record
from rfs.bulk import role_list_of
from rfs.enums import AuditAction, Role
from rfs.models import OutboundEmail, User
from rfs.selectors import region_for_state
from rfs.services import email_queue_template, user_add_role

from ..bulk import search_text
from ..enums import (
    FILING_STARTED,
    STAGE_RANK,
    TRANSITIONS,
    Activity,
    ChangeKind,
    RaceResult,
    Stage,
)
from ..finder import ZipPlace
from ..models import Candidate, Demographics, OfficeInterest, Race, StageChange

logger = logging.getLogger(__name__)

__all__ = [
    "FILING_REMINDER_DAYS",
    "IllegalTransition",
    "candidate_create",
    "candidate_move",
    "candidate_prepare_person",
    "candidate_search_refresh",
    "candidate_search_text",
    "candidate_set_activity",
    "candidate_set_date_of_birth",
    "candidate_update_profile",
    "candidate_welcome",
    "race_declare",
    "race_record_result",
    "race_update_filing",
]

# Days before a filing deadline when we remind the candidate.
FILING_REMINDER_DAYS = (30, 7, 1)


class IllegalTransition(Exception):
    """The move is not in the transition table and nobody with the right gave a reason."""


# --- Signup ---------------------------------------------------------------------------


@transaction.atomic(savepoint=False)
def candidate_create(
    *,
    user: User,
    place: ZipPlace,
    profile: dict,
    demographics: dict | None = None,
    interests: list[dict] = (),
    campaign: dict | None = None,
) -> Candidate:
    """Make a newly signed-up person a candidate.

    Side effects, in order:
    1. Gives the person the candidate role.
    2. Creates the candidate in their state's region, at ``signed_up``, with the campaign
       that brought them, and records the first ``StageChange`` (signed_up → signed_up).
    3. Stores demographics apart, only when the person answered something.
    4. Stores the offices they are curious about.

    The welcome email waits for the address to be confirmed (``candidate_welcome``).
    Signup runs it in its own transaction, which it joins without a savepoint: a failure
    here fails the whole signup (person included), as it should.
    """
    user_add_role(user=user, role=Role.CANDIDATE)
    if place.timezone and user.time_zone != place.timezone:
        # Intro calls and reminders show in the candidate's own zone (at signup it is on
        # the new person's row already: ``candidate_prepare_person``).
        user.time_zone = place.timezone
        user.save(update_fields=["time_zone"])
    campaign = campaign or {}
    candidate = Candidate.objects.create(
        user=user,
        search_text=candidate_search_text(user),
        zip_code=place.zip_code,
        city=place.city,
        county=place.county,
        state=place.state,
        region=region_for_state(place.state),
        **profile,
        **{
            key: str(campaign.get(key, ""))[:100]
            for key in ("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
        },
        referrer=str(campaign.get("referrer", ""))[:500],
    )
    StageChange.objects.create(
        candidate=candidate,
        from_stage=Stage.SIGNED_UP,
        to_stage=Stage.SIGNED_UP,
        by=user,
        region=candidate.region,
        note=_("Signed up"),
    )
    if demographics and any(demographics.values()):
        Demographics.objects.create(candidate=candidate, **demographics)
    for interest in interests:
        OfficeInterest.objects.get_or_create(
            candidate=candidate,
            label=interest["label"][:200],
            level=interest["level"],
            defaults={"office_id": interest.get("office_id"), "state": interest.get("state", "")},
        )
    return candidate


def candidate_prepare_person(*, user: User, place: ZipPlace) -> None:
    """What ``candidate_create`` will write on a person's own row, set on a person about
    to be saved for the first time (signup's ``AccountAdapter.save_user``), so that the
    person is one INSERT: their time zone, and the candidate role in the copy of their
    roles (``role_list``; ``candidate_create`` adds the group in the same transaction and
    then finds nothing to change on the row)."""
    if place.timezone:
        user.time_zone = place.timezone
    user.role_list = role_list_of({*user.role_names, Role.CANDIDATE})
    user.__dict__.pop("role_names", None)


def candidate_welcome(*, user: User) -> None:
    """Welcome a candidate once their email address is confirmed, and only once.

    Not at signup: the welcome greets the reader by the name the signer typed, so sent
    to an unconfirmed address it would let anyone make us email strangers. Called when
    allauth confirms an address (``candidates.apps``); a person who is not a candidate,
    or whose address is not confirmed, gets nothing.

    Side effects: queues the ``welcome`` email about the candidate (sent after commit),
    unless one about them was queued before, to this address or an earlier one.
    """
    candidate = Candidate.objects.filter(user=user).first()
    if (
        candidate is None
        or not EmailAddress.objects.filter(
            user=user, email__iexact=user.email, verified=True
        ).exists()
    ):
        return
    welcomed = OutboundEmail.objects.filter(
        purpose="welcome",
        content_type=ContentType.objects.get_for_model(Candidate),
        object_id=str(candidate.pk),
    )
    if welcomed.exists():
        return
    # The outbox key (welcome, address, candidate) also stops a second, concurrent one.
    email_queue_template(
        template="welcome", to=user, about=candidate, context={"candidate": candidate}
    )


def candidate_search_text(user: User) -> str:
    """What the directors' search matches a candidate on: the person's name and email.

    Migration ``candidates.0006`` fills the same text in SQL (``name || ' ' || email``).
    """
    return search_text(user.name, user.email)


def candidate_search_refresh(*, user: User) -> None:
    """Copy a person's name and email, as saved, onto their candidate row, if they are a
    candidate. Called after a name changes (the people admin) or the primary email does
    (allauth's ``email_changed``, connected in ``CandidatesConfig.ready``)."""
    saved = User.objects.filter(pk=user.pk).only("name", "email").first()
    if saved is not None:
        Candidate.objects.filter(user_id=user.pk).update(search_text=candidate_search_text(saved))


# --- The pipeline's spine ---------------------------------------------------------------


@transaction.atomic
def candidate_move(
    *,
    candidate: Candidate,
    to_stage: str,
    by: User | None,
    note: str = "",
    override: bool = False,
    address: str | None = None,
) -> StageChange:
    """The one function that moves a candidate along the pipeline.

    Side effects, in order:
    1. Locks the candidate's row, so two moves at once are applied one after the other.
    2. A legal move (``TRANSITIONS``) changes the stage and ``stage_changed_at``.
       A step to a milestone already passed (rank at or below the current stage) leaves
       the stage as it is and is recorded as an event.
       Any other move needs ``override=True`` with a written ``note``, by someone with
       ``candidates.move_outside_steps`` (national staff; checked here, not by callers),
       or raises ``IllegalTransition``.
    3. Records a ``StageChange`` (from, to, by, at, note) and returns it.
    4. Writes a row of the audit trail about the change (``address``: the client's, or
       the current request's when not given).
    """
    to_stage = Stage(to_stage)
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    from_stage = Stage(locked.stage)
    kind = ChangeKind.MOVE
    if to_stage in TRANSITIONS[from_stage]:
        pass
    elif override:
        if by is None or not by.has_perm("candidates.move_outside_steps"):
            raise IllegalTransition(
                _("Only national staff may move a candidate outside the usual steps.")
            )
        if not note.strip():
            raise IllegalTransition(_("A move outside the usual steps needs a written reason."))
    elif STAGE_RANK[to_stage] <= STAGE_RANK[from_stage]:
        kind = ChangeKind.EVENT
    else:
        raise IllegalTransition(
            _("%(name)s can't move from %(from)s to %(to)s.")
            % {"name": locked, "from": from_stage.label, "to": to_stage.label}
        )

    if kind == ChangeKind.MOVE:
        locked.stage = to_stage
        locked.stage_changed_at = timezone.now()
        locked.save(update_fields=["stage", "stage_changed_at", "updated_at"])
        candidate.stage, candidate.stage_changed_at = locked.stage, locked.stage_changed_at
    change = StageChange.objects.create(
        candidate=locked,
        kind=kind,
        from_stage=from_stage,
        to_stage=to_stage,
        by=by,
        note=note,
        region_id=locked.region_id,
    )
    audit_record(
        action=AuditAction.STAGE_MOVE,
        acting_user=by,
        person=locked.user_id,
        about=change,
        address=address,
    )
    logger.info(
        "Candidate %s: %s %s -> %s by %s",
        locked.pk,
        kind,
        from_stage,
        to_stage,
        getattr(by, "pk", None),
    )
    return change


@transaction.atomic
def candidate_set_activity(
    *, candidate: Candidate, activity: str, by: User | None, note: str = ""
) -> None:
    """Pause, withdraw or come back. The stage never changes; the change is recorded."""
    activity = Activity(activity)
    locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if locked.activity == activity:
        return
    locked.activity = activity
    locked.save(update_fields=["activity", "updated_at"])
    candidate.activity = activity
    StageChange.objects.create(
        candidate=locked,
        kind=ChangeKind.ACTIVITY,
        from_stage=locked.stage,
        to_stage=locked.stage,
        activity=activity,
        by=by,
        note=note,
        region_id=locked.region_id,
    )


@transaction.atomic
def candidate_update_profile(*, candidate: Candidate, place: ZipPlace, profile: dict) -> Candidate:
    """Save profile changes; a new ZIP in another state moves them to that state's region."""
    for field, value in profile.items():
        setattr(candidate, field, value)
    candidate.zip_code, candidate.city, candidate.county = place.zip_code, place.city, place.county
    if place.timezone and place.timezone != candidate.user.time_zone:
        candidate.user.time_zone = place.timezone
        candidate.user.save(update_fields=["time_zone"])
    if place.state != candidate.state or candidate.region_id is None:
        candidate.state = place.state
        candidate.region = region_for_state(place.state)
    candidate.save()
    return candidate


def candidate_set_date_of_birth(*, candidate: Candidate, date_of_birth: date, by: User) -> None:
    """The candidate adds their date of birth when we don't have one; once it is set only
    national staff may change it (it decides endorsement eligibility by age), else
    ``PermissionError``. The first of two simultaneous additions wins."""
    from rfs.selectors import sees_all_regions

    if sees_all_regions(by):
        Candidate.objects.filter(pk=candidate.pk).update(date_of_birth=date_of_birth)
    elif by.pk != candidate.user_id or not Candidate.objects.filter(
        pk=candidate.pk, date_of_birth=None
    ).update(date_of_birth=date_of_birth):
        raise PermissionError(_("Only our team can change a date of birth once it is set."))
    candidate.date_of_birth = date_of_birth
    logger.info("Date of birth of candidate %s set by %s", candidate.pk, by.pk)


# --- Races ----------------------------------------------------------------------------


@transaction.atomic
def race_declare(*, candidate: Candidate, by: User, **race_fields) -> Race:
    """Declare a race.

    Side effects, in order:
    1. Creates the race.
    2. With filing started, moves the candidate to ``running`` (an event if they are
       already further along; a new run after a result moves won/lost back to running).
    3. Queues filing-deadline reminders 30, 7 and 1 days before, as outbox rows due then.
    """
    race = Race.objects.create(candidate=candidate, **race_fields)
    if race.filing_status in FILING_STARTED:
        candidate_move(candidate=candidate, to_stage=Stage.RUNNING, by=by, note=str(race))
    _queue_filing_reminders(race)
    return race


@transaction.atomic
def race_update_filing(*, race: Race, filing_status: str, by: User) -> Race:
    race.filing_status = filing_status
    race.save(update_fields=["filing_status"])
    if filing_status in FILING_STARTED:
        candidate_move(candidate=race.candidate, to_stage=Stage.RUNNING, by=by, note=str(race))
    return race


@transaction.atomic
def race_record_result(*, race: Race, result: str, by: User) -> Race:
    """Record a result: won or lost moves the candidate on; a runoff keeps the stage."""
    race.result = RaceResult(result)
    race.save(update_fields=["result"])
    if result in (RaceResult.WON, RaceResult.LOST):
        candidate_move(candidate=race.candidate, to_stage=result, by=by, note=str(race))
    return race


def _queue_filing_reminders(race: Race) -> None:
    if race.filing_deadline is None:
        return
    today = timezone.localdate()
    user = race.candidate.user
    for days in FILING_REMINDER_DAYS:
        send_on = race.filing_deadline - timedelta(days=days)
        if send_on < today:
            continue
        email_queue_template(
            template="filing_reminder",
            to=user,
            about=race,
            occurrence=f"{race.filing_deadline:%Y-%m-%d}:{days}",
            context={"race": race, "days": days},
            send_at=_morning_of(send_on),
        )


def _morning_of(day: date) -> datetime:
    """9 a.m. in the organisation's default zone: reminders arrive in the morning."""
    import zoneinfo

    zone = zoneinfo.ZoneInfo(settings.RFS_DEFAULT_USER_TIME_ZONE)
    return datetime.combine(day, time(9, 0), tzinfo=zone)
