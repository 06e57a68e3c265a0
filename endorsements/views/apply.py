"""The candidate's endorsement pages: their endorsement home (the cycle, eligibility and
partner referrals, or their application's status), the multi-step application with its
filing evidence, and the answer to a question put to them during review.

Every page is the candidate's own: anyone without a candidate record gets 404, the same
answer as for a page that does not exist. The filing evidence file is the one page
reviewers open too, through ``endorsements.view_evidence``. Writes go through
``endorsements.services.applications``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from candidates.models import Candidate
from candidates.selectors import candidate_for_user
from rfs.audit import audit_record
from rfs.enums import AuditAction
from rfs.net import client_address

from ..eligibility import cycles_around, partners_for
from ..enums import ApplicationStatus, ApplicationStep
from ..forms import EvidenceForm, ExplanationForm, service_data, step_form
from ..journey import endorsement_status
from ..models import Application, FilingEvidence, ResearchItem
from ..questionnaire import QUESTIONS
from ..services.applications import (
    STEPS,
    ApplicationError,
    application_missing,
    application_save_step,
    application_start,
    application_submit,
    evidence_add,
    evidence_remove,
    step_after,
    step_before,
)
from ..uploads import EXTENSIONS, PDF, UploadError

SAVED = gettext_lazy("Saved. You can come back any time.")

# A file we serve may be opened in the browser: it runs nothing and loads nothing.
EVIDENCE_CSP = "default-src 'none'; img-src 'self'; sandbox"


def _candidate(request: HttpRequest) -> Candidate:
    """The signed-in candidate; 404 for anyone who isn't one."""
    candidate = candidate_for_user(request.user)
    if not request.user.has_perm("endorsements.apply"):
        raise Http404
    return candidate


def _draft(candidate: Candidate) -> Application | None:
    """Their application in progress, if its cycle is still open."""
    application = (
        Application.objects.filter(candidate=candidate, status=ApplicationStatus.DRAFT)
        .select_related("cycle", "race", "previous")
        .order_by("-created_at", "-pk")
        .first()
    )
    today = timezone.localdate()
    if (
        application is None
        or not application.cycle.opens_on <= today <= application.cycle.closes_on
    ):
        return None
    application.candidate = candidate
    return application


def _progress(application: Application, current: str) -> list[dict]:
    reached = STEPS.index(application.step)
    return [
        {
            "value": value,
            "label": label,
            "number": index + 1,
            "done": index < reached and value != current,
            "current": value == current,
        }
        for index, (value, label) in enumerate(ApplicationStep.choices)
    ]


# --- The endorsement home ------------------------------------------------------------------


@login_required
def eligibility(request: HttpRequest) -> HttpResponse:
    candidate = _candidate(request)
    status = endorsement_status(candidate)
    partners = []
    if status.eligibility is not None and not status.eligibility.eligible:
        partners = partners_for(candidate, status.eligibility.reasons)
    return render(
        request,
        "endorsements/apply/home.html",
        {
            "candidate": candidate,
            "status": status,
            "partners": partners,
        },
    )


@login_required
@require_POST
def apply_start(request: HttpRequest) -> HttpResponse:
    candidate = _candidate(request)
    cycle, _next = cycles_around(timezone.localdate())
    if cycle is None:
        messages.error(request, _("Endorsement applications are closed right now."))
        return redirect("endorsements:eligibility")
    try:
        application = application_start(candidate=candidate, cycle=cycle, by=request.user)
    except ApplicationError as error:
        for message in [reason.message for reason in error.reasons] or [str(error)]:
            messages.error(request, message)
        return redirect("endorsements:eligibility")
    messages.success(
        request,
        _("Your application is started. It saves at every step, so you can take your time."),
    )
    return redirect("endorsements:apply_step", step=application.step)


# --- The application's steps ---------------------------------------------------------------


@login_required
def apply_step(request: HttpRequest, step: str) -> HttpResponse:
    if step not in STEPS:
        raise Http404
    candidate = _candidate(request)
    application = _draft(candidate)
    if application is None:
        messages.info(
            request, _("You don't have an application in progress. Here's where you stand.")
        )
        return redirect("endorsements:eligibility")
    if step == ApplicationStep.FILING:
        return _filing_step(request, application)
    if step == ApplicationStep.REVIEW:
        return _review_step(request, application)

    form = step_form(step, application, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            application_save_step(application=application, step=step, data=service_data(form))
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, SAVED)
            return _go_on(request, step)
    return _render_step(request, application, step, {"form": form})


def _action(request: HttpRequest) -> str:
    """Which button was pressed: its value, or the action its ``formaction`` names (the
    base JavaScript disables buttons on submit, and a disabled button sends no value)."""
    return request.POST.get("action") or request.GET.get("action") or "next"


def _go_on(request: HttpRequest, step: str) -> HttpResponse:
    """After a save: on to the next step, back to the one before, or stay."""
    action = _action(request)
    to = {"next": step_after(step), "back": step_before(step)}.get(action, step)
    return redirect("endorsements:apply_step", step=to)


def _filing_step(request: HttpRequest, application: Application) -> HttpResponse:
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["upload"]
        if upload is None and _action(request) == "upload":
            form.add_error("upload", _("Please choose a file first."))
        else:
            try:
                if upload is not None:
                    evidence_add(application=application, upload=upload, by=request.user)
                application_save_step(application=application, step=ApplicationStep.FILING, data={})
            except (UploadError, ApplicationError) as error:
                form.add_error("upload", str(error))
            else:
                if upload is not None:
                    messages.success(request, _("Added “%(name)s”.") % {"name": upload.name})
                messages.success(request, SAVED)
                if _action(request) == "upload":
                    return redirect("endorsements:apply_step", step=ApplicationStep.FILING)
                return _go_on(request, ApplicationStep.FILING)
    evidence = list(application.evidence.all())
    return _render_step(
        request, application, ApplicationStep.FILING, {"form": form, "evidence": evidence}
    )


def _review_step(request: HttpRequest, application: Application) -> HttpResponse:
    error = None
    if request.method == "POST":
        if _action(request) == "back":
            return redirect("endorsements:apply_step", step=step_before(ApplicationStep.REVIEW))
        try:
            application_submit(application=application, by=request.user)
        except ApplicationError as refused:
            error = refused
        else:
            messages.success(
                request, _("Your application is in! We've emailed you what happens next.")
            )
            return redirect("endorsements:eligibility")
    evidence = list(application.evidence.all())
    missing = (
        error.missing
        if error and error.missing
        else application_missing(application, evidence_count=len(evidence))
    )
    answers = application.answers or {}
    return _render_step(
        request,
        application,
        ApplicationStep.REVIEW,
        {
            "evidence": evidence,
            "missing": missing,
            "error": error,
            "answers": [(question, answers.get(question.key, "")) for question in QUESTIONS],
        },
    )


def _render_step(
    request: HttpRequest, application: Application, step: str, context: dict
) -> HttpResponse:
    index = STEPS.index(step)
    return render(
        request,
        "endorsements/apply/step.html",
        {
            "application": application,
            "step": step,
            "step_label": ApplicationStep(step).label,
            "step_number": index + 1,
            "step_count": len(STEPS),
            "progress": _progress(application, step),
            "previous_step": STEPS[index - 1] if index else None,
            "decline_reason": (
                application.previous.decision_reason
                if application.previous_id
                and application.previous.status == ApplicationStatus.DECLINED
                else ""
            ),
            **context,
        },
    )


@login_required
@require_POST
def evidence_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(request)
    evidence = get_object_or_404(
        FilingEvidence.objects.select_related("application"),
        pk=pk,
        application__candidate=candidate,
    )
    try:
        evidence_remove(evidence=evidence, by=request.user)
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect("endorsements:eligibility")
    messages.success(request, _("Removed “%(name)s”.") % {"name": evidence.original_name})
    return redirect("endorsements:apply_step", step=ApplicationStep.FILING)


# --- The filing evidence file --------------------------------------------------------------


def download_name(evidence: FilingEvidence) -> str:
    """The name the file had, with the extension of what it really is."""
    extension = EXTENSIONS.get(evidence.content_type, "")
    name = evidence.original_name or "filing"
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem}{extension}"


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Stream a filing evidence file to its candidate or a reviewer; everyone else 404."""
    evidence = FilingEvidence.objects.select_related("application__candidate").filter(pk=pk).first()
    if evidence is None or not request.user.has_perm(
        "endorsements.view_evidence", evidence.application
    ):
        raise Http404
    try:
        handle = evidence.file.storage.open(evidence.file.name, "rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    audit_record(
        action=AuditAction.DOWNLOAD_EVIDENCE,
        acting_user=request.user,
        person=evidence.application.candidate.user_id,
        about=evidence,
        address=client_address(request),
    )
    # PDFs are downloaded (a PDF viewer is a program of its own); images open in the browser.
    response = FileResponse(
        handle,
        content_type=evidence.content_type,
        as_attachment=evidence.content_type == PDF,
        filename=download_name(evidence),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = EVIDENCE_CSP
    response["Cache-Control"] = "private, no-store"
    return response


# --- A question put to the candidate during review -------------------------------------------


@login_required
def explain(request: HttpRequest, pk: int) -> HttpResponse:
    """The question (never the finding behind it) and their answer."""
    candidate = _candidate(request)
    item = get_object_or_404(
        ResearchItem.objects.select_related("application__cycle"),
        pk=pk,
        application__candidate=candidate,
        explanation_requested_at__isnull=False,
    )
    form = ExplanationForm(request.POST or None, initial={"text": item.explanation})
    if request.method == "POST" and form.is_valid():
        from ..services.reviews import explanation_give

        try:
            explanation_give(item=item, candidate=candidate, text=form.cleaned_data["text"])
        except ValueError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, _("Thank you. Your answer is with the review team."))
            return redirect("endorsements:eligibility")
    return render(
        request,
        "endorsements/apply/explain.html",
        {
            "item": item,
            "form": form,
            "question": item.explanation_question,
            "home_url": reverse("endorsements:eligibility"),
        },
    )


urlpatterns = [
    path("endorsement/", eligibility, name="eligibility"),
    path("endorsement/apply/", apply_start, name="apply_start"),
    path("endorsement/apply/<str:step>/", apply_step, name="apply_step"),
    path("endorsement/evidence/<int:pk>/remove/", evidence_remove_view, name="evidence_remove"),
    path("endorsement/evidence/<int:pk>/", evidence_file, name="evidence"),
    path("endorsement/explain/<int:pk>/", explain, name="explain"),
]
