"""The candidate's admin page: whether email reaches them, and clearing a block.

Kept out of ``people.py`` (a readonly field and an action ``CandidateAdmin`` names): a
hard bounce or a spam complaint (``rfs.services.suppression``) stops all but sign-in
codes; staff who have confirmed the address works clear it here, audited.
"""

from django.contrib import admin, messages
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rfs.net import client_address
from rfs.selectors import suppression_for
from rfs.services.suppression import suppression_clear


@admin.display(description=_("email delivery"))
def email_delivery(candidate) -> str:
    """ "Delivered normally", or why and since when email to them is paused (one query)."""
    row = suppression_for(candidate.user.email)
    if row is None:
        return str(_("Delivered normally"))
    return str(
        _(
            "Paused since %(date)s: %(reason)s (%(provider)s). Only sign-in codes are sent. "
            "Use the “Email again” action once the address works, or ask them to change it."
        )
        % {
            "date": date_format(row.created_at, "DATE_FORMAT"),
            "reason": row.get_reason_display(),
            "provider": row.provider or "—",
        }
    )


@admin.action(
    description=_("Email again (clear a bounce or complaint block)"), permissions=["change"]
)
def email_again(modeladmin, request, queryset) -> None:
    cleared = sum(
        suppression_clear(
            email=candidate.user.email,
            acting_user=request.user,
            person=candidate.user,
            address=client_address(request),
        )
        for candidate in queryset.select_related("user")
    )
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d candidate will get email again.",
            "%(count)d candidates will get email again.",
            cleared,
        )
        % {"count": cleared},
        messages.SUCCESS,
    )
