"""Who may see and change candidates."""

import rules

from rfs.rules import is_national_staff, is_regional_director

rules.add_perm("candidates", is_national_staff | is_regional_director)
# Directors work on their regions' candidates (the admin scopes the rows); staff on all.
rules.add_perm("candidates.view_candidate", is_national_staff | is_regional_director)
rules.add_perm("candidates.change_candidate", is_national_staff | is_regional_director)
# A stage move outside the usual steps (``TRANSITIONS``): national staff only, with a
# written reason. ``services.candidate_move`` checks it itself, whoever calls it.
rules.add_perm("candidates.move_outside_steps", is_national_staff)

# Offices data (jurisdictions, offices, elections) is managed by national staff.
rules.add_perm("candidates.view_jurisdiction", is_national_staff)
rules.add_perm("candidates.add_jurisdiction", is_national_staff)
rules.add_perm("candidates.change_jurisdiction", is_national_staff)
rules.add_perm("candidates.delete_jurisdiction", is_national_staff)
rules.add_perm("candidates.view_office", is_national_staff)
rules.add_perm("candidates.add_office", is_national_staff)
rules.add_perm("candidates.change_office", is_national_staff)
rules.add_perm("candidates.delete_office", is_national_staff)
rules.add_perm("candidates.view_election", is_national_staff)
rules.add_perm("candidates.add_election", is_national_staff)
rules.add_perm("candidates.change_election", is_national_staff)
rules.add_perm("candidates.delete_election", is_national_staff)


# --- Weekly intro calls -------------------------------------------------------------------


@rules.predicate
def hosts_intro_calls(user) -> bool:
    """Anyone asked to host a call (a volunteer, say) runs their own sessions' pages."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    from .models import IntroCall

    return IntroCall.objects.filter(host=user).exists()


# The host pages (sessions, rosters, attendance): directors, staff and anyone hosting.
# Which sessions they may open is the selector's job (``calls_visible_to``).
may_host_intro_calls = is_national_staff | is_regional_director | hosts_intro_calls
rules.add_perm("candidates.host_intro_calls", may_host_intro_calls)


@rules.predicate
def runs_intro_call(user, call) -> bool:
    """Changing a session, cancelling it, marking it held and taking attendance: the
    selector's question (``calls_run_by``) asked of one session, so pages, services and
    the admin can't drift apart. A director sees national sessions but doesn't run them."""
    if call is None or not (user and user.is_authenticated):
        return False
    from .selectors import calls_run_by

    return calls_run_by(user).filter(pk=call.pk).exists()


rules.add_perm("candidates.run_intro_call", runs_intro_call)

# In the admin directors look after their regions' calls (rows scoped by the admin);
# sessions are added from schedules or the host pages, and removed by national staff.
rules.add_perm("candidates.view_introcallschedule", is_national_staff | is_regional_director)
rules.add_perm("candidates.change_introcallschedule", is_national_staff | is_regional_director)
rules.add_perm("candidates.delete_introcallschedule", is_national_staff)
rules.add_perm("candidates.view_introcall", is_national_staff | is_regional_director)
rules.add_perm("candidates.change_introcall", is_national_staff | is_regional_director)
rules.add_perm("candidates.delete_introcall", is_national_staff)
rules.add_perm("candidates.view_introcallregistration", is_national_staff | is_regional_director)
rules.add_perm("candidates.change_introcallregistration", is_national_staff | is_regional_director)
rules.add_perm("candidates.delete_introcallregistration", is_national_staff)
rules.add_perm("candidates.add_introcallschedule", is_national_staff | is_regional_director)
rules.add_perm("candidates.add_introcall", is_national_staff)
rules.add_perm("candidates.add_introcallregistration", is_national_staff)


# --- 1:1 screening calls ------------------------------------------------------------------


@rules.predicate
def has_screener_row(user) -> bool:
    """Someone who applied to hold 1:1 calls (approved or not) has a screener home."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    from .models import Screener

    return Screener.objects.filter(user=user).exists()


may_use_screener_home = has_screener_row
rules.add_perm("candidates.screener_home", may_use_screener_home)

# In the admin directors approve their regions' screeners and look up calls; logs are
# read-only there and shown only to the candidate's region directors and staff.
rules.add_perm("candidates.view_screener", is_national_staff | is_regional_director)
rules.add_perm("candidates.change_screener", is_national_staff | is_regional_director)
rules.add_perm("candidates.delete_screener", is_national_staff)
rules.add_perm("candidates.view_screeningcall", is_national_staff | is_regional_director)
rules.add_perm("candidates.change_screeningcall", is_national_staff | is_regional_director)
rules.add_perm("candidates.delete_screeningcall", is_national_staff)
rules.add_perm("candidates.view_screeneravailability", is_national_staff | is_regional_director)
rules.add_perm("candidates.change_screeneravailability", is_national_staff | is_regional_director)
rules.add_perm("candidates.add_screeneravailability", is_national_staff | is_regional_director)
rules.add_perm("candidates.delete_screeneravailability", is_national_staff | is_regional_director)
rules.add_perm("candidates.view_screeninglog", is_national_staff | is_regional_director)
