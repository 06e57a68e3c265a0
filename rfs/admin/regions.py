"""Regions in the admin."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .. import services
from ..enums import State
from ..models import Region
from .base import RegionScopedAdmin


class RegionForm(forms.ModelForm):
    member_states = forms.MultipleChoiceField(
        label=_("States"),
        choices=State.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Region
        fields = ["name", "directors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["member_states"] = list(
                self.instance.states.values_list("state", flat=True)
            )

    def clean_member_states(self):
        states = self.cleaned_data["member_states"]
        taken = (
            Region.objects.exclude(pk=self.instance.pk)
            .filter(states__state__in=states)
            .values_list("name", "states__state")
        )
        if taken:
            raise forms.ValidationError(
                _("Each state belongs to one region. Already taken: %(taken)s."),
                params={"taken": ", ".join(f"{state} ({name})" for name, state in taken)},
            )
        return states


@admin.register(Region)
class RegionAdmin(RegionScopedAdmin):
    region_path = ""
    form = RegionForm
    list_display = ["name", "member_states", "director_list"]
    search_fields = ["name"]
    filter_horizontal = ["directors"]
    fields = ["name", "member_states", "directors"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("states", "directors")

    @admin.display(description=_("States"))
    def member_states(self, region: Region) -> str:
        return ", ".join(sorted(s.state for s in region.states.all()))

    @admin.display(description=_("Directors"))
    def director_list(self, region: Region) -> str:
        return ", ".join(str(d) for d in region.directors.all()) or "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.region_set_states(region=form.instance, states=form.cleaned_data["member_states"])
