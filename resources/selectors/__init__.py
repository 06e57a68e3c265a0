"""Reads of the resources app, by module: ``visibility`` (who sees which resources,
suggestions), ``library`` (search, bookmarks), ``trainings`` (courses, partner trainings),
``community`` (channels, the directory, partners), ``perks``, and ``journey`` (My
journey's community part and the data export). Import from here.

Who sees what is one question, ``audiences_for(user)``: visitors read what is public,
candidates what is for signed-in candidates too (and, once endorsed, what is for
endorsed candidates), and the team everything published. Unpublished rows appear only
in the admin. Every function here reads in a fixed number of queries.
"""

from .community import (
    JOURNEY_CHANNELS,
    KIND_ORDER,
    ChannelGroup,
    DirectoryStatus,
    active_channels,
    channels_for,
    channels_grouped,
    directory_for,
    directory_profile_of,
    directory_status,
    partners_search,
)
from .journey import JourneyFacts, export_community, journey_community, journey_facts
from .library import (
    LIBRARY_PAGE_SIZE,
    SEARCH_CONFIG,
    Facet,
    LibraryResults,
    bookmarks_for,
    library_search,
)
from .perks import (
    SHARED_CACHE_SECONDS,
    PerkList,
    PerkOffer,
    open_perk_count,
    perk_is_open,
    perk_list_for,
    perks_closed,
    perks_for,
)
from .trainings import (
    CATALOGUE_CACHE_SECONDS,
    CourseRow,
    course_lessons,
    courses_completed,
    courses_for,
    journey_trainings,
    partner_trainings_upcoming,
    published_course_rows,
)
from .visibility import (
    CONCERN_TOPICS,
    NEXT_STEP_TOPICS,
    SUGGESTIONS_MAX,
    audiences_for,
    candidate_of,
    courses_visible_to,
    resources_sendable_to,
    resources_suggested,
    resources_visible_to,
)

__all__ = [
    "CATALOGUE_CACHE_SECONDS",
    "CONCERN_TOPICS",
    "JOURNEY_CHANNELS",
    "KIND_ORDER",
    "LIBRARY_PAGE_SIZE",
    "NEXT_STEP_TOPICS",
    "SEARCH_CONFIG",
    "SHARED_CACHE_SECONDS",
    "SUGGESTIONS_MAX",
    "ChannelGroup",
    "CourseRow",
    "DirectoryStatus",
    "Facet",
    "JourneyFacts",
    "LibraryResults",
    "PerkList",
    "PerkOffer",
    "active_channels",
    "audiences_for",
    "bookmarks_for",
    "candidate_of",
    "channels_for",
    "channels_grouped",
    "course_lessons",
    "courses_completed",
    "courses_for",
    "courses_visible_to",
    "directory_for",
    "directory_profile_of",
    "directory_status",
    "export_community",
    "journey_community",
    "journey_facts",
    "journey_trainings",
    "library_search",
    "open_perk_count",
    "partner_trainings_upcoming",
    "partners_search",
    "perk_is_open",
    "perk_list_for",
    "perks_closed",
    "perks_for",
    "published_course_rows",
    "resources_sendable_to",
    "resources_suggested",
    "resources_visible_to",
]
