"""Reads of the workplace: a person's inbox (from every app, through the registry), the
candidate's record with its sections, notes, owner and tags, and the colleagues who may
be mentioned. Each in a fixed number of queries."""

from collections import OrderedDict
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from candidates.models import Candidate
from candidates.selectors import candidates_visible_to
from rfs import registry
from rfs.enums import Role
from rfs.models import User
from rfs.registry import InboxItem, RecordSection

from .models import CandidateFile, Note, Tag

# The counts in the navigation: one cache key per person, and a version that any change
# behind an inbox item bumps (``signals``), so a count is never older than the last change.
VERSION_KEY = "workplace:inbox:version"


@dataclass(frozen=True)
class InboxGroup:
    kind: str
    title: str
    items: list[InboxItem]


def inbox_for(user: User) -> list[InboxGroup]:
    """Everything that needs this person now, grouped by kind in the apps' order."""
    now = timezone.now()
    groups: OrderedDict[str, InboxGroup] = OrderedDict()
    for hook in registry.inbox_items:
        for item in hook(user, now=now):
            group = groups.setdefault(item.kind, InboxGroup(item.kind, item.group, []))
            group.items.append(item)
    return list(groups.values())


def _count_key(user_id: int, version: int) -> str:
    return f"workplace:inbox:{version}:{user_id}"


def inbox_count_keep(user: User, count: int) -> None:
    version = cache.get_or_set(VERSION_KEY, 1, None)
    cache.set(_count_key(user.pk, version), count, _seconds())


def inbox_count_cached(user: User) -> int | None:
    """The person's inbox count as last computed, or None if it changed since: the cache
    only, never the database (every staff page shows it)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        return None
    return cache.get(_count_key(user.pk, version))


def inbox_count_refresh(user: User) -> int:
    count = sum(len(group.items) for group in inbox_for(user))
    inbox_count_keep(user, count)
    return count


def inbox_changed() -> None:
    """Something behind an inbox item changed: every kept count is out of date."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def _seconds() -> int:
    from django.conf import settings

    return settings.RFS_INBOX_COUNT_SECONDS


def record_candidate(user: User, pk: int) -> Candidate:
    """The candidate whose record the person opens, with person and region: 403 for roles
    that have no records, 404 for a candidate outside their regions. One query."""
    if not user.has_perm("workplace.open_records"):
        raise PermissionDenied
    candidate = candidates_visible_to(user).select_related("user", "region").filter(pk=pk).first()
    if candidate is None:
        raise Http404
    return candidate


def record_sections(candidate: Candidate, viewer: User) -> list[RecordSection]:
    sections = (hook(candidate, viewer) for hook in registry.record_sections)
    return [section for section in sections if section is not None]


def notes_for(candidate: Candidate) -> list[Note]:
    """Newest first, with author and the people mentioned: two queries."""
    return list(
        Note.objects.filter(candidate=candidate)
        .select_related("author")
        .prefetch_related(Prefetch("mentions", queryset=User.objects.order_by("name", "email")))
    )


def file_for(candidate: Candidate) -> CandidateFile | None:
    """The owner and tags, if set: one query (two when there is a file)."""
    return (
        CandidateFile.objects.filter(candidate=candidate)
        .select_related("owner")
        .prefetch_related("tags")
        .first()
    )


def colleagues_for(candidate: Candidate) -> QuerySet[User]:
    """Who may open this record (and so be mentioned or own it): the region's directors
    and national staff, active."""
    scope = Q(groups__name=Role.NATIONAL_STAFF) | Q(is_superuser=True)
    if candidate.region_id:
        scope |= Q(directed_regions=candidate.region_id, groups__name=Role.REGIONAL_DIRECTOR)
    ids = User.objects.filter(scope, is_active=True).values("pk")
    return User.objects.filter(pk__in=ids).order_by("name", "email")


def owner_choices(candidate: Candidate) -> QuerySet[User]:
    """Who may be responsible for the candidate: those who can open the record, and the
    volunteers (approved screeners and mentors) of the candidate's region."""
    scope = Q(groups__name=Role.NATIONAL_STAFF) | Q(is_superuser=True)
    if candidate.region_id:
        scope |= Q(directed_regions=candidate.region_id, groups__name=Role.REGIONAL_DIRECTOR)
        scope |= Q(screener__regions=candidate.region_id, screener__status="approved")
        scope |= Q(mentor__region=candidate.region_id, mentor__status="approved")
    ids = User.objects.filter(scope, is_active=True).values("pk")
    return User.objects.filter(pk__in=ids).order_by("name", "email")


def tags() -> QuerySet[Tag]:
    return Tag.objects.order_by("name")


def candidates_list(
    user: User, *, tag: int | None = None, owner: int | None = None
) -> QuerySet[Candidate]:
    """The candidates the person may open, filtered by tag and owner, newest first."""
    if not user.has_perm("workplace.open_records"):
        raise PermissionDenied
    rows = candidates_visible_to(user)
    if tag:
        rows = rows.filter(workplace_file__tags=tag)
    if owner:
        rows = rows.filter(workplace_file__owner=owner)
    return rows.select_related("user", "region", "workplace_file__owner").order_by(
        "-created_at", "-pk"
    )


def owners_in_use(user: User) -> list[User]:
    """The owners of the candidates the person may open, for the list's filter."""
    owner_ids = CandidateFile.objects.filter(
        candidate__in=candidates_visible_to(user).values("pk"), owner__isnull=False
    ).values("owner")
    return list(User.objects.filter(pk__in=owner_ids).order_by("name", "email"))
