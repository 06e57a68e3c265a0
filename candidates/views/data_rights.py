"""A candidate's data, their choice: download a copy, or delete the account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from rfs.audit import audit_record
from rfs.enums import AuditAction
from rfs.net import client_address

from .. import privacy
from ..forms import AccountDeleteForm
from ..selectors import candidate_for_user


@login_required
@never_cache
@require_GET
def data_export(request: HttpRequest) -> HttpResponse:
    """Download everything we hold that the person gave us, as one JSON file.

    Only a candidate has such a file; anyone else gets the same 404 as a missing page.
    """
    candidate = candidate_for_user(request.user)
    data = privacy.candidate_export(candidate=candidate)
    audit_record(
        action=AuditAction.DATA_EXPORT,
        acting_user=request.user,
        person=request.user,
        about=candidate,
        address=client_address(request),
    )
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """A calm page that says what goes and what stays; typing the address confirms."""
    candidate_for_user(request.user)  # only candidates delete themselves here (404 otherwise)
    form = AccountDeleteForm(request.POST or None, expected_email=request.user.email)
    if request.method == "POST" and form.is_valid():
        privacy.candidate_erase(user=request.user, address=client_address(request))
        # Ends this session (its row is deleted); see candidate_erase for other sessions.
        logout(request)
        messages.success(
            request,
            _(
                "Your account and your data are deleted. Thank you for thinking about running. "
                "If you ever want to come back, you'll be welcome."
            ),
        )
        return redirect("home")
    return render(request, "candidates/data_delete.html", {"form": form})
