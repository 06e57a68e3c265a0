"""Ask the experts: the candidate's questions, asking one, and the thread.

Who sees a question is ``selectors.question_for`` (404 for anyone else, the same as a
missing one). What the viewer may do on the thread depends on who they are: the
candidate who asked (follow up, mark resolved and rate, withdraw), a mentor (claim an
unclaimed question of their areas; the owner answers or releases it), directors and
staff (read only). Every button posts to its own URL and calls one service; a refusal
comes back as the service's own words.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.selectors import candidate_for_user

from .. import selectors, services
from ..enums import MentorStatus, QuestionStatus
from ..forms import AnswerForm, FollowUpForm, QuestionAskForm, ResolveForm
from ..models import Mentor, Question

# Where the conversation is still going: the candidate may follow up or withdraw.
UNDERWAY = (QuestionStatus.OPEN, QuestionStatus.CLAIMED, QuestionStatus.ANSWERED)


# --- The candidate's list and the ask page ------------------------------------------------


@login_required
def questions(request: HttpRequest) -> HttpResponse:
    candidate = candidate_for_user(request.user)
    return render(
        request,
        "mentorship/questions.html",
        {
            "candidate": candidate,
            "questions": list(selectors.questions_for_candidate(candidate)),
        },
    )


@login_required
def question_ask(request: HttpRequest) -> HttpResponse:
    """Left without an area, the form comes back with the suggested one picked and a note
    saying so; the candidate changes it or sends it as it is. No JavaScript needed."""
    candidate = candidate_for_user(request.user)
    suggested = None
    if request.method != "POST":
        return render(
            request, "mentorship/question_ask.html", {"form": QuestionAskForm(), "suggested": None}
        )
    form = QuestionAskForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        if data["area"] is None:
            suggested = services.area_suggest(text=f"{data['title']}\n{data['details']}")
            if suggested is None:
                form.add_error("area", _("Please pick the area closest to your question."))
            else:
                form = _with_area(request.POST, suggested)
        else:
            try:
                question = services.question_ask(candidate=candidate, **data)
            except services.MentorshipError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "Your question is on its way to mentors who know %(area)s. "
                        "We'll email you when one of them picks it up."
                    )
                    % {"area": question.area.name},
                )
                return redirect("mentorship:question", pk=question.pk)
    return render(request, "mentorship/question_ask.html", {"form": form, "suggested": suggested})


def _with_area(data, area) -> QuestionAskForm:
    """The form as they typed it, with the suggested area picked (and no errors shown)."""
    data = data.copy()
    data["area"] = str(area.pk)
    form = QuestionAskForm(data)
    form.full_clean()
    return form


# --- The thread ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """Who is reading the thread, and so which buttons it shows (the services decide)."""

    is_candidate: bool
    mentor: Mentor | None
    may_claim: bool
    is_owner: bool

    @property
    def read_only(self) -> bool:
        return not (self.is_candidate or self.may_claim or self.is_owner)


def _viewer(request: HttpRequest, question: Question) -> Viewer:
    if question.candidate.user_id == request.user.pk:
        return Viewer(is_candidate=True, mentor=None, may_claim=False, is_owner=False)
    mentor = selectors.mentor_for_user(request.user)
    if mentor is None:
        return Viewer(is_candidate=False, mentor=None, may_claim=False, is_owner=False)
    is_owner = question.owner_id == mentor.pk
    # Seeing the question is the selector's call (a private one only reaches mentors of
    # its area); the service re-checks everything when they press the button.
    may_claim = (
        question.owner_id is None
        and question.status == QuestionStatus.OPEN
        and mentor.status == MentorStatus.APPROVED
    )
    return Viewer(is_candidate=False, mentor=mentor, may_claim=may_claim, is_owner=is_owner)


def _render_thread(request: HttpRequest, question: Question, **forms: Form) -> HttpResponse:
    viewer = _viewer(request, question)
    underway = question.status in UNDERWAY
    context = {
        "question": question,
        "posts": selectors.question_thread(question),
        "viewer": viewer,
        "underway": underway,
        "answered": question.first_answered_at is not None,
    }
    if viewer.is_candidate and underway:
        context["follow_up_form"] = forms.get("follow_up_form") or FollowUpForm()
        if question.first_answered_at is not None:
            context["resolve_form"] = forms.get("resolve_form") or ResolveForm()
    if viewer.is_owner and question.status in (QuestionStatus.CLAIMED, QuestionStatus.ANSWERED):
        context["answer_form"] = forms.get("answer_form") or AnswerForm()
    return render(request, "mentorship/question.html", context)


@login_required
def question(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_thread(request, selectors.question_for(request.user, pk))


def _refused(
    request: HttpRequest, question: Question, error: services.MentorshipError
) -> HttpResponse:
    messages.error(request, str(error))
    return redirect("mentorship:question", pk=question.pk)


@login_required
@require_POST
def question_claim(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_for(request.user, pk)
    mentor = selectors.mentor_for_user(request.user)
    if mentor is None:
        raise Http404
    try:
        services.question_claim(question=question, mentor=mentor)
    except services.MentorshipError as error:
        return _refused(request, question, error)
    messages.success(
        request,
        _("It's yours. %(name)s will be glad to hear from you.")
        % {"name": question.candidate.user.get_short_name()},
    )
    return redirect("mentorship:question", pk=question.pk)


@login_required
@require_POST
def question_answer(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_for(request.user, pk)
    mentor = selectors.mentor_for_user(request.user)
    if mentor is None or question.owner_id != mentor.pk:
        raise Http404
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _render_thread(request, question, answer_form=form)
    try:
        services.question_answer(question=question, mentor=mentor, body=form.cleaned_data["body"])
    except services.MentorshipError as error:
        return _refused(request, question, error)
    messages.success(
        request,
        _("Sent. We've emailed %(name)s your answer.")
        % {"name": question.candidate.user.get_short_name()},
    )
    return redirect("mentorship:question", pk=question.pk)


def _own_question(request: HttpRequest, pk: int) -> Question:
    """The signed-in candidate's own question (404 for anyone else, even those who may read it)."""
    question = selectors.question_for(request.user, pk)
    if question.candidate.user_id != request.user.pk:
        raise Http404
    return question


@login_required
@require_POST
def question_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    question = _own_question(request, pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _render_thread(request, question, follow_up_form=form)
    try:
        services.question_follow_up(
            question=question, candidate=question.candidate, body=form.cleaned_data["body"]
        )
    except services.MentorshipError as error:
        return _refused(request, question, error)
    messages.success(request, _("Sent. Your mentor will see your follow-up in the same thread."))
    return redirect("mentorship:question", pk=question.pk)


@login_required
@require_POST
def question_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    question = _own_question(request, pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _render_thread(request, question, resolve_form=form)
    try:
        services.question_resolve(
            question=question,
            candidate=question.candidate,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except services.MentorshipError as error:
        return _refused(request, question, error)
    messages.success(
        request, _("Wonderful! Thanks for letting us know; your mentor will be glad it helped.")
    )
    return redirect("mentorship:question", pk=question.pk)


@login_required
@require_POST
def question_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    question = _own_question(request, pk)
    try:
        services.question_withdraw(question=question, candidate=question.candidate)
    except services.MentorshipError as error:
        return _refused(request, question, error)
    messages.success(request, _("Your question is withdrawn. You can ask again any time."))
    return redirect("mentorship:questions")


@login_required
@require_POST
def question_release(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_for(request.user, pk)
    mentor = selectors.mentor_for_user(request.user)
    if mentor is None or question.owner_id != mentor.pk:
        raise Http404
    try:
        services.question_release(question=question, mentor=mentor)
    except services.MentorshipError as error:
        return _refused(request, question, error)
    messages.success(request, _("Released. Another mentor in this area can pick it up now."))
    return redirect("mentorship:mentor_home")
