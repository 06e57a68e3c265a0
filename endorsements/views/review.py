"""The review of endorsement applications: the queue, and the page that shows the
application, the research and recommendation, and the votes and history side by side.

Directors, committee members and national staff use these pages; anyone else gets 403.
An application outside what the reader may see answers 404, the same as a missing one
(``selectors.applications_visible_to``). Each form is shown only to who may use it, and
each button posts to its own URL, which checks the same permission (403) and scope
(404) again and calls one service in ``services.reviews``. Candidates never come here.
"""

from urllib.parse import urlencode

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rfs.audit import audit_record
from rfs.enums import AuditAction
from rfs.net import client_address

from ..enums import VoteChoice
from ..forms.review import (
    DecisionForm,
    ExplanationRequestForm,
    QueueFilterForm,
    RecommendationForm,
    ResearchForm,
    VoteForm,
)
from ..models import Application, ResearchItem
from ..selectors import (
    ReviewDetail,
    applications_visible_to,
    attach_regions,
    queue_regions_for,
    review_detail,
    review_queue,
)
from ..services.reviews import (
    ReviewError,
    decision_make,
    explanation_request,
    recommendation_write,
    research_check,
    vote_cast,
)

QUEUE_PAGE_SIZE = 25


# --- Helpers -------------------------------------------------------------------------------


def _require_reviewer(request: HttpRequest) -> None:
    """Directors, committee members and staff; everyone else 403."""
    if not request.user.has_perm("endorsements.review"):
        raise PermissionDenied


def _application_for(request: HttpRequest, pk: int, permission: str) -> Application:
    """The application behind a button: 403 for a role that may not press it, 404 for an
    application outside the reader's scope (or missing), 403 for one they may see but
    not act on (a committee member recommending)."""
    _require_reviewer(request)
    application = get_object_or_404(
        applications_visible_to(request.user).select_related(
            "candidate__user", "region", "race", "cycle"
        ),
        pk=pk,
    )
    if not request.user.has_perm(permission, application):
        raise PermissionDenied
    return application


def _research_forms(
    kind: str, item: ResearchItem | None, bound: dict
) -> tuple[forms.Form, forms.Form]:
    auto_id = f"id_{kind}_%s"
    research = bound.get(("research", kind)) or ResearchForm(
        initial={"kind": kind, "finding": item.finding if item else ""},
        auto_id=auto_id,
    )
    explain = bound.get(("explain", kind)) or ExplanationRequestForm(
        initial={"kind": kind, "question": item.explanation_question if item else ""},
        auto_id=f"id_{kind}_ask_%s",
    )
    return research, explain


def _render_review(
    request: HttpRequest, detail: ReviewDetail, bound: dict | None = None
) -> HttpResponse:
    """The review page; ``bound`` holds a form sent with a mistake, shown with its errors."""
    bound = bound or {}
    user, application = request.user, detail.application
    audit_record(
        action=AuditAction.VIEW_APPLICATION,
        acting_user=user,
        person=application.candidate.user_id,
        about=application,
        address=client_address(request),
    )
    waiting = detail.waiting
    may_research = waiting and user.has_perm("endorsements.research", application)
    may_recommend = waiting and user.has_perm("endorsements.recommend", application)
    may_vote = waiting and user.has_perm("endorsements.vote") and not detail.recused
    may_decide = waiting and user.has_perm("endorsements.decide")
    research_rows = []
    for row in detail.research:
        research_form, explain_form = (
            _research_forms(row.kind, row.item, bound) if may_research else (None, None)
        )
        research_rows.append({"row": row, "form": research_form, "explain_form": explain_form})
    recommendation, my_vote = detail.recommendation, detail.my_vote
    # A form sent with a mistake is shown with its errors even if the page would now hide
    # it (a recused member's vote, a decision someone else just made).
    context = {
        "detail": detail,
        "application": application,
        "candidate": application.candidate,
        "race": application.race,
        "research_rows": research_rows,
        "recommendation_form": bound.get("recommendation")
        or (
            RecommendationForm(
                initial={
                    "recommendation": recommendation.recommendation if recommendation else None,
                    "text": recommendation.text if recommendation else "",
                }
            )
            if may_recommend
            else None
        ),
        "vote_form": bound.get("vote")
        or (
            VoteForm(
                initial={
                    "choice": my_vote.choice if my_vote else None,
                    "comment": my_vote.comment if my_vote else "",
                }
            )
            if may_vote
            else None
        ),
        "decision_form": bound.get("decision") or (DecisionForm() if may_decide else None),
        "may_research": may_research,
    }
    return render(request, "endorsements/review/detail.html", context)


def _failed(
    request: HttpRequest, pk: int, key, form: forms.Form, error: ReviewError | None = None
) -> HttpResponse:
    """Show the page again with the form as typed and what went wrong."""
    if error is not None:
        form.add_error(None, str(error))
    return _render_review(request, review_detail(request.user, pk), {key: form})


def _back(pk: int, anchor: str) -> HttpResponse:
    response = redirect("endorsements:review", pk=pk)
    response["Location"] += f"#{anchor}"
    return response


# --- Pages ---------------------------------------------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The applications the reader reviews, the decision due soonest first."""
    _require_reviewer(request)
    regions = list(queue_regions_for(request.user))
    form = QueueFilterForm(request.GET, regions=regions)
    filters = form.filters()
    page = Paginator(
        review_queue(request.user, regions=regions, **filters), QUEUE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    attach_regions(page.object_list, regions)
    query = {"status": filters["status"], "sort": filters["sort"]}
    if filters["region"] is not None:
        query["region"] = filters["region"].pk
    return render(
        request,
        "endorsements/review/queue.html",
        {
            "form": form,
            "page": page,
            "filters": filters,
            "query": urlencode(query),
            "filtered": filters["region"] is not None or filters["status"] != "waiting",
            # The rule itself, not the auth backends: a "no" would cost two permission queries.
            "may_vote": rules.has_perm("endorsements.vote", request.user),
            "today": timezone.localdate(),
        },
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Left the application, middle research and recommendation, right votes and history."""
    _require_reviewer(request)
    return _render_review(request, review_detail(request.user, pk))


@login_required
@require_POST
def recommend(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk, "endorsements.recommend")
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        return _failed(request, pk, "recommendation", form)
    try:
        recommendation_write(application=application, director=request.user, **form.cleaned_data)
    except ReviewError as error:
        return _failed(request, pk, "recommendation", form, error)
    messages.success(request, _("Your recommendation is saved. The committee can read it now."))
    return _back(pk, "recommendation")


@login_required
@require_POST
def research(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk, "endorsements.research")
    kind = request.POST.get("kind", "")
    form = ResearchForm(request.POST, auto_id=f"id_{kind}_%s")
    if not form.is_valid():
        return _failed(request, pk, ("research", kind), form)
    try:
        item = research_check(application=application, by=request.user, **form.cleaned_data)
    except ReviewError as error:
        return _failed(request, pk, ("research", kind), form, error)
    messages.success(request, _("“%(check)s” is checked off.") % {"check": item.get_kind_display()})
    return _back(pk, f"research-{item.kind}")


@login_required
@require_POST
def explanation_ask(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk, "endorsements.research")
    kind = request.POST.get("kind", "")
    form = ExplanationRequestForm(request.POST, auto_id=f"id_{kind}_ask_%s")
    if not form.is_valid():
        return _failed(request, pk, ("explain", kind), form)
    item = ResearchItem.objects.filter(
        application=application, kind=form.cleaned_data["kind"]
    ).first()
    if item is None or item.checked_at is None:
        return _failed(
            request,
            pk,
            ("explain", kind),
            form,
            ReviewError(_("Please check this item off first.")),
        )
    item.application = application
    try:
        explanation_request(item=item, by=request.user, question=form.cleaned_data["question"])
    except ReviewError as error:
        return _failed(request, pk, ("explain", kind), form, error)
    messages.success(
        request, _("We've emailed the candidate your question. Their answer will show here.")
    )
    return _back(pk, f"research-{item.kind}")


@login_required
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk, "endorsements.vote")
    form = VoteForm(request.POST)
    if not form.is_valid():
        return _failed(request, pk, "vote", form)
    try:
        cast = vote_cast(application=application, member=request.user, **form.cleaned_data)
    except ReviewError as error:
        return _failed(request, pk, "vote", form, error)
    if cast.choice == VoteChoice.RECUSED:
        messages.success(
            request, _("You've recused yourself from this application. Thank you for saying so.")
        )
    else:
        messages.success(
            request, _("Your vote is in: %(choice)s.") % {"choice": cast.get_choice_display()}
        )
    return _back(pk, "votes")


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application_for(request, pk, "endorsements.decide")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _failed(request, pk, "decision", form)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        decision_make(
            application=application,
            by=request.user,
            approve=approve,
            reason=form.cleaned_data["reason"],
            address=client_address(request),
            override_reason=form.cleaned_data["override_reason"],
        )
    except ReviewError as error:
        return _failed(request, pk, "decision", form, error)
    name = application.candidate.user.get_full_name() or str(application.candidate)
    if approve:
        messages.success(
            request, _("%(name)s is endorsed. We've emailed them the good news.") % {"name": name}
        )
    else:
        messages.success(
            request, _("Decision saved. We've emailed %(name)s with your reason.") % {"name": name}
        )
    return _back(pk, "decision")


urlpatterns = [
    path("review/", queue, name="review_queue"),
    path("review/<int:pk>/", review, name="review"),
    path("review/<int:pk>/recommend/", recommend, name="review_recommend"),
    path("review/<int:pk>/research/", research, name="review_research"),
    path("review/<int:pk>/explanation/", explanation_ask, name="review_explanation_request"),
    path("review/<int:pk>/vote/", vote, name="review_vote"),
    path("review/<int:pk>/decide/", decide, name="review_decide"),
]
