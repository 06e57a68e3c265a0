"""After the endorsement: the candidate's public listing, election results and alumni.

- ``endorsement_set_listed`` and ``endorsement_update_listing``: the endorsed candidate
  chooses whether and how they appear on the public page (``endorsements.public``).
- ``result_report``: the candidate or staff record a race's result; won and lost move the
  candidate (``candidates.services.candidate_move``), winners become alumni and are
  invited to mentor the next class.
- ``result_requests_send``: the daily task asks candidates for their result the day
  after election day, and once more a week later if they have not told us.
"""

import logging
import uuid
import warnings
from datetime import date, timedelta
from io import BytesIO

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from candidates.enums import Activity, RaceResult
from candidates.models import Race
from candidates.services import IllegalTransition, race_record_result
from rfs.enums import Role
from rfs.models import OutboundEmail, User
from rfs.services import email_queue_template, email_unique_key

from ..enums import ApplicationStatus
from ..models import Application, Endorsement

logger = logging.getLogger(__name__)

__all__ = [
    "FINAL_RESULTS",
    "PHOTO_MAX_BYTES",
    "RESULT_REQUEST_ROUNDS",
    "ListingError",
    "ResultError",
    "endorsement_set_listed",
    "endorsement_update_listing",
    "photo_prepare",
    "result_report",
    "result_requests_send",
]

PHOTO_MAX_BYTES = 5 * 1024 * 1024
# Photos are stored no larger than this on either side: plenty for a card and a social preview.
PHOTO_MAX_SIDE = 1200
_PHOTO_FORMATS = {"JPEG": ".jpg", "PNG": ".png"}
_PHOTO_INFO_KEPT = frozenset({"icc_profile", "transparency", "gamma"})
# What each accepted type's first bytes are: the type is read from the content, never the name.
_PHOTO_SIGNATURES = {"JPEG": b"\xff\xd8\xff", "PNG": b"\x89PNG\r\n\x1a\n"}

# A result after which nothing more is reported for the race. A runoff waits for the final.
FINAL_RESULTS = frozenset({RaceResult.WON, RaceResult.LOST, RaceResult.WITHDREW})

# (round, days after election day): the day after, then a week later if still unreported.
RESULT_REQUEST_ROUNDS = ((1, 1), (2, 8))
# If the daily task missed a few days (a stopped beat), it still asks within this many days.
RESULT_REQUEST_CATCH_UP_DAYS = 6


class ResultError(ValueError):
    """A result can't be recorded; the message says why, for the candidate or staff."""


class ListingError(ValueError):
    """The listing can't be saved as asked (a photo we can't take); the message says why."""


# --- The public listing -------------------------------------------------------------------


@transaction.atomic
def endorsement_set_listed(
    *, endorsement: Endorsement, listed: bool, by: User | None
) -> Endorsement:
    """The candidate asks to be listed or unlisted; the public pages follow at once.

    Side effects, in order:
    1. Saves ``listed`` (nothing happens if it is already so).
    2. Logs who changed it.
    """
    if endorsement.listed == listed:
        return endorsement
    endorsement.listed = listed
    endorsement.save(update_fields=["listed", "updated_at"])
    logger.info(
        "Endorsement %s %s by %s",
        endorsement.pk,
        "listed" if listed else "unlisted",
        getattr(by, "pk", None),
    )
    return endorsement


def photo_prepare(upload: UploadedFile) -> tuple[bytes, str]:
    """Check a photo and make the copy we publish: ``(content, extension)``.

    A JPEG or PNG (by its content, not its name) up to ``PHOTO_MAX_BYTES``, opened by
    Pillow. The published copy is re-saved: turned the right way up, no larger than
    ``PHOTO_MAX_SIDE``, and without the metadata a phone adds (the place it was taken).
    Raises ``ListingError`` with a message for the form field.
    """
    size = upload.size or 0
    if size == 0:
        raise ListingError(_("This file is empty. Please choose the photo again."))
    if size > PHOTO_MAX_BYTES:
        raise ListingError(
            _(
                "This photo is %(size)s MB, and photos can be up to %(limit)s MB. A smaller copy works just as well."
            )
            % {"size": f"{size / (1024 * 1024):.1f}", "limit": PHOTO_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    head = upload.read(8)
    image_format = next(
        (name for name, signature in _PHOTO_SIGNATURES.items() if head.startswith(signature)), None
    )
    if image_format is None:
        raise ListingError(
            _("We can take JPEG or PNG photos, and this file isn't one, whatever its name says.")
        )
    damaged = ListingError(
        _("This photo seems to be damaged. Please save it again and upload the copy.")
    )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # An enormous pixel count is a decompression bomb, not a portrait.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format != image_format:
                    raise damaged
                image.load()
                published = ImageOps.exif_transpose(image)
                published.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
                if image_format == "JPEG" and published.mode not in ("RGB", "L"):
                    published = published.convert("RGB")
                # Keep only what draws the picture; drop EXIF, XMP and comments.
                published.info = {
                    key: value for key, value in published.info.items() if key in _PHOTO_INFO_KEPT
                }
                buffer = BytesIO()
                published.save(buffer, format=image_format)
    except ListingError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
    ) as error:
        raise damaged from error
    finally:
        upload.seek(0)
    return buffer.getvalue(), _PHOTO_FORMATS[image_format]


@transaction.atomic
def endorsement_update_listing(
    *,
    endorsement: Endorsement,
    by: User,
    listed: bool,
    bio: str,
    website: str,
    donation_url: str,
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
) -> Endorsement:
    """Save the endorsed candidate's own listing.

    Side effects, in order:
    1. Checks and re-saves a new photo (``photo_prepare``; ``ListingError`` if refused,
       and then nothing is saved).
    2. Saves the one-line bio, the links and the new photo (under a random name).
    3. Lists or unlists them (``endorsement_set_listed``).
    4. After commit, deletes the photo file that was replaced or removed.
    """
    prepared = photo_prepare(photo) if photo is not None else None
    old_photo = endorsement.photo.name if endorsement.photo else ""
    endorsement.bio = bio.strip()
    endorsement.website = website
    endorsement.donation_url = donation_url
    if prepared is not None:
        content, extension = prepared
        endorsement.photo.save(f"{uuid.uuid4().hex}{extension}", ContentFile(content), save=False)
    elif remove_photo:
        endorsement.photo = ""
    endorsement.save(update_fields=["bio", "website", "donation_url", "photo", "updated_at"])
    endorsement_set_listed(endorsement=endorsement, listed=listed, by=by)

    if old_photo and old_photo != (endorsement.photo.name if endorsement.photo else ""):
        storage = endorsement.photo.storage

        def delete_old() -> None:
            try:
                storage.delete(old_photo)
            except OSError:
                logger.warning("Could not delete the replaced photo %s", old_photo, exc_info=True)

        transaction.on_commit(delete_old)
    return endorsement


# --- Results and alumni -------------------------------------------------------------------


def _url(name: str) -> str:
    return settings.SITE_URL + reverse(name)


@transaction.atomic
def result_report(*, race: Race, result: str, by: User) -> Race:
    """Record a race's result, told by the candidate or by staff.

    Side effects, in order:
    1. Locks the race. The same result again changes nothing (a double submit); a race
       whose final result (won, lost, withdrew) is recorded refuses another one.
    2. ``candidates.services.race_record_result`` saves the result; won and lost move
       the candidate (``candidate_move``); a runoff or a withdrawal keeps the stage.
       A move the pipeline does not allow raises ``ResultError`` and nothing is saved.
    3. Saves who recorded it and when.
    4. Queues ``result_thanks`` to the candidate, once per race and result.
    5. A winner becomes alumni: queues ``alumni_mentor_invite`` (to apply as a mentor),
       once per person, unless they already mentor.
    """
    result = RaceResult(result)
    locked = Race.objects.select_for_update().select_related("candidate__user").get(pk=race.pk)
    if locked.result == result:
        return locked
    if locked.result in FINAL_RESULTS:
        raise ResultError(
            _(
                "This race's result is already recorded as “%(result)s”. If that's wrong, please write to us "
                "and we'll correct it."
            )
            % {"result": RaceResult(locked.result).label}
        )
    try:
        with transaction.atomic():
            race_record_result(race=locked, result=result, by=by)
    except IllegalTransition as error:
        raise ResultError(
            _(
                "We couldn't record this result here (%(reason)s). Please reply to our email and our team "
                "will record it with you."
            )
            % {"reason": error}
        ) from error
    locked.result_recorded_at = timezone.now()
    locked.result_recorded_by = by
    locked.save(update_fields=["result_recorded_at", "result_recorded_by"])
    race.result, race.result_recorded_at, race.result_recorded_by = (
        result,
        locked.result_recorded_at,
        by,
    )

    user = locked.candidate.user
    email_queue_template(
        template="result_thanks",
        to=user,
        about=locked,
        occurrence=result,
        context={
            "race": locked,
            "result": result,
            "won": result == RaceResult.WON,
            "lost": result == RaceResult.LOST,
            "runoff": result == RaceResult.RUNOFF,
            "withdrew": result == RaceResult.WITHDREW,
            "journey_url": _url("candidates:journey"),
            "run_again_url": _url("candidates:race_declare"),
            "result_url": _url("endorsements:result_report"),
        },
    )
    if result == RaceResult.WON and not user.has_role(Role.MENTOR):
        # About the person, not the race: a second win does not invite them again.
        email_queue_template(
            template="alumni_mentor_invite",
            to=user,
            about=locked.candidate,
            occurrence="alumni",
            transactional=False,
            context={"race": locked, "mentor_apply_url": _url("mentorship:mentor_apply")},
        )
    logger.info("Race %s: result %s recorded by %s", locked.pk, result, getattr(by, "pk", None))
    return locked


def result_requests_send(*, today: date | None = None) -> int:
    """Ask for election results: run daily (``endorsements.tasks.result_requests_task``).

    Each race without a result whose candidate applied for or won our endorsement (an
    application submitted or approved) and is still with us gets ``result_request``
    the day after election day (round 1), and a week later if still unreported
    (round 2). Each round is one email per race (the occurrence key), however often
    this runs; a missed day is caught up within the following week. Returns how many
    emails it queued.
    """
    today = today or timezone.localdate()
    backed = Application.objects.filter(
        race=OuterRef("pk"), status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.APPROVED]
    )
    report_url = _url("endorsements:result_report")
    queued = 0
    for round_number, days_after in RESULT_REQUEST_ROUNDS:
        latest = today - timedelta(days=days_after)
        races = list(
            Race.objects.filter(
                result="",
                election_date__range=(
                    latest - timedelta(days=RESULT_REQUEST_CATCH_UP_DAYS),
                    latest,
                ),
                candidate__user__is_active=True,
            )
            .exclude(candidate__activity=Activity.WITHDRAWN)
            .filter(Exists(backed))
            .select_related("candidate__user")
            .order_by("pk")
        )
        occurrence = f"round-{round_number}"
        keys = {
            race.pk: email_unique_key(
                purpose="result_request",
                to_email=race.candidate.user.email,
                about=race,
                occurrence=occurrence,
            )
            for race in races
        }
        # One query for the rows already queued, so we render only the new ones.
        done = set(
            OutboundEmail.objects.filter(unique_key__in=keys.values()).values_list(
                "unique_key", flat=True
            )
        )
        for race in races:
            if keys[race.pk] in done:
                continue
            with transaction.atomic():
                email_queue_template(
                    template="result_request",
                    to=race.candidate.user,
                    about=race,
                    occurrence=occurrence,
                    transactional=False,
                    context={"race": race, "reminder": round_number > 1, "report_url": report_url},
                )
            queued += 1
    logger.info("Result requests: %s queued", queued)
    return queued
