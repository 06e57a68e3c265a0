"""Searching and counting the candidates list: names, emails, phone digits and ZIP codes; a
count capped so a national list stays fast."""

import re

from django.contrib import messages
from django.contrib.admin.views.main import PAGE_VAR, SEARCH_VAR
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext_lazy as _

from .paging import CappedCountPaginator

__all__ = ["CandidateSearchMixin", "CappedCountPaginator", "phone_digits"]

# Only digits and the characters people put around them: (651) 555-0123, +1 651.555.0123.
PHONE_LIKE = re.compile(r"[\d\s().+-]+")


def phone_digits(term: str) -> str:
    """The digits of a search term typed as a phone number ('' for anything else)."""
    term = term.strip()
    if not PHONE_LIKE.fullmatch(term):
        return ""
    digits = re.sub(r"\D", "", term)
    return digits if len(digits) >= 4 else ""


def _term_match(term: str) -> Q:
    """One search word: a person's name or email, else a phone's digits or a ZIP code."""
    match = Q(search_text__icontains=term)
    digits = phone_digits(term)
    if digits:
        match |= Q(phone__contains=digits)
    if term.isdigit():
        match |= Q(zip_code__startswith=term)
    return match


class CandidateSearchMixin:
    """The list view: a capped count, and search by name, email, phone digits or ZIP code."""

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        paginator = super().get_paginator(
            request,
            queryset,
            per_page,
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
        )
        if request.GET.get(SEARCH_VAR, "").strip() and isinstance(paginator, CappedCountPaginator):
            # A search: its matches are counted and its page picked in one query.
            try:
                paginator.searched_page = int(request.GET.get(PAGE_VAR, 1))
            except ValueError:
                paginator.searched_page = 1  # as Django's ChangeList reads it
        return paginator

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None and getattr(changelist.paginator, "capped", False):
            if changelist.query:
                text = _(
                    "%(count)s or more people match. Add a word (a last name, a town) to narrow the search."
                )
            else:
                text = _(
                    "Showing the first %(count)s. Filter the list to narrow it, or export it as CSV for every row."
                )
            messages.info(request, text % {"count": f"{changelist.paginator.cap:,}"})
        return response

    def get_search_results(self, request, queryset, search_term):
        """Every word must match a name, an email, a phone or a ZIP code (as Django's
        search does), without joining people to the whole region.

        Names and emails are matched on the candidate's own copy of them
        (``Candidate.search_text``), which PostgreSQL answers from one trigram index
        (migration ``candidates.0007``): the cost follows how many candidates match, and
        the region's filter is checked on those rows only (a subquery on people found
        every person of that name in the country first; a join read the whole region). Phones are
        matched by their digits (stored as +16515550123, so "(651) 555-0123" finds it) and
        ZIP codes by their start, only for words that can be one; those still read the
        region's rows.
        """
        terms = [
            unescape_string_literal(bit)
            if bit.startswith(('"', "'")) and bit[0] == bit[-1]
            else bit
            for bit in smart_split(search_term)
        ]
        terms = [term for term in terms if term]
        if not terms:
            return queryset, False
        match = Q()
        for term in terms:
            match &= _term_match(term)
        digits = phone_digits(search_term)
        if digits:
            # The whole search typed as one phone number: "(651) 555-0123" is two words.
            match |= Q(phone__contains=digits)
        # Every lookup is on the candidate or a subquery: no row can appear twice.
        return queryset.filter(match), False
