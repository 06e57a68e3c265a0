"""Good answers grow the library: a resolved question and its answers become a resource,
with the candidate's details removed, for staff to check and publish."""

import logging
import re

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from candidates.models import Candidate
from resources.enums import Audience, Format, Topic
from resources.models import Resource
from rfs.models import User
from rfs.selectors import sees_all_regions

from ..enums import PostKind, QuestionStatus
from ..models import ExpertiseArea, Post, Question
from ._common import MentorshipError

logger = logging.getLogger(__name__)

__all__ = ["anonymise", "question_to_resource"]

# An area's topic in the library, by words of its slug or name. Only obvious ones.
AREA_TOPICS = [
    ("fundrais", Topic.FUNDRAISING),
    ("field", Topic.FIELD_PLAN),
    ("canvass", Topic.FIELD_PLAN),
    ("digital", Topic.DIGITAL),
    ("communication", Topic.COMMUNICATIONS),
    ("press", Topic.COMMUNICATIONS),
    ("voter", Topic.VOTER_CONTACT),
    ("volunteer", Topic.VOLUNTEERS),
    ("budget", Topic.BUDGET),
    ("ballot", Topic.BALLOT_ACCESS),
    ("filing", Topic.BALLOT_ACCESS),
    ("debate", Topic.DEBATE_PREP),
    ("safety", Topic.SAFETY),
]

EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# US phone numbers as people type them: (212) 555-0123, 212.555.0123, +1 212 555 0123.
PHONE_PATTERN = re.compile(r"(?<!\d)(\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)")


def _phrase(value: str) -> re.Pattern | None:
    """A whole-word, any-case pattern for ``value`` with flexible spaces (None for blanks)."""
    words = value.split()
    if not words:
        return None
    return re.compile(
        r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)", re.IGNORECASE
    )


def _phone_digits_pattern(phone: str) -> re.Pattern | None:
    """The candidate's own number, whatever separators they used in the text."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) < 7:
        return None
    return re.compile(r"(?<!\d)" + r"\D{0,3}".join(digits) + r"(?!\d)")


def anonymise(text: str, candidate: Candidate) -> str:
    """``text`` with the candidate's details replaced by neutral words: their email and
    any email address, their phone and any US phone number, their name (whole, and each
    part of two letters or more), their city, county and ZIP code."""
    user = candidate.user
    text = EMAIL_PATTERN.sub(_("[email removed]"), text)
    if candidate.phone and (own := _phone_digits_pattern(candidate.phone)):
        text = own.sub(_("[phone removed]"), text)
    text = PHONE_PATTERN.sub(_("[phone removed]"), text)
    if user.email:
        text = text.replace(user.email, _("[email removed]"))
    # The full name first, then each part, longest first (so "Ann" doesn't split "Annabel").
    names = [
        user.name,
        *sorted({part for part in user.name.split() if len(part) >= 2}, key=len, reverse=True),
    ]
    for name in names:
        if pattern := _phrase(name):
            text = pattern.sub(_("the candidate"), text)
    for value, neutral in (
        (candidate.county, _("their county")),
        (candidate.city, _("their town")),
        (candidate.zip_code, _("their ZIP code")),
    ):
        if value and (pattern := _phrase(value)):
            text = pattern.sub(neutral, text)
    return text


def _topics(area: ExpertiseArea) -> list[str]:
    words = f"{area.slug} {area.name}".lower()
    topics: list[str] = []
    for word, topic in AREA_TOPICS:
        if word in words and topic.value not in topics:
            topics.append(topic.value)
    return topics


def _body(question: Question, answers: list[Post], candidate: Candidate) -> str:
    """The resource's Markdown: the question in the candidate's words (anonymised) and the
    mentors' answers. Follow-ups and who wrote what are left out."""
    parts = [f"## {_('The question')}", "", anonymise(question.title, candidate)]
    if question.details.strip():
        parts += ["", anonymise(question.details.strip(), candidate)]
    heading = _("The answer") if len(answers) == 1 else _("The answers")
    parts += ["", f"## {heading}"]
    for post in answers:
        parts += ["", anonymise(post.body.strip(), candidate)]
    return "\n".join(parts) + "\n"


def _unique_slug(title: str, question_pk: int) -> str:
    base = f"{slugify(title)[:150].strip('-') or 'question'}-q{question_pk}"
    slug, n = base, 2
    while Resource.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def question_to_resource(*, question: Question, by: User, title: str = "") -> Resource:
    """National staff turn a resolved question and its answers into a library resource.

    Side effects, in order:
    1. Locks the question; refuses with ``MentorshipError`` unless ``by`` is national
       staff, the question is resolved and has an answer.
    2. When the question already became a resource, returns that one (nothing written).
    3. Creates an unpublished resource (staff check it before publishing): a guide for
       signed-in candidates, the body in Markdown with the candidate's name, email,
       phone, city, county and ZIP code replaced by neutral words, topics from the area
       when obvious (fundraising, field, digital, communications...).
    4. Links the question to it.
    """
    if not sees_all_regions(by):
        raise MentorshipError(_("Only national staff can add to the library."))
    locked = Question.objects.select_for_update().get(pk=question.pk)
    if locked.resource_id is not None:
        question.resource_id = locked.resource_id
        return Resource.objects.get(pk=locked.resource_id)
    if locked.status != QuestionStatus.RESOLVED:
        raise MentorshipError(_("Only resolved questions can go into the library."))
    answers = list(
        Post.objects.filter(question=locked, kind=PostKind.ANSWER).order_by("created_at", "pk")
    )
    if not answers:
        raise MentorshipError(_("This question has no answer to share."))
    candidate = Candidate.objects.select_related("user").get(pk=locked.candidate_id)
    area = ExpertiseArea.objects.get(pk=locked.area_id)
    title = anonymise(" ".join((title or locked.title).split()), candidate)[:200]
    resource = Resource.objects.create(
        title=title,
        slug=_unique_slug(title, locked.pk),
        format=Format.GUIDE,
        description=_("A question a candidate asked our mentors about %(area)s, and the answer.")
        % {"area": area.name.lower()},
        body=_body(locked, answers, candidate),
        topics=_topics(area),
        audience=Audience.CANDIDATES,
        published=False,
    )
    locked.resource = resource
    locked.save(update_fields=["resource", "updated_at"])
    question.resource_id = resource.pk
    logger.info("Question %s became resource %s (by %s)", locked.pk, resource.pk, by.pk)
    return resource
