"""Template tags for the review queue: ``{% load reviewing %}``.

The queue's rows are drawn in Python: 25 rows of about ten conditions and labels each
cost the template language as much as the rest of the page. Labels are translated and
the review URL reversed once a page; every value is escaped by ``format_html``.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rfs.dates import format_day

register = template.Library()

_PLACEHOLDER = 918273645  # an application id no page will hold, replaced by each row's own


@register.simple_tag
def queue_rows(applications, *, status: str, may_vote: bool, today) -> str:
    """One ``<tr>`` per application: candidate (a link to the review), office, region,
    submitted, decision (or when it is due), the director's recommendation, the votes
    and, for those who vote, their own vote."""
    before, after = reverse("endorsements:review", args=[_PLACEHOLDER]).split(str(_PLACEHOLDER))
    muted = '<span class="d-block small text-body-secondary">{}</span>'
    not_yet = format_html('<span class="text-body-secondary">{}</span>', _("Not yet"))
    overdue = format_html(' <span class="badge text-bg-danger">{}</span>', _("Overdue"))
    recommendations = {"endorse": _("Endorse"), "decline": _("Do not endorse")}
    unsure = _("Unsure")
    votes = {
        "approve": _("Approve"),
        "decline": _("Decline"),
        "abstain": _("Abstain"),
        "recused": _("Recused"),
    }
    tally = _("%(approve)s approve · %(decline)s decline · %(abstain)s abstain")
    decided = status == "decided"
    rows = []
    for application in applications:
        candidate = application.candidate
        race = application.race
        if race:
            office = format_html(
                "{}" + muted, race.office_name, f"{race.jurisdiction_name}, {race.state}"
            )
        else:
            office = "—"
        if decided:
            decision = format_html(
                "{}{}",
                application.get_status_display(),
                format_html(muted, format_day(application.decided_at, "short_date"))
                if application.decided_at
                else "",
            )
        elif application.decision_due_on:
            decision = format_html(
                "{}{}",
                format_day(application.decision_due_on, "short_date"),
                overdue if application.decision_due_on < today else "",
            )
        else:
            decision = "—"
        recommendation = (
            recommendations.get(application.recommendation_value, unsure)
            if application.recommendation_value
            else not_yet
        )
        counted = tally % {
            "approve": application.votes_approve,
            "decline": application.votes_decline,
            "abstain": application.votes_abstain,
        }
        if application.votes_recused:
            counted += " · " + ngettext(
                "%(counter)s recused", "%(counter)s recused", application.votes_recused
            ) % {"counter": application.votes_recused}
        if may_vote:
            mine = votes.get(application.my_vote, not_yet) if application.my_vote else not_yet
            vote_cell = format_html("<td>{}</td>", mine)
        else:
            vote_cell = ""
        rows.append(
            format_html(
                '<tr><th scope="row"><a href="{}{}{}">{}</a></th><td>{}</td><td>{}</td>'
                '<td>{}</td><td>{}</td><td>{}</td><td class="text-nowrap small">{}</td>{}</tr>',
                before,
                application.pk,
                after,
                candidate.user.get_full_name() or candidate,
                office,
                application.region or "—",
                format_day(application.submitted_at, "short_date"),
                decision,
                recommendation,
                counted,
                vote_cell,
            )
        )
    return mark_safe("\n".join(rows))  # each row is built by format_html
