"""Shared by the resources admin: Markdown help text, reserved slugs, read-only lists."""

from django.utils.translation import gettext_lazy as _

from rfs.admin import RegionScopedAdmin

from ..enums import Topic

MARKDOWN_HELP = _(
    "Markdown: ## a heading, **bold**, *italic*, - a list item, 1. a numbered item, > a quote, "
    "[link text](https://example.org). Links may start with https://, http://, mailto: or / (a page of "
    "this site). Raw HTML and images are not shown: attach a file or link to it instead."
)


# Addresses the library's own pages use: a resource may not take them as its slug.
RESERVED_SLUGS = frozenset({"bookmarks"})


class ReadOnlyAdmin(RegionScopedAdmin):
    """Lists written elsewhere (by candidates, screeners and services): staff only read them."""

    region_path = None

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _topic_labels(topics: list[str]) -> str:
    labels = dict(Topic.choices)
    return ", ".join(str(labels.get(topic, topic)) for topic in topics or []) or "—"
