"""The mentorship app's part of a candidate's data export (candidates.privacy).

What they asked and wrote, the answers they received, their requests for a mentor and
their matches. Mentors appear by name only: never their email or other contact details.
Erasure needs nothing here: questions (with their threads), requests and matches belong
to the candidate record and are deleted with it.
"""

from typing import Any

from django.db.models import Prefetch

from candidates.models import Candidate

from .enums import MatchRequestStatus, MatchStatus, PostKind, QuestionStatus
from .models import Match, MatchRequest, Post, Question


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def _name(user) -> str | None:
    return user.get_full_name() if user is not None else None


def export_sections(candidate: Candidate) -> dict[str, Any]:
    """Their questions with each thread, requests and matches: five queries however many."""
    questions = (
        Question.objects.filter(candidate=candidate)
        .select_related("area", "owner__user")
        .prefetch_related(
            Prefetch(
                "posts", queryset=Post.objects.select_related("author").order_by("created_at", "pk")
            )
        )
        .order_by("created_at", "pk")
    )
    requests = (
        MatchRequest.objects.filter(candidate=candidate)
        .prefetch_related("areas")
        .order_by("created_at", "pk")
    )
    matches = (
        Match.objects.filter(candidate=candidate)
        .select_related("mentor__user")
        .order_by("started_at", "pk")
    )
    user_id = candidate.user_id
    return {
        "questions_to_mentors": [
            {
                "question": question.title,
                "details": question.details,
                "area": question.area.name,
                "only_mentors_of_the_area_could_see_it": question.private,
                "status": _label(QuestionStatus, question.status),
                "asked": _iso(question.created_at),
                "mentor": _name(question.owner.user) if question.owner else None,
                "resolved": _iso(question.resolved_at),
                "your_rating": question.rating,
                "your_comment": question.rating_comment,
                "conversation": [
                    {
                        "from": "you"
                        if post.kind == PostKind.FOLLOW_UP
                        else (_name(post.author) or "a mentor"),
                        "kind": _label(PostKind, post.kind),
                        "written": _iso(post.created_at),
                        "message": post.body,
                    }
                    for post in question.posts.all()
                    # Their own follow-ups and the answers they received.
                    if post.kind == PostKind.ANSWER or post.author_id in (user_id, None)
                ],
            }
            for question in questions
        ],
        "mentor_requests": [
            {
                "help_wanted_with": [area.name for area in match_request.areas.all()],
                "language": match_request.language,
                "about_your_campaign": match_request.note,
                "status": _label(MatchRequestStatus, match_request.status),
                "asked": _iso(match_request.created_at),
            }
            for match_request in requests
        ],
        "mentor_matches": [
            {
                "mentor": _name(match.mentor.user),
                "status": _label(MatchStatus, match.status),
                "started": _iso(match.started_at),
                "ended": _iso(match.ended_at),
                # Why it ended, only in their own words.
                "why_you_ended_it": match.end_note if match.ended_by_id == user_id else "",
            }
            for match in matches
        ],
    }
