"""My journey's one next step, from where the candidate is and what they did last: a
booked intro call or 1:1 shows that call (when, with whom, join, add to calendar,
change), a request waiting for a volunteer says who will be in touch.
"""

from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rfs import registry

from .enums import Activity, RegistrationStatus, ScreeningCallStatus, Stage
from .models import Candidate


@dataclass(frozen=True)
class NextStep:
    title: str
    text: str
    url: str = ""
    action: str = ""
    # A step whose action changes something is a button posting here, not a link.
    post_url: str = ""
    # The call the step is about (an intro call registration or a 1:1), shown with its
    # time in the candidate's zone and its own links (join, add to calendar, change).
    when: datetime | None = None
    links: tuple[tuple[str, str], ...] = ()


def _intro_call_step(registration) -> NextStep:
    call = registration.call
    if registration.status == RegistrationStatus.WAITLISTED:
        return NextStep(
            title=_("You're on the waitlist for an intro call"),
            text=_(
                "If a place opens up we'll email you straight away. Or pick another time that has room."
            ),
            when=call.starts_at,
            url=reverse("candidates:calls"),
            action=_("See other times"),
        )
    return NextStep(
        title=_("You're booked on an intro call"),
        text=_(
            "Hosted by %(name)s. Come as you are: you can just listen. Your join link works from "
            "15 minutes before the start."
        )
        % {"name": call.host.get_short_name()},
        when=call.starts_at,
        url=reverse("candidates:call_join", args=[registration.join_token]),
        action=_("Join the call"),
        links=(
            (_("Add to calendar"), reverse("candidates:call_ics", args=[registration.pk])),
            (_("Change or cancel"), reverse("candidates:calls")),
        ),
    )


def _screening_call_step(call) -> NextStep:
    name = call.screener.user.get_short_name()
    if call.status == ScreeningCallStatus.ASSIGNED or call.starts_at is None:
        return NextStep(
            title=_("%(name)s will be in touch") % {"name": name},
            text=_(
                "%(name)s is the volunteer for your one-on-one. They'll email you soon to find a "
                "half-hour that suits you both."
            )
            % {"name": name},
            url=reverse("candidates:screening"),
            action=_("See your one-on-one"),
        )
    links = [(_("Add to calendar"), reverse("candidates:screening_ics"))]
    links.append((_("Change the time"), reverse("candidates:screening")))
    return NextStep(
        title=_("Your one-on-one with %(name)s is booked") % {"name": name},
        text=_(
            "Half an hour on video with %(name)s. There's nothing to prepare: come with your "
            "questions."
        )
        % {"name": name},
        when=call.starts_at,
        url=call.screener.meeting_url,
        action=_("Join the call") if call.screener.meeting_url else "",
        links=tuple(links),
    )


def _book_step() -> NextStep:
    return NextStep(
        title=_("Book your one-on-one"),
        text=_("Pick a half-hour that suits you with a volunteer who has been where you are."),
        url=reverse("candidates:screening"),
        action=_("Book your one-on-one"),
    )


def _opt_in_step() -> NextStep:
    return NextStep(
        title=_("Talk one-on-one with a volunteer"),
        text=_(
            "A volunteer will help you think through which office fits you and what comes next. "
            "It's a relaxed half-hour chat, and there's no wrong answer."
        ),
        post_url=reverse("candidates:screening_opt_in"),
        action=_("Yes, I'd like a one-on-one"),
    )


def next_step(candidate: Candidate, journey=None) -> NextStep:
    """The one thing to do next, from the candidate's latest action.

    ``journey`` (``selectors.journey_for``) brings their intro call places, open 1:1 call
    and whether they have been to an intro call, so My journey asks nothing more; without
    it they are read here.
    """
    if candidate.activity != Activity.ACTIVE:
        return NextStep(
            title=_("Welcome back whenever you're ready"),
            text=_(
                "Your journey is on hold. Nothing is lost: pick up where you left off any time."
            ),
        )
    stage = candidate.stage
    if stage in (Stage.SIGNED_UP, Stage.INTRO_ATTENDED):
        if journey is None:
            from .selectors import journey_calls_for

            journey = journey_calls_for(candidate)
        if journey.screening_call is not None:
            return _screening_call_step(journey.screening_call)
        # Before an attended intro call only someone sent on by a director or staff may book.
        sent_on = (
            candidate.screening_sent_on_by_id is not None
            or journey.attended_intro
            or stage == Stage.INTRO_ATTENDED
        )
        if candidate.screening_opt_in_at and sent_on:
            return _book_step()
        if stage == Stage.INTRO_ATTENDED or journey.attended_intro:
            return _opt_in_step()
        if journey.calls:
            return _intro_call_step(journey.calls[0])
        return NextStep(
            title=_("Join an intro call"),
            text=_(
                "Every week a regional director hosts a friendly group video call for people just "
                "starting out. We'll email you soon with times you can pick from, or pick one now."
            ),
            url=reverse("candidates:calls"),
            action=_("See the times"),
        )
    if stage == Stage.SCREENED:
        return NextStep(
            title=_("Tell us about your race"),
            text=_(
                "When you've picked an office, add it here. We'll count down to your filing deadline with you."
            ),
            url=reverse("candidates:race_declare"),
            action=_("Declare a race"),
        )
    if stage in (Stage.RUNNING, Stage.NOT_ENDORSED, Stage.APPLIED, Stage.ENDORSED):
        # Where they stand with our endorsement decides this step: the endorsements app
        # answers through the registry (on My journey it has already read it for its
        # own card, so this asks nothing more).
        for hook in registry.journey_next_steps:
            if (step := hook(candidate)) is not None:
                return step
        return NextStep(
            title=_("Keep your race up to date"),
            text=_("Update your filing status as you go."),
            url=reverse("candidates:race_declare"),
            action=_("Update my race"),
        )
    return NextStep(
        title=_("Thinking about running again?"),
        text=_(
            "Whatever the result, you did something brave. When you're ready, declare your next race."
        ),
        url=reverse("candidates:race_declare"),
        action=_("Declare a new race"),
    )


# What each step of their history means, in the candidate's own words rather than the
# pipeline's ("Screened"). A note written by staff is never shown here: it may hold an
# override's reason meant for colleagues.
HISTORY_WORDS = {
    Stage.SIGNED_UP: _("You joined us"),
    Stage.INTRO_ATTENDED: _("You came to an intro call"),
    Stage.SCREENED: _("You had your one-on-one with a volunteer"),
    Stage.RUNNING: _("You declared your race"),
    Stage.APPLIED: _("You applied for our endorsement"),
    Stage.ENDORSED: _("We endorsed you"),
    Stage.NOT_ENDORSED: _("We couldn't endorse you this time"),
    Stage.WON: _("You won your race"),
    Stage.LOST: _("Your race ended"),
}
ACTIVITY_WORDS = {
    Activity.ACTIVE: _("You picked your journey back up"),
    Activity.PAUSED: _("You paused your journey"),
    Activity.WITHDRAWN: _("You stepped back"),
}


def history_words(change) -> str:
    """One line of My journey's history for a ``StageChange`` row."""
    if change.kind == "activity":
        return ACTIVITY_WORDS.get(change.activity, change.get_activity_display())
    return HISTORY_WORDS.get(change.to_stage, change.get_to_stage_display())
