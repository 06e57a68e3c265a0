from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import Role


def navigation(request) -> dict:
    """The navigation follows the person's roles."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        if user.has_role(Role.CANDIDATE):
            items.append((_("My journey"), reverse("candidates:journey")))
        else:
            items.append((_("Home"), reverse("home")))
        if user.is_staff and (user.is_superuser or user.needs_admin):
            items.append((_("Workplace"), reverse("admin:index")))
        items.append((_("Account"), reverse("account_email")))
        items.append((_("Security"), reverse("mfa_index")))
    items.insert(1 if items else 0, (_("What could I run for?"), reverse("candidates:finder")))
    return {"nav_items": items, "Role": Role}
