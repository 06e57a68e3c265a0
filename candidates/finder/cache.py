"""The finder's cache version: bumped when staff import offices, so cached office lists are
rebuilt."""

from __future__ import annotations

FINDER_CACHE_VERSION_KEY = "finder:offices:version"


def finder_cache_version() -> int:
    from django.core.cache import cache

    return cache.get(FINDER_CACHE_VERSION_KEY, 0)


def finder_cache_bump() -> None:
    """An offices import changed what is elected somewhere: cached finder results are stale."""
    from django.core.cache import cache

    cache.add(FINDER_CACHE_VERSION_KEY, 0, None)
    cache.incr(FINDER_CACHE_VERSION_KEY)
