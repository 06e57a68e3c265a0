"""Forms of the review pages: the queue's filters, the recommendation, research, a request for
an explanation, votes and decisions."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..enums import Recommendation, ResearchKind, VoteChoice
from ..selectors import (
    QUEUE_SORTS,
    QUEUE_STATUSES,
)


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Show"),
        required=False,
        choices=[
            ("waiting", gettext_lazy("Waiting for a decision")),
            ("decided", gettext_lazy("Decided")),
        ],
    )
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)
    sort = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[
            ("due", gettext_lazy("Decision due soonest")),
            ("submitted", gettext_lazy("Oldest first")),
            ("recent", gettext_lazy("Newest first")),
            ("decided", gettext_lazy("Decided most recently")),
        ],
    )

    def __init__(self, data, *, regions: list):
        super().__init__(data)
        self.fields["region"].choices = [
            ("", _("All regions")),
            *[(region.pk, str(region)) for region in regions],
        ]
        self.regions = {str(region.pk): region for region in regions}
        if len(regions) < 2:
            del self.fields["region"]

    def filters(self) -> dict:
        """The queue's filters; anything unknown is ignored rather than refused."""
        data = self.data
        status = data.get("status") if data.get("status") in QUEUE_STATUSES else "waiting"
        default_sort = "decided" if status == "decided" else "due"
        sort = data.get("sort") if data.get("sort") in QUEUE_SORTS else default_sort
        region = self.regions.get(data.get("region", "")) if "region" in self.fields else None
        return {"status": status, "region": region, "sort": sort}


class RecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=gettext_lazy("Your recommendation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=gettext_lazy("Why"),
        max_length=5000,
        widget=_textarea(5),
        help_text=gettext_lazy(
            "For the committee and national staff; the candidate never sees it."
        ),
    )


class ResearchForm(forms.Form):
    kind = forms.ChoiceField(choices=ResearchKind.choices, widget=forms.HiddenInput)
    not_applicable = forms.BooleanField(
        label=gettext_lazy("Not applicable to this race"),
        required=False,
        help_text=gettext_lazy(
            "Every item must be checked or marked not applicable before you recommend."
        ),
    )
    finding = forms.CharField(
        label=gettext_lazy("What you found"),
        required=False,
        max_length=5000,
        widget=_textarea(3),
        help_text=gettext_lazy(
            "Leave empty if there is nothing of note. Internal: never shown to the candidate."
        ),
    )


class ExplanationRequestForm(forms.Form):
    kind = forms.ChoiceField(choices=ResearchKind.choices, widget=forms.HiddenInput)
    question = forms.CharField(
        label=gettext_lazy("Question for the candidate"),
        max_length=2000,
        widget=_textarea(3),
        help_text=gettext_lazy(
            "The candidate reads exactly this, never the finding. Be kind and specific."
        ),
    )


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=gettext_lazy("Your vote"), choices=VoteChoice.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=3000,
        widget=_textarea(3),
        help_text=gettext_lazy(
            "Recusing is final for this application. Comments stay inside the committee."
        ),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        widget=forms.RadioSelect,
        choices=[("approve", gettext_lazy("Endorse")), ("decline", gettext_lazy("Do not endorse"))],
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the candidate"),
        required=False,
        max_length=5000,
        widget=_textarea(4),
        help_text=gettext_lazy(
            "Sent to the candidate with a decline, and shown if they apply again."
        ),
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Deciding before the recommendation or the quorum? Say why"),
        required=False,
        max_length=2000,
        widget=_textarea(2),
        help_text=gettext_lazy(
            "Internal, kept in the history. Leave empty once the director has recommended "
            "and the committee has voted."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Please give the candidate a reason: they will read it."))
        return cleaned
