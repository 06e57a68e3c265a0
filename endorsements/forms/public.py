"""Forms of the public endorsements pages and of the endorsed candidate's own pages: the
list's filters, the listing (photo checked by ``services.results.photo_prepare``) and the
election result. The forms check formats and hand clean values to the services."""

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from candidates.enums import OfficeLevel, RaceResult
from rfs.enums import State

from ..models import Endorsement
from ..public import ELECTION_PAST, ELECTION_UPCOMING

# Only web links: a donation link is something people click.
WEB_LINK = URLValidator(schemes=["http", "https"])
ELECTION_ANY = "any"


class PublicFilterForm(forms.Form):
    """The public list's filters, sent by GET. Blank means "any"."""

    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("Any state")), *State.choices], required=False
    )
    level = forms.ChoiceField(
        label=_("Kind of office"),
        choices=[("", _("Any office")), *OfficeLevel.choices],
        required=False,
    )
    election = forms.ChoiceField(label=_("Election"), required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["election"].choices = [
            (ELECTION_UPCOMING, _("Upcoming")),
            (ELECTION_PAST, _("Past")),
            (ELECTION_ANY, _("Any date")),
            *[(str(year), str(year)) for year in years],
        ]

    def filters(self) -> dict:
        """Keyword arguments for ``endorsements.public.endorsements_public``; upcoming
        elections unless they chose otherwise, and no filter from a field in error."""
        data = (
            self.cleaned_data
            if self.is_valid()
            else {
                name: value
                for name, value in getattr(self, "cleaned_data", {}).items()
                if name not in self.errors
            }
        )
        election = data.get("election") or ELECTION_UPCOMING
        return {
            "state": data.get("state") or None,
            "level": data.get("level") or None,
            "election": None if election == ELECTION_ANY else election,
        }


class ListingForm(forms.Form):
    """The endorsed candidate's public listing; the photo is checked by the service."""

    listed = forms.BooleanField(
        label=_("Show me on the public endorsements page"),
        required=False,
        help_text=_(
            "You can change this any time. Turned off, your page disappears straight away."
        ),
    )
    bio = forms.CharField(
        label=_("One line about you"),
        max_length=300,
        required=False,
        help_text=_("For example: “Nurse and mom of two, running to fix our schools.”"),
    )
    website = forms.URLField(
        label=_("Campaign website"),
        max_length=500,
        required=False,
        validators=[WEB_LINK],
        assume_scheme="https",
        help_text=_("The full address, like https://rivera4council.org"),
    )
    donation_url = forms.URLField(
        label=_("Donation link"),
        max_length=500,
        required=False,
        validators=[WEB_LINK],
        assume_scheme="https",
        help_text=_("Where supporters can chip in, like your ActBlue page."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"}),
        # The limit is services.results.PHOTO_MAX_BYTES.
        help_text=_(
            "A JPEG or PNG up to 5 MB. A friendly headshot works best. Without one, we show your initials."
        ),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    def __init__(self, *args, endorsement: Endorsement, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "listed": endorsement.listed,
                "bio": endorsement.bio,
                "website": endorsement.website,
                "donation_url": endorsement.donation_url,
            },
        )
        super().__init__(*args, **kwargs)
        if not endorsement.photo:
            del self.fields["remove_photo"]


class ResultForm(forms.Form):
    result = forms.ChoiceField(
        label=_("How did it go?"),
        widget=forms.RadioSelect,
        choices=[
            (RaceResult.WON, _("I won!")),
            (RaceResult.LOST, _("I didn't win this time")),
            (RaceResult.RUNOFF, _("I'm in a runoff")),
            (RaceResult.WITHDREW, _("I withdrew from the race")),
        ],
    )
