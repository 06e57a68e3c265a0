"""The inbox link and its count in the staff navigation. The count comes from the cache
only (kept by the inbox page and at sign-in, dropped by any change behind it), so it
adds no query to any page; without one the link shows no number."""

from django.urls import reverse

from rfs.enums import PRIVILEGED_ROLES


def inbox_count(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # role_names is read once per request, by the navigation already.
    if not (user.is_superuser or user.role_names & PRIVILEGED_ROLES):
        return {}
    from .selectors import inbox_count_cached

    return {"inbox_url": reverse("workplace:inbox"), "inbox_count": inbox_count_cached(user)}
