"""Writes for questions to the experts: asking, claiming (first claim wins), the thread,
resolving and rating, and handing back. Who is told about a question is ``routing``;
questions nobody claimed in time are ``escalation``.

Every email is an outbox row queued here and sent after commit.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Candidate
from rfs.services import email_queue_template

from ..enums import MentorStatus, PostKind, QuestionStatus
from ..models import ExpertiseArea, Mentor, Post, Question
from ..selectors import claims_since
from ._common import MentorshipError, link, stamp
from .routing import next_round, question_link, question_route

logger = logging.getLogger(__name__)

__all__ = [
    "question_answer",
    "question_ask",
    "question_claim",
    "question_follow_up",
    "question_release",
    "question_resolve",
    "question_withdraw",
]

# Questions a mentor is working on: only their owner writes answers to them.
IN_HAND = (QuestionStatus.CLAIMED, QuestionStatus.ANSWERED)


# --- Helpers ----------------------------------------------------------------------------


def _lock(question: Question) -> Question:
    """The question's row, locked until the transaction ends (no joins: PostgreSQL won't
    lock the nullable side of an outer join)."""
    return Question.objects.select_for_update().get(pk=question.pk)


def _copy(locked: Question, question: Question, fields: list[str]) -> None:
    for name in fields:
        setattr(question, name, getattr(locked, name))


def _clean_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise MentorshipError(_("Please write a message first."))
    return body


def _email_candidate(
    template: str, question: Question, *, occurrence: str = "", extra: dict | None = None
) -> None:
    candidate = Candidate.objects.select_related("user").get(pk=question.candidate_id)
    email_queue_template(
        template=template,
        to=candidate.user,
        about=question,
        occurrence=occurrence,
        context={"question": question, "question_url": question_link(question), **(extra or {})},
    )


def _email_owner(template: str, question: Question, *, occurrence: str = "") -> None:
    if question.owner_id is None:
        return
    owner = Mentor.objects.select_related("user").get(pk=question.owner_id)
    email_queue_template(
        template=template,
        to=owner.user,
        about=question,
        occurrence=occurrence,
        context={
            "question": question,
            "question_url": question_link(question),
            "home_url": link("mentorship:mentor_home"),
        },
    )


# --- Asking -----------------------------------------------------------------------------


@transaction.atomic
def question_ask(
    *, candidate: Candidate, area: ExpertiseArea, title: str, details: str, private: bool
) -> Question:
    """A candidate asks the experts.

    Side effects, in order:
    1. Refuses with ``MentorshipError`` without a title or with an area no longer offered.
    2. Creates the question, with the candidate's region and state copied onto it.
    3. Routes it to the first few mentors (``RFS_MENTOR_NOTIFY_FIRST``), round 1, each
       emailed "question_for_you".
    4. Queues "question_received" to the candidate.
    """
    title = " ".join(title.split())
    if not title:
        raise MentorshipError(_("Please write your question."))
    if not area.active:
        raise MentorshipError(_("Please pick another area: this one isn't offered any more."))
    question = Question.objects.create(
        candidate=candidate,
        area=area,
        title=title,
        details=details.strip(),
        private=private,
        region_id=candidate.region_id,
        state=candidate.state,
    )
    question_route(question=question, limit=settings.RFS_MENTOR_NOTIFY_FIRST, round=1)
    _email_candidate("question_received", question, extra={"area": area})
    logger.info("Candidate %s asked question %s", candidate.pk, question.pk)
    return question


# --- Claiming and the thread ------------------------------------------------------------


@transaction.atomic
def question_claim(*, question: Question, mentor: Mentor) -> Question:
    """A mentor picks up a question: the first claim wins.

    Side effects, in order:
    1. Locks the mentor's row, so one mentor's claims are counted one after the other
       (two tabs can't take them past their weekly capacity).
    2. Refuses with ``MentorshipError`` when the mentor isn't approved (or is paused),
       may not see the question (private, of an area they don't know), asked it
       themselves, or has no room this week.
    3. Claims it with a conditional update (open and without an owner): of two mentors
       clicking at once, one gets it and the other is told "Another mentor just picked
       this one up". Claiming one's own question again does nothing.
    4. Queues "question_claimed" to the candidate.
    """
    locked_mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if locked_mentor.status != MentorStatus.APPROVED:
        if locked_mentor.status == MentorStatus.PAUSED:
            raise MentorshipError(
                _("You're on a break. Come back from your mentor page to pick up questions.")
            )
        raise MentorshipError(_("Only approved mentors can pick up questions."))
    if question.private and not locked_mentor.areas.filter(pk=question.area_id).exists():
        raise MentorshipError(_("This question is only for mentors of its area."))
    if Candidate.objects.filter(pk=question.candidate_id, user_id=locked_mentor.user_id).exists():
        raise MentorshipError(_("That's your own question: another mentor will pick it up."))
    claimed = Question.objects.filter(owner=locked_mentor, claimed_at__gte=claims_since()).count()
    if claimed >= locked_mentor.weekly_capacity:
        raise MentorshipError(
            _(
                "You've picked up %(count)d questions this week, your limit. Thank you! Raise it on your mentor "
                "page if you'd like more."
            )
            % {"count": claimed}
        )

    now = timezone.now()
    # The WHERE clause is the referee: PostgreSQL re-checks it after a concurrent claim
    # commits, so only one UPDATE changes the row.
    won = Question.objects.filter(
        pk=question.pk, owner__isnull=True, status=QuestionStatus.OPEN
    ).update(
        owner=locked_mentor,
        claimed_at=now,
        status=QuestionStatus.CLAIMED,
        updated_at=now,
    )
    current = Question.objects.get(pk=question.pk)
    if not won:
        if current.owner_id == locked_mentor.pk:
            _copy(current, question, ["owner_id", "claimed_at", "status", "updated_at"])
            return question
        if current.owner_id is not None:
            raise MentorshipError(
                _("Another mentor just picked this one up. Thank you for offering!")
            )
        raise MentorshipError(_("This question isn't waiting for a mentor any more."))
    _copy(current, question, ["owner_id", "claimed_at", "status", "updated_at"])
    _email_candidate(
        "question_claimed",
        question,
        occurrence=stamp(now),
        extra={"mentor_name": locked_mentor.user.get_short_name()},
    )
    logger.info("Question %s claimed by mentor %s", question.pk, locked_mentor.pk)
    return question


@transaction.atomic
def question_answer(*, question: Question, mentor: Mentor, body: str) -> Post:
    """The mentor who owns the question answers (again, after a follow-up).

    Side effects, in order:
    1. Locks the question; refuses with ``MentorshipError`` unless this mentor owns it
       and it is still in hand (claimed or answered), or the message is empty.
    2. Adds the answer to the thread.
    3. Sets the status answered, and the time of the first answer (once).
    4. Queues "question_answered" to the candidate.
    """
    body = _clean_body(body)
    locked = _lock(question)
    if locked.owner_id != mentor.pk:
        raise MentorshipError(_("Only the mentor who picked up this question can answer it."))
    if locked.status not in IN_HAND:
        raise MentorshipError(_("This question is closed."))
    post = Post.objects.create(
        question=locked, author_id=mentor.user_id, kind=PostKind.ANSWER, body=body
    )
    locked.status = QuestionStatus.ANSWERED
    locked.first_answered_at = locked.first_answered_at or post.created_at
    locked.save(update_fields=["status", "first_answered_at", "updated_at"])
    _copy(locked, question, ["status", "first_answered_at", "updated_at"])
    _email_candidate(
        "question_answered",
        locked,
        occurrence=f"post-{post.pk}",
        extra={"mentor_name": mentor.user.get_short_name()},
    )
    logger.info("Question %s answered by mentor %s", question.pk, mentor.pk)
    return post


@transaction.atomic
def question_follow_up(*, question: Question, candidate: Candidate, body: str) -> Post:
    """The candidate who asked writes again in the thread.

    Side effects, in order:
    1. Locks the question; refuses with ``MentorshipError`` unless this candidate asked
       it and it is neither resolved nor withdrawn, or the message is empty.
    2. Adds the follow-up to the thread.
    3. When a mentor owns it: the status goes back to claimed (waiting for the mentor)
       and "question_follow_up" is queued to them. Still open: it stays open, and the
       mentor who picks it up reads the follow-up in the thread.
    """
    body = _clean_body(body)
    locked = _lock(question)
    if locked.candidate_id != candidate.pk:
        raise MentorshipError(_("Only the person who asked can follow up."))
    if locked.status in (QuestionStatus.RESOLVED, QuestionStatus.WITHDRAWN):
        raise MentorshipError(_("This question is closed. You're welcome to ask a new one."))
    post = Post.objects.create(
        question=locked, author_id=candidate.user_id, kind=PostKind.FOLLOW_UP, body=body
    )
    if locked.owner_id is not None:
        locked.status = QuestionStatus.CLAIMED
    locked.save(update_fields=["status", "updated_at"])
    _copy(locked, question, ["status", "updated_at"])
    _email_owner("question_follow_up", locked, occurrence=f"post-{post.pk}")
    logger.info("Candidate %s followed up on question %s", candidate.pk, question.pk)
    return post


@transaction.atomic
def question_resolve(
    *, question: Question, candidate: Candidate, rating: int | None = None, comment: str = ""
) -> Question:
    """The candidate who asked marks the question resolved, and may rate the answer (1-5).

    Calling it again changes the rating (a rating left out keeps the one given before).

    Side effects, in order:
    1. Locks the question; refuses with ``MentorshipError`` unless this candidate asked
       it and a mentor has answered, or when the rating isn't 1 to 5.
    2. Sets the status resolved, the time (once), the rating and the comment.
    3. Queues "question_resolved" to the mentor who owns it, once.
    """
    if rating is not None and not 1 <= rating <= 5:
        raise MentorshipError(_("Please pick a rating from 1 to 5."))
    locked = _lock(question)
    if locked.candidate_id != candidate.pk:
        raise MentorshipError(_("Only the person who asked can mark it resolved."))
    if locked.status == QuestionStatus.WITHDRAWN:
        raise MentorshipError(_("This question was withdrawn."))
    if locked.first_answered_at is None:
        raise MentorshipError(_("You can mark it resolved once a mentor has answered."))
    locked.status = QuestionStatus.RESOLVED
    locked.resolved_at = locked.resolved_at or timezone.now()
    if rating is not None:
        locked.rating = rating
    if rating is not None or comment.strip():
        locked.rating_comment = comment.strip()
    locked.save(update_fields=["status", "resolved_at", "rating", "rating_comment", "updated_at"])
    _copy(locked, question, ["status", "resolved_at", "rating", "rating_comment", "updated_at"])
    _email_owner("question_resolved", locked)
    logger.info("Question %s resolved (rating %s)", question.pk, locked.rating)
    return question


@transaction.atomic
def question_withdraw(*, question: Question, candidate: Candidate) -> Question:
    """The candidate who asked takes the question back (not once it is resolved).

    Side effects: locks the question; sets the status withdrawn (withdrawing twice does
    nothing). The thread stays, and no more mentors are told.
    """
    locked = _lock(question)
    if locked.candidate_id != candidate.pk:
        raise MentorshipError(_("Only the person who asked can withdraw it."))
    if locked.status == QuestionStatus.RESOLVED:
        raise MentorshipError(_("This question is already resolved."))
    if locked.status != QuestionStatus.WITHDRAWN:
        locked.status = QuestionStatus.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        logger.info("Question %s withdrawn", question.pk)
    _copy(locked, question, ["status", "updated_at"])
    return question


@transaction.atomic
def question_release(*, question: Question, mentor: Mentor) -> Question:
    """The mentor who owns the question hands it back, and it goes to the next mentors.

    Side effects, in order:
    1. Locks the question; refuses with ``MentorshipError`` unless this mentor owns it
       and it is in hand (claimed or answered).
    2. Sets it open with no owner (it no longer counts against their week).
    3. Routes it to the next ``RFS_MENTOR_NOTIFY_FIRST`` mentors, in a new round,
       leaving out the mentor handing it back.
    """
    locked = _lock(question)
    if locked.owner_id != mentor.pk:
        raise MentorshipError(_("Only the mentor who picked up this question can hand it back."))
    if locked.status not in IN_HAND:
        raise MentorshipError(_("This question is closed."))
    locked.status, locked.owner, locked.claimed_at = QuestionStatus.OPEN, None, None
    locked.save(update_fields=["status", "owner", "claimed_at", "updated_at"])
    _copy(locked, question, ["status", "owner_id", "claimed_at", "updated_at"])
    question_route(
        question=locked,
        limit=settings.RFS_MENTOR_NOTIFY_FIRST,
        round=next_round(locked),
        exclude_mentors=[mentor.pk],
    )
    logger.info("Question %s handed back by mentor %s", question.pk, mentor.pk)
    return question
