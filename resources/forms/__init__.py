"""Forms of the resources app: library (search) and community (partner search, directory
profile)."""

from .community import DirectoryProfileForm, PartnerSearchForm
from .library import LibrarySearchForm

__all__ = [
    "DirectoryProfileForm",
    "LibrarySearchForm",
    "PartnerSearchForm",
]
