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
    if stage in (Stage.RUNNING, Stage.NOT_ENDORSED):
        return NextStep(
            title=_("Keep your race up to date"),
            text=_("Update your filing status as you go. Endorsement applications open in cycles; we'll let you know."),
            url=reverse("candidates:race_declare"),
            action=_("Update my race"),
        )
    if stage in (Stage.APPLIED, Stage.ENDORSED):
        return NextStep(
            title=_("We're with you"),
            text=_("Your application is with us. We'll email you as soon as there's news."),
        )
    return NextStep(
        title=_("Thinking about running again?"),
        text=_("Whatever the result, you did something brave. When you're ready, declare your next race."),
        url=reverse("candidates:race_declare"),
        action=_("Declare a new race"),
    )
