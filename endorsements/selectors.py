"""Reads of endorsement reviews, always scoped to what the reader may see: which
applications they may open, the review queue, and everything the review page shows.

National staff and committee members see every submitted and decided application;
a regional director those of the regions they direct; anyone else none. Candidates
never read through here (their own pages use ``endorsements.journey``).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from candidates.models import StageChange
from candidates.selectors import screening_logs_visible_to
from resources.selectors import courses_completed
from rfs.enums import Role
from rfs.models import Region, User
from rfs.selectors import sees_all_regions

from .enums import ApplicationStatus, ResearchKind, VoteChoice
from .models import (
    Application,
    ApplicationEvent,
    DirectorRecommendation,
    FilingEvidence,
    ResearchItem,
    Vote,
)
from .questionnaire import QUESTIONS

__all__ = [
    "DECIDED_STATUSES",
    "QUEUE_SORTS",
    "QUEUE_STATUSES",
    "ReviewDetail",
    "applications_visible_to",
    "queue_regions_for",
    "review_detail",
    "review_queue",
]

# What reviewers see: applications sent to us, waiting or decided (drafts stay private).
DECIDED_STATUSES = (
    ApplicationStatus.APPROVED,
    ApplicationStatus.DECLINED,
    ApplicationStatus.WITHDRAWN,
)
REVIEWED_STATUSES = (ApplicationStatus.SUBMITTED, *DECIDED_STATUSES)
# The queue's status filter: waiting for a decision, or decided (withdrawn included).
QUEUE_STATUSES = {"waiting": (ApplicationStatus.SUBMITTED,), "decided": DECIDED_STATUSES}
# The queue's orders; the default puts the decision due soonest first.
QUEUE_SORTS = {
    "due": ("decision_due_on", "submitted_at", "pk"),
    "submitted": ("submitted_at", "pk"),
    "recent": ("-submitted_at", "-pk"),
    "decided": ("-decided_at", "-pk"),
}


def _sees_every_application(user: User) -> bool:
    return sees_all_regions(user) or user.has_role(Role.COMMITTEE_MEMBER)


def applications_visible_to(
    user: User, *, regions: list[Region] | None = None
) -> QuerySet[Application]:
    """The applications a person may open in the review: staff and committee members
    every one sent to us; a director their regions'; anyone else none.

    ``regions``: the director's regions when the caller has read them already
    (``queue_regions_for``); their ids are then written into the query, which PostgreSQL
    plans in a fraction of the time a subquery takes."""
    if not user.is_authenticated or not user.is_active:
        return Application.objects.none()
    sent = Application.objects.filter(status__in=REVIEWED_STATUSES, submitted_at__isnull=False)
    if _sees_every_application(user):
        return sent
    if user.has_role(Role.REGIONAL_DIRECTOR):
        if regions is not None:
            return sent.filter(region_id__in=[region.pk for region in regions])
        return sent.filter(region__in=Region.objects.filter(directors=user).values("pk"))
    return Application.objects.none()


def queue_regions_for(user: User) -> QuerySet[Region]:
    """The regions the queue's filter offers: every region to those who see every
    application, a director their own."""
    if _sees_every_application(user):
        return Region.objects.order_by("name")
    return Region.objects.filter(directors=user).order_by("name")


def _tally(choice: str) -> Coalesce:
    """How many votes of one choice the application has, as a subquery per row.

    Not ``Count("votes", ...)``: that joins votes and groups every waiting application
    (with its candidate) before the page keeps 25, where a subquery lets PostgreSQL walk
    ``application_due_idx`` in the queue's order and count only the rows it shows.
    """
    votes = (
        Vote.objects.filter(application=OuterRef("pk"), choice=choice)
        .order_by()
        .values("application")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(votes), 0)


def review_queue(
    user: User,
    *,
    status: str = "waiting",
    region: Region | int | None = None,
    sort: str = "due",
    regions: list[Region] | None = None,
) -> QuerySet[Application]:
    """The applications a reviewer works through, one query however many rows.

    Each row has its candidate (with person), race, region and cycle joined, and the
    annotations ``has_recommendation``, ``votes_approve``, ``votes_decline``,
    ``votes_abstain``, ``votes_recused`` and ``my_vote`` (the reader's own choice, or
    None), each a subquery on the row: nothing is grouped, so the database reads the
    applications in the queue's order and stops at the page. Unknown ``status`` or
    ``sort`` values fall back to the defaults. Returns a queryset so the page paginates
    in the database (a count and the page: two queries).

    ``regions``: the reader's regions as ``queue_regions_for`` read them, when the caller
    has them: a director's are then written into the query as ids, and each row's region
    is not joined (``attach_regions`` sets it from the same list). Regions and cycles are
    not joined either way (the queue doesn't show cycles): with them PostgreSQL spent
    about 5 ms planning a query it runs in 1.
    """
    statuses = QUEUE_STATUSES.get(status, QUEUE_STATUSES["waiting"])
    order = QUEUE_SORTS.get(sort, QUEUE_SORTS["due"])
    queryset = applications_visible_to(user, regions=regions).filter(status__in=statuses)
    if region:
        queryset = queryset.filter(region=region)
    return (
        queryset.select_related("candidate__user", "race")
        .annotate(
            has_recommendation=Exists(
                DirectorRecommendation.objects.filter(application=OuterRef("pk"))
            ),
            # Which way the director recommends ("endorse", "decline", "unsure"), or None.
            recommendation_value=Subquery(
                DirectorRecommendation.objects.filter(application=OuterRef("pk")).values(
                    "recommendation"
                )[:1]
            ),
            votes_approve=_tally(VoteChoice.APPROVE),
            votes_decline=_tally(VoteChoice.DECLINE),
            votes_abstain=_tally(VoteChoice.ABSTAIN),
            votes_recused=_tally(VoteChoice.RECUSED),
            my_vote=Subquery(
                Vote.objects.filter(application=OuterRef("pk"), member_id=user.pk).values("choice")[
                    :1
                ]
            ),
        )
        .order_by(*order)
    )


def attach_regions(applications, regions: list[Region]) -> None:
    """Set each application's region from ``regions`` (the reader's, already read), so
    showing it asks nothing; a region not among them is read as usual."""
    by_id = {region.pk: region for region in regions}
    for application in applications:
        if application.region_id in by_id:
            application.region = by_id[application.region_id]


@dataclass
class ResearchRow:
    kind: str
    label: str
    item: ResearchItem | None


@dataclass
class ReviewDetail:
    """Everything the review page shows about one application."""

    application: Application
    evidence: list[FilingEvidence]
    answers: list[tuple[str, str]]
    recommendation: DirectorRecommendation | None
    research: list[ResearchRow]
    votes: list[Vote]
    tally: dict[str, int]
    my_vote: Vote | None
    events: list[ApplicationEvent]
    stage_history: list[StageChange]
    courses: list
    # None when the reader may not see screening logs (committee members).
    screening: list | None = None
    earlier: list[Application] = field(default_factory=list)

    @property
    def waiting(self) -> bool:
        return self.application.status == ApplicationStatus.SUBMITTED

    @property
    def recused(self) -> bool:
        return self.my_vote is not None and self.my_vote.choice == VoteChoice.RECUSED


def review_detail(user: User, pk: int) -> ReviewDetail:
    """One application for the review page, or 404 if it is missing or outside what the
    reader may see (the same answer).

    Queries (fixed): the application with candidate, person, region, race, cycle, the
    earlier application, the recommendation and its director, who decided; the evidence;
    the research with who checked; the votes with members; the events with who; the
    candidate's stage history; their completed courses; earlier applications in this
    cycle; and, for directors and staff, the screening logs.
    """
    application = (
        applications_visible_to(user)
        .select_related(
            "candidate__user",
            "candidate__region",
            "region",
            "race",
            "cycle",
            "previous",
            "decided_by",
            "recommendation__director",
        )
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    candidate = application.candidate
    recommendation = getattr(application, "recommendation", None)
    items = {
        item.kind: item
        for item in ResearchItem.objects.filter(application=application).select_related(
            "checked_by"
        )
    }
    votes = list(
        Vote.objects.filter(application=application)
        .select_related("member")
        .order_by("created_at", "pk")
    )
    tally = dict.fromkeys(VoteChoice.values, 0)
    for vote in votes:
        tally[vote.choice] += 1
    answers = application.answers or {}
    sees_logs = sees_all_regions(user) or user.has_role(Role.REGIONAL_DIRECTOR)
    return ReviewDetail(
        application=application,
        evidence=list(application.evidence.order_by("uploaded_at", "pk")),
        answers=[(str(question.label), answers.get(question.key, "")) for question in QUESTIONS],
        recommendation=recommendation,
        research=[
            ResearchRow(kind, str(label), items.get(kind)) for kind, label in ResearchKind.choices
        ],
        votes=votes,
        tally=tally,
        my_vote=next((vote for vote in votes if vote.member_id == user.pk), None),
        events=list(
            ApplicationEvent.objects.filter(application=application)
            .select_related("by")
            .order_by("at", "pk")
        ),
        stage_history=list(
            StageChange.objects.filter(candidate=candidate)
            .select_related("by")
            .order_by("at", "pk")
        ),
        courses=courses_completed(candidate=candidate),
        screening=(
            list(
                screening_logs_visible_to(user)
                .filter(candidate=candidate)
                .select_related("screener__user")
                .order_by("-created_at")
            )
            if sees_logs
            else None
        ),
        earlier=list(
            applications_visible_to(user)
            .filter(candidate=candidate, cycle=application.cycle)
            .exclude(pk=application.pk)
            .order_by("-submitted_at")
        ),
    )
