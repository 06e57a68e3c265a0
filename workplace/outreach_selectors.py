"""Reads of outreach: the segments a person may open, the candidates a segment holds (only
ever those the person may see), and who an email to it would reach or leave out, and why."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.enums import Activity
from candidates.models import Candidate
from candidates.selectors import candidates_visible_to
from rfs.models import User
from rfs.rules import is_national_staff
from rfs.selectors import suppressed_among

from .models import Segment, SegmentRecipient

# What a segment may filter on; a filter is a dict of these keys (blank ones left out).
FILTER_KEYS = (
    "stage",
    "region",
    "state",
    "office_level",
    "source",
    "tag",
    "owner",
    "min_days_in_stage",
)

# Why someone in a segment gets no email, in the order they are checked.
LEFT_OUT_REASONS = {
    "withdrawn": _("withdrawn"),
    "no_consent": _("no email consent"),
    "unsubscribed": _("unsubscribed"),
    "suppressed": _("address suppressed after bounces"),
}


def _require(user: User) -> None:
    if not user.has_perm("workplace.use_segments"):
        raise PermissionDenied


def segments_for(user: User) -> QuerySet[Segment]:
    """The person's own segments (every segment for national staff)."""
    _require(user)
    rows = Segment.objects.select_related("created_by")
    if not is_national_staff.test(user):
        rows = rows.filter(created_by=user)
    return rows.order_by("name", "pk")


def segment_for(user: User, pk: int) -> Segment:
    """One segment the person may open: 403 for roles without segments, 404 otherwise."""
    segment = segments_for(user).filter(pk=pk).first()
    if segment is None:
        raise Http404
    return segment


def segment_candidates(user: User, filters: dict) -> QuerySet[Candidate]:
    """The candidates a filter holds, among those ``user`` may see: a director's segment
    never holds a candidate outside their regions, whatever the filter says."""
    _require(user)
    rows = candidates_visible_to(user)
    value = filters.get
    if value("stage"):
        rows = rows.filter(stage=value("stage"))
    if value("region"):
        rows = rows.filter(region_id=value("region"))
    if value("state"):
        rows = rows.filter(state=value("state"))
    if value("office_level"):
        rows = rows.filter(office_interests__level=value("office_level"))
    if value("source"):
        rows = rows.filter(utm_source=value("source"))
    if value("tag"):
        rows = rows.filter(workplace_file__tags=value("tag"))
    if value("owner"):
        rows = rows.filter(workplace_file__owner=value("owner"))
    if value("min_days_in_stage"):
        since = timezone.now() - timedelta(days=int(value("min_days_in_stage")))
        rows = rows.filter(stage_changed_at__lte=since)
    # The joins above may repeat a candidate; the ids keep each once.
    return (
        Candidate.objects.filter(pk__in=rows.values("pk"))
        .select_related("user", "region")
        .order_by("user__name", "pk")
    )


@dataclass
class Audience:
    """Who an email to a segment reaches, and who it leaves out, by reason."""

    recipients: list[Candidate] = field(default_factory=list)
    left_out: dict[str, list[Candidate]] = field(default_factory=dict)

    @property
    def left_out_counts(self) -> dict[str, int]:
        return {reason: len(people) for reason, people in self.left_out.items() if people}

    @property
    def left_out_labels(self) -> list[tuple[str, int]]:
        return [(str(LEFT_OUT_REASONS[r]), n) for r, n in self.left_out_counts.items()]

    @property
    def left_out_total(self) -> int:
        return sum(self.left_out_counts.values())


def audience(user: User, filters: dict) -> Audience:
    """Split a segment into who gets the email and who is left out (two queries)."""
    people = list(segment_candidates(user, filters))
    suppressed = suppressed_among(c.user.email for c in people)
    result = Audience(left_out={reason: [] for reason in LEFT_OUT_REASONS})
    for candidate in people:
        if candidate.activity == Activity.WITHDRAWN:
            result.left_out["withdrawn"].append(candidate)
        elif not candidate.consent_email:
            result.left_out["no_consent"].append(candidate)
        elif candidate.user.unsubscribed_at is not None:
            result.left_out["unsubscribed"].append(candidate)
        elif candidate.user.email.lower() in suppressed:
            result.left_out["suppressed"].append(candidate)
        elif candidate.user.is_active:
            result.recipients.append(candidate)
    return result


def emails_to(candidate: Candidate) -> list[SegmentRecipient]:
    """The emails to segments this candidate was sent, newest first (one query)."""
    return list(
        SegmentRecipient.objects.filter(candidate=candidate)
        .select_related("email__sent_by")
        .order_by("-email__created_at", "-pk")
    )


def outreach_section(candidate: Candidate, viewer: User):
    """The candidate's record: the emails to segments they were sent, who sent each and
    when (``registry.record_sections``). One query."""
    from rfs.registry import RecordSection

    return RecordSection(
        key="outreach",
        title=_("Emails to segments"),
        template="workplace/_record_outreach.html",
        context={"rows": emails_to(candidate)},
    )
