"""Forms of the intro call pages: a host's session form and the roster's attendance."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rfs.enums import Role
from rfs.models import Region, User
from rfs.selectors import regions_visible_to, sees_all_regions

from ..models import IntroCall


class IntroCallForm(forms.Form):
    """One session: when, where, who hosts. Times are read in the host's own time zone."""

    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        help_text=_("In your time zone."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=15, max_value=240, initial=60
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.none(),
        required=False,
        empty_label=_("National: anyone may join"),
    )
    host = forms.ModelChoiceField(label=_("Host"), queryset=User.objects.none())
    meeting_url = forms.URLField(
        label=_("Video meeting link"), max_length=500, assume_scheme="https"
    )
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=1000, initial=100)

    def __init__(self, *args, user: User, session: IntroCall | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.national = sees_all_regions(user)
        regions = regions_visible_to(user).order_by("name")
        self.fields["region"].queryset = regions
        # The host of a national session (a director staff asked) keeps it national.
        keeps_national = session is not None and session.region_id is None
        if not self.national and not keeps_national:
            # Only national staff run national calls.
            self.fields["region"].required = True
            self.fields["region"].empty_label = None
        # The host is the person filling the form, or a director or staff member they work with.
        hosts = Q(pk=user.pk)
        if self.national:
            hosts |= Q(groups__name__in=[Role.REGIONAL_DIRECTOR, Role.NATIONAL_STAFF])
        else:
            hosts |= Q(directed_regions__in=regions)
        self.fields["host"].queryset = (
            User.objects.filter(hosts, is_active=True).distinct().order_by("name")
        )
        self.fields["host"].label_from_instance = lambda person: person.name or person.email
        if not self.is_bound and "host" not in self.initial:
            self.initial["host"] = user.pk
