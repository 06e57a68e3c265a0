"""The directors' candidate list: ``{% load candidate_list %}``."""

from django import template
from django.contrib.admin.templatetags.admin_list import result_headers, result_hidden_fields
from django.contrib.admin.templatetags.base import InclusionAdminNode

from ..admin.people.rows import candidate_rows

register = template.Library()


def candidate_result_list(cl) -> dict:
    """What Django's ``result_list`` gives its template, with the rows drawn by
    ``candidate_rows``."""
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": candidate_rows(cl),
    }


@register.tag(name="candidate_result_list")
def candidate_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser,
        token,
        func=candidate_result_list,
        template_name="change_list_results.html",
        takes_context=False,
    )
