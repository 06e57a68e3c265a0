"""Forms of the library pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..enums import Format, Topic

__all__ = ["LibrarySearchForm"]


class LibrarySearchForm(forms.Form):
    """The library's search box and facets, read from the address (GET).

    Unknown topics or formats in a hand-edited address are dropped rather than refused:
    a search never fails.
    """

    q = forms.CharField(label=_("Search the library"), max_length=200, required=False)
    topic = forms.MultipleChoiceField(label=_("Topic"), choices=Topic.choices, required=False)
    format = forms.MultipleChoiceField(label=_("Format"), choices=Format.choices, required=False)

    def filters(self) -> dict:
        """The query, topics and formats to search with (only the valid ones)."""
        data = self.data
        return {
            "q": (data.get("q") or "").strip()[:200],
            "topics": [value for value in data.getlist("topic") if value in Topic.values],
            "formats": [value for value in data.getlist("format") if value in Format.values],
        }
