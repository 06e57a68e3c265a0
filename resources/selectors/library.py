"""The library: search (PostgreSQL text search, a SQLite fallback), facets and bookmarks."""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)

from ..enums import Format, Topic
from ..models import (
    Bookmark,
    Resource,
)
from .visibility import resources_visible_to

__all__ = [
    "LIBRARY_PAGE_SIZE",
    "SEARCH_CONFIG",
    "Facet",
    "LibraryResults",
    "bookmarks_for",
    "library_search",
]


LIBRARY_PAGE_SIZE = 12


# PostgreSQL's text search configuration; migration 0003 indexes the same expression.
SEARCH_CONFIG = "english"


# Words of a query matched on SQLite (a laptop's fallback): enough for any real query.
SQLITE_MAX_WORDS = 8


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class LibraryResults:
    page: Page
    # Disjunctive counts: a topic's count is over the matches of the query and the chosen
    # formats (topics widen each other), a format's over the query and the chosen topics.
    topics: list[Facet]
    formats: list[Facet]
    total: int
    bookmarked: set[int] = field(default_factory=set)


def _search_postgresql(queryset: QuerySet[Resource], q: str) -> QuerySet[Resource]:
    """Full-text search: title weighs A, description B, body C; matches of the title
    come first whatever the rank of a body that repeats the words (ts_rank lets many body
    hits outweigh one title hit), then by rank, then newest."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("description", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )
    query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
    return (
        queryset.annotate(
            document=vector, title_document=SearchVector("title", config=SEARCH_CONFIG)
        )
        .filter(document=query)
        .annotate(
            rank=SearchRank(vector, query),
            title_hit=Case(
                When(title_document=query, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-title_hit", "-rank", "-created_at", "-pk")
    )


def _search_sqlite(queryset: QuerySet[Resource], q: str) -> QuerySet[Resource]:
    """Every word somewhere in the title, description or body; all words in the title
    first, then some in the title, then in the description, then newest."""
    words = re.findall(r"\w+", q)[:SQLITE_MAX_WORDS]
    if not words:
        return queryset.order_by("-created_at", "-pk")
    every_word = Q()
    in_title_all, in_title_any, in_description_any = Q(), Q(), Q()
    for word in words:
        every_word &= (
            Q(title__icontains=word) | Q(description__icontains=word) | Q(body__icontains=word)
        )
        in_title_all &= Q(title__icontains=word)
        in_title_any |= Q(title__icontains=word)
        in_description_any |= Q(description__icontains=word)
    score = Case(
        When(in_title_all, then=Value(3)),
        When(in_title_any, then=Value(2)),
        When(in_description_any, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return (
        queryset.filter(every_word).annotate(score=score).order_by("-score", "-created_at", "-pk")
    )


def _matching(user, q: str) -> QuerySet[Resource]:
    queryset = resources_visible_to(user)
    if not q:
        return queryset.order_by("-created_at", "-pk")
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, q)
    return _search_sqlite(queryset, q)


def library_search(
    *,
    user,
    q: str = "",
    topics: Sequence[str] = (),
    formats: Sequence[str] = (),
    page: int | str | None = 1,
    page_size: int = LIBRARY_PAGE_SIZE,
) -> LibraryResults:
    """One page of the resources ``user`` may read that match ``q``, any of ``topics``
    and any of ``formats``, best match first (newest first without a query), with the
    facet counts and which results the user bookmarked.

    Three queries at most besides ``audiences_for``'s: the matches' ids, formats and
    topics in order (the facets, the total and the page's ids are counted from it), the
    page's rows, and the user's bookmarks among them. Topics are a JSON list, and SQLite
    has no JSON containment lookup (Django raises NotSupportedError), so the topic filter
    runs on that first read, the same way on both databases; a library holds hundreds
    of resources, not millions.
    """
    q = q.strip()
    chosen_topics, chosen_formats = set(topics), set(formats)
    rows = list(_matching(user, q).values_list("pk", "format", "topics"))

    def has_topic(row) -> bool:
        return not chosen_topics or bool(chosen_topics & set(row[2] or []))

    def has_format(row) -> bool:
        return not chosen_formats or row[1] in chosen_formats

    topic_counts = Counter(topic for row in rows if has_format(row) for topic in set(row[2] or []))
    format_counts = Counter(row[1] for row in rows if has_topic(row))
    ordered = [row[0] for row in rows if has_topic(row) and has_format(row)]

    paginator = Paginator(ordered, page_size)
    result_page = paginator.get_page(page)
    by_pk = Resource.objects.defer("body").in_bulk(result_page.object_list)
    result_page.object_list = [by_pk[pk] for pk in result_page.object_list if pk in by_pk]
    bookmarked: set[int] = set()
    if user and user.is_authenticated and by_pk:
        bookmarked = set(
            Bookmark.objects.filter(user=user, resource_id__in=list(by_pk)).values_list(
                "resource_id", flat=True
            )
        )
    return LibraryResults(
        page=result_page,
        topics=[
            Facet(value, str(label), topic_counts[value], value in chosen_topics)
            for value, label in Topic.choices
            if topic_counts[value] or value in chosen_topics
        ],
        formats=[
            Facet(value, str(label), format_counts[value], value in chosen_formats)
            for value, label in Format.choices
            if format_counts[value] or value in chosen_formats
        ],
        total=len(ordered),
        bookmarked=bookmarked,
    )


def bookmarks_for(user) -> QuerySet[Bookmark]:
    """The user's bookmarks of resources they may still read, newest first, each with its
    resource (a resource unpublished or moved to another audience since drops out)."""
    return (
        Bookmark.objects.filter(user=user, resource__in=resources_visible_to(user))
        .select_related("resource")
        .defer("resource__body")
        .order_by("-created_at", "-pk")
    )
