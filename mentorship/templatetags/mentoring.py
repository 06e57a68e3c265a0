"""Template tags for the mentor's page: ``{% load mentoring %}``.

The questions waiting in a mentor's areas (up to 50) are drawn in Python: the same row in
the template language cost about as much as the rest of the page (a URL, a translated
label and a "time since" per row). Labels are translated and the question URL reversed
once a page; every value is escaped by ``format_html``.
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_text
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

register = template.Library()

_PLACEHOLDER = 918273645  # a question id no page will hold, replaced by each row's own


@register.simple_tag
def waiting_rows(questions, notified_ids) -> str:
    """One ``<li>`` per waiting question: its title (a link), "Sent to you" when the
    mentor was told about it, then its area, state, privacy and age."""
    before, after = reverse("mentorship:question", args=[_PLACEHOLDER]).split(str(_PLACEHOLDER))
    sent = format_html(' <span class="badge text-bg-info ms-1">{}</span>', _("Sent to you"))
    private = " · " + _("Private")
    asked = _("asked %(since)s ago")
    rows = []
    for question in questions:
        rows.append(
            format_html(
                '<li class="list-group-item"><a class="fw-semibold" href="{}{}{}">{}</a>{}'
                '<div class="small text-body-secondary">{}{}{} · <time datetime="{}">{}</time>'
                "</div></li>",
                before,
                question.pk,
                after,
                question.title,
                sent if question.pk in notified_ids else "",
                question.area.name,
                f" · {question.state}" if question.state else "",
                private if question.private else "",
                date_text(timezone.localtime(question.created_at), "c"),
                asked % {"since": timesince(question.created_at)},
            )
        )
    return mark_safe("\n".join(rows))  # each row is built by format_html
