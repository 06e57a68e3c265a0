"""Counting and paging the candidates list: a count capped so a national list stays fast,
and for a search, the count and the page's rows found in one reading of the matches."""

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CappedCountPaginator(Paginator):
    """Counts no further than ``cap`` rows.

    Counting every row a director may see is the slowest part of the list at national
    scale (a quarter of a million rows in one region); past the cap the list offers its
    first hundred pages, and narrowing it or the CSV (every row) does the rest. The count
    is one query as before, without ORDER BY so PostgreSQL may stop at the cap by any
    plan.

    A search (``searched_page`` set by the admin: the page asked for) is counted and its
    page picked by the same query: the matches, no more than ``cap`` of them in no order,
    counted by a window and sorted in the list's order, of which the page's ids are kept
    (``_searched``). The page's query then reads those rows by primary key. PostgreSQL
    reads the matches once instead of twice (at a million candidates, the 2,831 of a
    common last name in the largest region: 9,135 heap pages each time). When the matches
    reach the cap they were not all read, so the page is picked as for any list (one
    query more, only then).
    """

    cap = 10_000
    # The page number asked for, when the list is searched (CandidateSearchMixin).
    searched_page: int | None = None

    @cached_property
    def count(self) -> int:
        searched = self._searched
        if searched is not None:
            return searched[0]
        return self.object_list.order_by()[: self.cap].count()

    @property
    def capped(self) -> bool:
        return self.count >= self.cap

    @cached_property
    def _searched(self) -> tuple[int, list] | None:
        """(count, the ids of page ``searched_page``), or None when this list is not read so:
        not a search, an order on another table's column, or a page past the matches."""
        if self.searched_page is None or not isinstance(self.object_list, QuerySet):
            return None
        queryset = self.object_list
        keys = _own_column_order(queryset)
        if keys is None or self.searched_page < 1:
            return None
        connection = connections[queryset.db]
        quote = connection.ops.quote_name
        pk = queryset.model._meta.pk
        # Each selected column is named after itself in ``m``: the ORM selects them unaliased.
        fields = sorted({field for field, _descending in keys} | {pk})
        matches = queryset.order_by().values_list(*(field.name for field in fields))[: self.cap]
        sql, params = matches.query.get_compiler(using=queryset.db).as_sql()
        order = ", ".join(
            f"m.{quote(field.column)}{' DESC' if descending else ' ASC'}"
            for field, descending in keys
        )
        with connection.cursor() as cursor:
            # Only the ORM's SQL and quoted column names: no text from the request.
            cursor.execute(
                f"SELECT m.{quote(pk.column)}, COUNT(*) OVER () FROM ({sql}) m "
                f"ORDER BY {order} LIMIT %s OFFSET %s",
                (*params, self.per_page, (self.searched_page - 1) * self.per_page),
            )
            rows = cursor.fetchall()
        if not rows:
            # No matches (page 1), or a page past them: the count must come from its query.
            return (0, []) if self.searched_page == 1 else None
        return rows[0][1], [row[0] for row in rows]

    def _get_page(self, object_list, number, paginator):
        searched = self._searched
        if searched is not None and number == self.searched_page and searched[0] < self.cap:
            object_list = self._rows(self.object_list, searched[1])
        else:
            object_list = self._picked_first(object_list)
        return super()._get_page(object_list, number, paginator)

    @staticmethod
    def _rows(queryset: QuerySet, ids) -> QuerySet:
        """These rows, read with what the list joins (person, region), in the list's order."""
        rows = queryset.model._default_manager.filter(pk__in=ids)
        rows.query.select_related = queryset.query.select_related
        return rows.order_by(*queryset.query.order_by)

    @classmethod
    def _picked_first(cls, page):
        """The page's rows picked on the candidates alone, then read with their person
        and region: ``pk IN (the filtered, ordered, sliced ids)``.

        Joined first, PostgreSQL read the person of every candidate matching a search
        before sorting and keeping 50: half of the page's buffers. The same rows in the
        same order; still one query.
        """
        if not isinstance(page, QuerySet) or not page.query.is_sliced:
            return page
        return cls._rows(page, page.values("pk"))


def _own_column_order(queryset: QuerySet) -> list[tuple] | None:
    """The list's order as (field, descending) on the candidate's own columns, or None
    when it sorts by anything else (a person's name: that order needs the join)."""
    opts = queryset.model._meta
    keys = []
    for key in queryset.query.order_by:
        if not isinstance(key, str):
            return None
        name = key.removeprefix("-")
        if name == "pk":
            name = opts.pk.name
        try:
            field = opts.get_field(name)
        except FieldDoesNotExist:  # a lookup across a relation ("user__name"), an alias
            return None
        if not getattr(field, "concrete", False) or field.is_relation:
            return None
        if all(field is not seen for seen, _descending in keys):  # the admin repeats a key
            keys.append((field, key.startswith("-")))
    return keys or None
