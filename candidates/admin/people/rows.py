"""The candidates list's rows, drawn with what every row shares worked out once.

Django's ``items_for_result`` works out each cell from scratch: for every row it reverses
the change page's URL and resolves it again against the whole URLconf (to add the list's
filters to the link), renders the action checkbox through a form widget's template and
flattens each choice field's choices. At 50 rows that was about as long as the search
itself. ``candidate_rows`` gives the same HTML, cell for cell (a test compares the two),
with the link's address, the choice labels and the checkbox's markup prepared once per
list. A list it was not written for (other columns, a popup, editable rows) is drawn by
Django as before.
"""

from django.contrib.admin.templatetags.admin_list import ResultList, results
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

# The columns this drawing knows, in order (CandidateAdmin.list_display after the checkbox).
COLUMNS = [
    "action_checkbox",
    "name",
    "email",
    "state",
    "region",
    "stage",
    "activity",
    "stage_changed_on",
    "signed_up_on",
]
# Django's own sentence for the checkbox (its catalogue has the translations), kept out of
# ours: a name, not a literal, so makemessages does not copy it.
CHECKBOX_LABEL = "Select this object for an action - {}"
# A stand-in for the primary key, so the change page's URL is reversed once.
PK_MARK = "0pk0"


def _fits(cl) -> bool:
    return (
        list(cl.list_display) == COLUMNS
        and list(cl.list_display_links) == ["name"]
        and not cl.formset
        and not cl.is_popup
        and not cl.to_field
    )


def _labels(cl, name: str) -> dict:
    return {value: str(label) for value, label in cl.model._meta.get_field(name).flatchoices}


def _text(value: str, empty: str) -> str:
    """A text cell as Django shows it: escaped, or the empty mark when only spaces."""
    return conditional_escape(value) if value.strip() else empty


def candidate_rows(cl) -> list[ResultList]:
    """The rows of the list as Django's ``results(cl)`` gives them."""
    if not _fits(cl):
        return list(results(cl))
    admin = cl.model_admin
    empty = conditional_escape(admin.get_empty_value_display())
    url = reverse(
        f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
        args=(PK_MARK,),
        current_app=admin.admin_site.name,
    )
    # The change page is not the list, so every row's link carries the same filters.
    url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
    link_start, link_end = (conditional_escape(part) for part in url.split(PK_MARK, 1))
    checkbox_label = gettext(CHECKBOX_LABEL)
    states, stages, activities = (_labels(cl, name) for name in ("state", "stage", "activity"))

    def choice(labels: dict, value) -> str:
        label = labels.get(value)
        return empty if label is None else conditional_escape(label)

    rows = []
    for candidate in cl.result_list:
        pk = candidate.pk
        name, email = _text(admin.name(candidate), empty), _text(candidate.user.email, empty)
        # As format_html makes it: the person escaped, the sentence as translated.
        label = checkbox_label.format(conditional_escape(str(candidate)))
        region = candidate.region
        cells = [
            '<td class="action-checkbox"><input type="checkbox" name="_selected_action" '
            f'value="{conditional_escape(str(pk))}" class="action-select" '
            f'aria-label="{label}"></td>',
            f'<th class="field-name"><a href="{link_start}{conditional_escape(quote(pk))}'
            f'{link_end}">{name}</a></th>',
            f'<td class="field-email">{email}</td>',
            f'<td class="field-state">{choice(states, candidate.state)}</td>',
            '<td class="field-region nowrap">'
            f"{empty if region is None else conditional_escape(str(region))}</td>",
            f'<td class="field-stage">{choice(stages, candidate.stage)}</td>',
            f'<td class="field-activity">{choice(activities, candidate.activity)}</td>',
            f'<td class="field-stage_changed_on">{_text(admin.stage_changed_on(candidate), empty)}</td>',
            f'<td class="field-signed_up_on">{_text(admin.signed_up_on(candidate), empty)}</td>',
        ]
        rows.append(ResultList(None, [SafeString(cell) for cell in cells]))
    return rows
