"""My journey's one next step, from where the candidate is.

Later issues (intro calls, screening, endorsements) give each step its own page; until
then the step says what will happen and who will be in touch.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import Activity, Stage
from .models import Candidate


@dataclass(frozen=True)
class NextStep:
    title: str
    text: str
    url: str = ""
    action: str = ""
    # A step whose action changes something is a button posting here, not a link.
    post_url: str = ""


def next_step(candidate: Candidate) -> NextStep:
    if candidate.activity != Activity.ACTIVE:
        return NextStep(
            title=_("Welcome back whenever you're ready"),
            text=_("Your journey is on hold. Nothing is lost: pick up where you left off any time."),
        )
    stage = candidate.stage
    if stage == Stage.SIGNED_UP:
        return NextStep(
            title=_("Join an intro call"),
            text=_("Every week a regional director hosts a friendly group video call for people just "
                   "starting out. We'll email you soon with times you can pick from, or pick one now."),
            url=reverse("candidates:calls"),
            action=_("See the times"),
        )
    if stage == Stage.INTRO_ATTENDED:
        if candidate.screening_opt_in_at:
            return NextStep(
                title=_("Book your one-on-one"),
                text=_("Pick a half-hour that suits you with a volunteer who has been where you are."),
                url=reverse("candidates:screening"),
                action=_("Book your one-on-one"),
            )
        return NextStep(
            title=_("Talk one-on-one with a volunteer"),
            text=_("A volunteer will help you think through which office fits you and what comes next. "
                   "It's a relaxed half-hour chat, and there's no wrong answer."),
            post_url=reverse("candidates:screening_opt_in"),
            action=_("Yes, I'd like a one-on-one"),
        )
    if stage == Stage.SCREENED:
        return NextStep(
            title=_("Tell us about your race"),
            text=_("When you've picked an office, add it here. We'll count down to your filing deadline with you."),
            url=reverse("candidates:race_declare"),
            action=_("Declare a race"),
        )
    if stage in (Stage.RUNNING, Stage.NOT_ENDORSED, Stage.APPLIED, Stage.ENDORSED):
        # The endorsements app says where they stand; on My journey it has already read
        # it for its own card, so this asks nothing more.
        from django.utils.formats import date_format

        from endorsements.journey import State, endorsement_status_for_journey

        status = endorsement_status_for_journey(candidate)
        home = reverse("endorsements:eligibility")
        application = status.application
        if status.state == State.ENDORSED:
            return NextStep(
                title=_("You're endorsed!"),
                text=_("Congratulations. Our team, your mentors and our partners are with you all the way "
                       "to election day."),
                url=home,
                action=_("See your endorsement"),
            )
        if status.state == State.SUBMITTED:
            if status.pending_explanations:
                return NextStep(
                    title=_("We have a question for you"),
                    text=_("Our review team would like to hear from you about your application before "
                           "the committee votes."),
                    url=reverse("endorsements:explain", args=[status.pending_explanations[0].pk]),
                    action=_("Answer our question"),
                )
            return NextStep(
                title=_("We're reviewing your application"),
                text=_("Thank you for applying. You'll hear our decision by email by %(date)s.")
                % {"date": date_format(application.decision_due_on, "F j, Y")},
                url=home,
                action=_("See what happens next"),
            )
        if status.state == State.DRAFT:
            return NextStep(
                title=_("Finish your application"),
                text=_("Your answers are saved. Pick up where you left off; applications close on %(date)s.")
                % {"date": date_format(status.cycle.closes_on, "F j, Y")},
                url=reverse("endorsements:apply_step", args=[application.step]),
                action=_("Finish your application"),
            )
        if status.state in (State.ELIGIBLE, State.DECLINED) and status.eligibility.eligible:
            return NextStep(
                title=_("Apply for our endorsement") if status.state == State.ELIGIBLE else _("You can apply again"),
                text=_("Applications are open until %(date)s. It takes about half an hour, and it saves as you go.")
                % {"date": date_format(status.cycle.closes_on, "F j, Y")},
                url=home,
                action=_("Apply for our endorsement") if status.state == State.ELIGIBLE else _("Apply again"),
            )
        if status.cycle is not None:
            return NextStep(
                title=_("See what's needed for our endorsement"),
                text=_("Applications are open. We'll show you what to do before you can apply, and groups "
                       "that could help."),
                url=home,
                action=_("See what's needed"),
            )
        opens = (
            _("The next round of endorsement applications opens on %(date)s; we'll let you know.")
            % {"date": date_format(status.next_cycle.opens_on, "F j, Y")}
            if status.next_cycle else _("Endorsement applications open in rounds; we'll let you know.")
        )
        return NextStep(
            title=_("Keep your race up to date"),
            text=_("Update your filing status as you go. %(opens)s") % {"opens": opens},
            url=reverse("candidates:race_declare"),
            action=_("Update my race"),
        )
    return NextStep(
        title=_("Thinking about running again?"),
        text=_("Whatever the result, you did something brave. When you're ready, declare your next race."),
        url=reverse("candidates:race_declare"),
        action=_("Declare a new race"),
    )
