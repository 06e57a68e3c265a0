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
            items.append((_("Intro calls"), reverse("candidates:calls")))
            items.append((_("Ask the experts"), reverse("mentorship:questions")))
            items.append((_("Community"), reverse("resources:community")))
        else:
            items.append((_("Home"), reverse("home")))
        # The role, not a Screener row: a lookup here would cost every page a query.
        if user.has_role(Role.SCREENER):
            items.append((_("My 1:1 calls"), reverse("candidates:screener_home")))
        if user.has_role(Role.MENTOR):
            items.append((_("Mentoring"), reverse("mentorship:mentor_home")))
        if user.has_role(Role.REGIONAL_DIRECTOR) or user.has_role(Role.NATIONAL_STAFF):
            items.append((_("Dashboard"), reverse("dashboard")))
            items.append((_("Hosting calls"), reverse("candidates:host_calls")))
            items.append((_("Mentor requests"), reverse("mentorship:match_requests")))
        if user.role_names & {Role.COMMITTEE_MEMBER, Role.REGIONAL_DIRECTOR, Role.NATIONAL_STAFF}:
            items.append((_("Endorsement reviews"), reverse("endorsements:review_queue")))
        if user.is_staff and (user.is_superuser or user.needs_admin):
            items.append((_("Workplace"), reverse("admin:index")))
        items.append((_("Account"), reverse("account_email")))
        items.append((_("Security"), reverse("mfa_index")))
    items.insert(1 if items else 0, (_("What could I run for?"), reverse("candidates:finder")))
    # Open to everyone: the library and trainings, our endorsed candidates.
    items.insert(2 if len(items) > 1 else 1, (_("Library"), reverse("resources:library")))
    items.append((_("Our candidates"), reverse("endorsements:public_list")))
    return {"nav_items": items, "Role": Role}
