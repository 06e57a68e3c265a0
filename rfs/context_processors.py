from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import Role


def navigation(request) -> dict:
    """The navigation follows the person's roles: a few links, then menus that group the
    rest ("nav_menus": label and links), so the bar fits at 1024 px for every role."""
    user = getattr(request, "user", None)
    explore = [
        (_("What could I run for?"), reverse("candidates:finder")),
        # Open to everyone: the library and trainings, our endorsed candidates.
        (_("Library"), reverse("resources:library")),
        (_("Our candidates"), reverse("endorsements:public_list")),
    ]
    if user is None or not user.is_authenticated:
        return {"nav_items": explore, "nav_menus": [], "Role": Role}

    items = []
    team = []
    if user.has_role(Role.CANDIDATE):
        items.append((_("My journey"), reverse("candidates:journey")))
        items.append((_("Intro calls"), reverse("candidates:calls")))
        items.append((_("Ask the experts"), reverse("mentorship:questions")))
        items.append((_("Community"), reverse("resources:community")))
    else:
        items.append((_("Home"), reverse("home")))
    directs = user.has_role(Role.REGIONAL_DIRECTOR) or user.has_role(Role.NATIONAL_STAFF)
    if directs:
        items.append((_("Dashboard"), reverse("dashboard")))
    if user.role_names & {Role.COMMITTEE_MEMBER, Role.REGIONAL_DIRECTOR, Role.NATIONAL_STAFF}:
        items.append((_("Reviews"), reverse("endorsements:review_queue")))
    # The role, not a Screener row: a lookup here would cost every page a query.
    if user.has_role(Role.SCREENER):
        team.append((_("My 1:1 calls"), reverse("candidates:screener_home")))
    if user.has_role(Role.MENTOR):
        team.append((_("Mentoring"), reverse("mentorship:mentor_home")))
    if directs:
        team.append((_("Hosting calls"), reverse("candidates:host_calls")))
        team.append((_("Mentor requests"), reverse("mentorship:match_requests")))
    if user.is_staff and (user.is_superuser or user.needs_admin):
        team.append((_("Admin"), reverse("admin:index")))
    menus = []
    if len(team) == 1:
        items.extend(team)
    elif team:
        menus.append((_("Team"), team))
    menus.append((_("Explore"), explore))
    menus.append(
        (
            _("Account"),
            [
                (_("Email and profile"), reverse("account_email")),
                (_("Security"), reverse("mfa_index")),
            ],
        )
    )
    return {"nav_items": items, "nav_menus": menus, "Role": Role}
