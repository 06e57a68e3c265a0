"""How the pipeline's work is going: intro calls, screening, reviews, mentors.

Live reads (sessions, calls, applications, questions, the screening backlog), scoped to
the viewer's regions, in a fixed number of queries whatever the rows. Some of them count
tens of thousands of rows at a million candidates (the backlog above all), so the figures
of a scope are kept for a minute (``CACHE_SECONDS``) and the page says when they were read.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from candidates.enums import RegistrationStatus, ScreeningCallStatus, Stage
from candidates.models import Candidate, IntroCall, Screener, ScreeningCall
from candidates.models.calls import IntroCallRegistration
from endorsements.enums import ApplicationStatus
from endorsements.models import Application
from mentorship.enums import QuestionStatus
from mentorship.models import Question
from rfs.models import User
from rfs.selectors import regions_visible_to, sees_all_regions

from .milestones import percentile
from .reports import visible_region_ids

SESSIONS_SHOWN = 10
RECENT_DAYS = 90
CACHE_SECONDS = 60


@dataclass
class SessionFigures:
    starts_at: object
    region: str
    capacity: int
    registered: int
    attended: int

    @property
    def fill_rate(self) -> float | None:
        return round(100 * self.registered / self.capacity, 1) if self.capacity else None

    @property
    def attendance_rate(self) -> float | None:
        return round(100 * self.attended / self.registered, 1) if self.registered else None


@dataclass
class Activity:
    sessions: list[SessionFigures]
    screening_waiting: int  # asked for a 1:1, no call booked yet
    screening_unlogged: int  # calls held more than a day ago with no log
    screener_load: list[tuple[str, int, int]]  # (name, calls this week, weekly capacity)
    reviews_open: int
    reviews_overdue: int
    review_days_median: int | None
    review_days_p90: int | None
    questions_unclaimed: int
    mentor_hours_to_claim_median: int | None
    mentor_hours_to_answer_median: int | None
    computed_at: object = None


def _in_scope(user: User, path: str) -> Q:
    if sees_all_regions(user):
        return Q()
    return Q(**{f"{path}__in": regions_visible_to(user)})


def _count_of(rows: QuerySet, column: str) -> Coalesce:
    """COUNT of ``rows`` as a correlated subquery on ``column`` (0 when none): evaluated only
    for the rows a LIMIT keeps, where a join with GROUP BY would count every row first."""
    counted = rows.order_by().values(column).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def activity_for(user: User) -> Activity:
    """The figures of the user's scope, read at most a minute ago."""
    regions = visible_region_ids(user)
    key = "dashboard:activity:" + ("all" if regions is None else "-".join(map(str, regions)))
    activity = cache.get(key)
    if activity is None:
        activity = read_activity(user)
        cache.set(key, activity, CACHE_SECONDS)
    return activity


def read_activity(user: User) -> Activity:
    """Ten queries, whatever the number of sessions, calls, applications or questions."""
    now = timezone.now()
    since = now - timedelta(days=RECENT_DAYS)
    # 1. The last sessions held (walking the (status, starts_at) index), with their
    #    registrations and attendance counted for those ten only.
    registrations = IntroCallRegistration.objects.filter(call=OuterRef("pk"))
    sessions = (
        IntroCall.objects.filter(_in_scope(user, "region"), starts_at__lte=now, status="held")
        .annotate(
            registered=_count_of(
                registrations.filter(status=RegistrationStatus.REGISTERED), "call"
            ),
            attended=_count_of(registrations.filter(attended=True), "call"),
        )
        .select_related("region")
        .order_by("-starts_at")[:SESSIONS_SHOWN]
    )
    # 2-3. Screening backlog: asked for a 1:1 with no open call; calls past with no log.
    waiting = (
        Candidate.objects.filter(
            _in_scope(user, "region"),
            stage=Stage.INTRO_ATTENDED,
            screening_opt_in_at__isnull=False,
        )
        .exclude(
            screening_calls__status__in=[ScreeningCallStatus.BOOKED, ScreeningCallStatus.ASSIGNED]
        )
        .count()
    )
    unlogged = ScreeningCall.objects.filter(
        _in_scope(user, "candidate__region"),
        status=ScreeningCallStatus.BOOKED,
        starts_at__lt=now - timedelta(days=1),
    ).count()
    # 4. Screener load this week (the busiest ten in scope): each screener's calls of the
    #    week counted on the (screener, starts_at) index.
    week_start = (now - timedelta(days=now.weekday())).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    screeners = Screener.objects.filter(status="approved")
    if not sees_all_regions(user):
        screeners = screeners.filter(
            pk__in=Screener.regions.through.objects.filter(
                region__in=regions_visible_to(user)
            ).values("screener")
        )
    week_calls = ScreeningCall.objects.filter(
        screener=OuterRef("pk"),
        starts_at__gte=week_start,
        starts_at__lt=week_start + timedelta(days=7),
    )
    load = (
        screeners.annotate(week=_count_of(week_calls, "screener"))
        .select_related("user")
        .order_by("-week", "pk")[:10]
    )
    # 5-7. Endorsement reviews: open, overdue, and days from submission to decision.
    applications = Application.objects.filter(_in_scope(user, "region"))
    open_reviews = applications.filter(status=ApplicationStatus.SUBMITTED)
    reviews_open = open_reviews.count()
    reviews_overdue = open_reviews.filter(decision_due_on__lt=timezone.localdate()).count()
    review_days = sorted(
        max(0, (decided - submitted).days)
        for submitted, decided in applications.filter(
            decided_at__gte=since, submitted_at__isnull=False
        ).values_list("submitted_at", "decided_at")
    )
    # 8-9. Mentors: questions waiting, and hours to a claim and to a first answer.
    questions = Question.objects.filter(_in_scope(user, "region"))
    unclaimed = questions.filter(status=QuestionStatus.OPEN).count()
    timings = list(
        questions.filter(created_at__gte=since, claimed_at__isnull=False).values_list(
            "created_at", "claimed_at", "first_answered_at"
        )
    )
    to_claim = sorted(
        int((claimed - asked).total_seconds() // 3600) for asked, claimed, _answered in timings
    )
    to_answer = sorted(
        int((answered - asked).total_seconds() // 3600)
        for asked, _claimed, answered in timings
        if answered
    )
    return Activity(
        sessions=[
            SessionFigures(
                call.starts_at,
                str(call.region or "National"),
                call.capacity,
                call.registered,
                call.attended,
            )
            for call in sessions
        ],
        screening_waiting=waiting,
        screening_unlogged=unlogged,
        screener_load=[
            (screener.user.get_short_name(), screener.week, screener.weekly_capacity)
            for screener in load
        ],
        reviews_open=reviews_open,
        reviews_overdue=reviews_overdue,
        review_days_median=percentile(review_days, 0.5),
        review_days_p90=percentile(review_days, 0.9),
        questions_unclaimed=unclaimed,
        mentor_hours_to_claim_median=percentile(to_claim, 0.5),
        mentor_hours_to_answer_median=percentile(to_answer, 0.5),
        computed_at=now,
    )
