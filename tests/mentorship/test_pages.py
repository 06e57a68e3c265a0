"""The mentorship pages: applying to mentor, the mentor's home, Ask the experts and the
thread, longer matches; My journey's section, the data export and the demo data."""

from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from mentorship import demo, privacy, services
from mentorship.enums import MatchRequestStatus, MatchStatus, MentorStatus, QuestionStatus
from mentorship.journey import journey_context
from mentorship.models import (
    ExpertiseArea,
    Match,
    MatchRequest,
    Mentor,
    Post,
    Question,
    QuestionNotification,
)
from rfs.enums import Role
from rfs.models import User
from tests.factories import CandidateFactory, UserFactory
from tests.factories.mentorship import (
    ExpertiseAreaFactory,
    MatchFactory,
    MatchRequestFactory,
    MentorFactory,
    PostFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fundraising(db):
    return ExpertiseAreaFactory(
        slug="fundraising", name="Fundraising", keywords="donor, money, call time"
    )


@pytest.fixture
def field_area(db):
    return ExpertiseAreaFactory(
        slug="field", name="Field and canvassing", keywords="canvass, doors"
    )


@pytest.fixture
def morgan(mentor, fundraising):
    """The mentor persona, approved in fundraising."""
    return MentorFactory(user=mentor, areas=[fundraising], weekly_capacity=5, match_capacity=2)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def mentor_data(area: ExpertiseArea, **overrides) -> dict:
    return {
        "areas": [area.pk],
        "states": ["NY", "MA"],
        "languages": ["en", "es"],
        "bio": "Ran two council races.",
        "weekly_capacity": "4",
        "match_capacity": "1",
        **overrides,
    }


# --- Applying to mentor -------------------------------------------------------------------


def test_mentor_apply_creates_the_application_and_thanks_them(client, screener, fundraising):
    client.force_login(screener)

    response = client.post(reverse("mentorship:mentor_apply"), mentor_data(fundraising))

    assert response.status_code == 302
    assert response["Location"] == reverse("mentorship:mentor_home")
    mentor = Mentor.objects.get(user=screener)
    assert (mentor.status, mentor.states, mentor.languages, mentor.weekly_capacity) == (
        "applied",
        ["NY", "MA"],
        ["en", "es"],
        4,
    )
    assert list(mentor.areas.all()) == [fundraising]
    assert "Thank you for offering to mentor" in messages_of(response)[0]


def test_mentor_apply_reopened_shows_their_application(client, morgan):
    Mentor.objects.filter(pk=morgan.pk).update(bio="Twenty years of call time.")
    client.force_login(morgan.user)

    response = client.get(reverse("mentorship:mentor_apply"))

    assert response.context["form"].initial["bio"] == "Twenty years of call time."
    assert "Twenty years of call time." in response.content.decode()
    assert "Save my details" in response.content.decode()


def test_mentor_apply_by_an_approved_mentor_keeps_them_approved(client, morgan, field_area):
    client.force_login(morgan.user)

    response = client.post(
        reverse("mentorship:mentor_apply"), mentor_data(field_area, weekly_capacity="7")
    )

    morgan.refresh_from_db()
    assert (morgan.status, morgan.weekly_capacity, list(morgan.areas.all())) == (
        "approved",
        7,
        [field_area],
    )
    assert messages_of(response) == ["Saved. Your mentor details are up to date."]


def test_mentor_apply_without_an_area_keeps_what_was_typed(client, screener, fundraising):
    client.force_login(screener)

    response = client.post(reverse("mentorship:mentor_apply"), mentor_data(fundraising, areas=[]))

    assert response.status_code == 200
    assert response.context["form"].errors["areas"] == ["Pick at least one area."]
    assert "Ran two council races." in response.content.decode()
    assert not Mentor.objects.exists()


def test_mentor_apply_by_a_winner_records_them_as_alumni(client, fundraising, north):
    alumna = CandidateFactory(state="NY", stage="won")
    client.force_login(alumna.user)

    client.post(reverse("mentorship:mentor_apply"), mentor_data(fundraising))

    mentor = Mentor.objects.get(user=alumna.user)
    assert (mentor.alumni_of, mentor.region) == (alumna, north)


# --- The mentor's home --------------------------------------------------------------------


def test_mentor_home_of_an_applicant_says_thanks(client, mentor, fundraising):
    MentorFactory(user=mentor, areas=[fundraising], status=MentorStatus.APPLIED)
    QuestionFactory(area=fundraising, title="Where do donors come from?")
    client.force_login(mentor)

    response = client.get(reverse("mentorship:mentor_home"))

    content = response.content.decode()
    assert "Thanks for offering to mentor!" in content
    assert "Where do donors come from?" not in content


def test_mentor_home_shows_waiting_owned_and_numbers(
    client, morgan, fundraising, field_area, candidate_user
):
    QuestionFactory(area=fundraising, title="Where do donors come from?")
    QuestionFactory(area=field_area, title="How many doors a day?", private=True)
    owned = QuestionFactory(
        area=fundraising, title="Is call time worth it?", candidate=candidate_user.candidate
    )
    services.question_claim(question=owned, mentor=morgan)
    client.force_login(morgan.user)

    response = client.get(reverse("mentorship:mentor_home"))

    home = response.context["home"]
    assert [q.title for q in home.waiting] == ["Where do donors come from?"]
    assert [q.title for q in home.owned] == ["Is call time worth it?"]
    content = response.content.decode()
    assert "Waiting for you" in content
    assert "How many doors a day?" not in content


def test_mentor_home_waiting_rows_link_each_question_with_its_details(
    client, morgan, fundraising, field_area
):
    """The waiting list is drawn in Python (mentorship/templatetags/mentoring.py): each
    row links its question, escapes the title, and says area, state, privacy, age and
    whether the mentor was sent it, in the mentor's language."""
    plain = QuestionFactory(area=fundraising, title="Donors <b>first</b>?", state="NY")
    told = QuestionFactory(area=field_area, title="Doors or phones?", private=True, state="")
    QuestionNotification.objects.create(question=told, mentor=morgan)
    client.force_login(morgan.user)

    content = client.get(reverse("mentorship:mentor_home")).content.decode()

    waiting = content[
        content.index('id="waiting-heading"') : content.index('id="resolved-heading"')
    ]
    first, second = waiting.split('<li class="list-group-item">')[1:3]
    # The question they were sent comes first, with its badge; private, no state.
    assert f'href="{reverse("mentorship:question", args=[told.pk])}">Doors or phones?</a>' in first
    assert "Sent to you" in first
    assert "Field and canvassing · Private" in first
    assert "asked 0\xa0minutes ago" in first
    assert f'href="{reverse("mentorship:question", args=[plain.pk])}">' in second
    assert "Donors &lt;b&gt;first&lt;/b&gt;?" in second
    assert "Fundraising · NY ·" in second
    assert "Sent to you" not in second and "Private" not in second

    User.objects.filter(pk=morgan.user.pk).update(language="es")
    content = client.get(reverse("mentorship:mentor_home")).content.decode()
    assert "Enviadas a ti" in content
    assert "preguntada hace 0\xa0minutos" in content
    assert "Privada" in content


def test_mentor_home_paused_shows_the_banner(client, morgan):
    Mentor.objects.filter(pk=morgan.pk).update(status=MentorStatus.PAUSED)
    client.force_login(morgan.user)

    response = client.get(reverse("mentorship:mentor_home"))

    assert "You're paused" in response.content.decode()


def test_mentor_home_for_someone_who_never_applied_is_403(client, screener):
    client.force_login(screener)

    assert client.get(reverse("mentorship:mentor_home")).status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_mentor_home_queries_do_not_grow(
    client, morgan, fundraising, count, django_assert_num_queries
):
    Mentor.objects.filter(pk=morgan.pk).update(weekly_capacity=10)
    for number in range(count):
        QuestionFactory(area=fundraising, title=f"Waiting {number}")
        owned = QuestionFactory(area=fundraising, title=f"Owned {number}")
        services.question_claim(question=owned, mentor=morgan)
        resolved = QuestionFactory(area=fundraising, title=f"Resolved {number}")
        services.question_claim(question=resolved, mentor=morgan)
        services.question_answer(question=resolved, mentor=morgan, body="Here's how.")
        services.question_resolve(question=resolved, candidate=resolved.candidate, rating=4)
        MatchFactory(mentor=morgan)
    client.force_login(morgan.user)

    # user with roles (navigation), the mentor; then the home's five: waiting,
    # owned (with candidate), recently resolved, stats (with this week's claims),
    # active matches (with candidate).
    with django_assert_num_queries(7):
        response = client.get(reverse("mentorship:mentor_home"))

    assert len(response.context["home"].owned) == count
    assert len(response.context["home"].matches) == count


def test_mentor_pause_then_resume(client, morgan):
    client.force_login(morgan.user)

    paused = client.post(reverse("mentorship:mentor_pause"))
    morgan.refresh_from_db()
    assert morgan.status == MentorStatus.PAUSED
    assert "You're paused" in messages_of(paused)[0]

    client.post(reverse("mentorship:mentor_pause"))
    morgan.refresh_from_db()
    assert morgan.status == MentorStatus.APPROVED


def test_mentor_pause_of_an_applicant_is_refused_kindly(client, mentor, fundraising):
    MentorFactory(user=mentor, areas=[fundraising], status=MentorStatus.APPLIED)
    client.force_login(mentor)

    response = client.post(reverse("mentorship:mentor_pause"))

    assert messages_of(response) == ["Only approved mentors can pause and come back."]
    assert Mentor.objects.get(user=mentor).status == MentorStatus.APPLIED


# --- Ask the experts ----------------------------------------------------------------------


def test_questions_lists_only_their_own(client, candidate_user, fundraising):
    QuestionFactory(candidate=candidate_user.candidate, area=fundraising, title="Mine")
    QuestionFactory(area=fundraising, title="Someone else's")
    client.force_login(candidate_user)

    response = client.get(reverse("mentorship:questions"))

    assert [q.title for q in response.context["questions"]] == ["Mine"]


def test_questions_without_any_shows_the_empty_state(client, candidate_user):
    client.force_login(candidate_user)

    response = client.get(reverse("mentorship:questions"))

    assert "You haven't asked anything yet." in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_questions_queries_do_not_grow(
    client, candidate_user, fundraising, count, django_assert_num_queries
):
    for number in range(count):
        QuestionFactory(
            candidate=candidate_user.candidate, area=fundraising, title=f"Question {number}"
        )
    client.force_login(candidate_user)

    # user, the candidate (with region), their questions (with area and
    # mentor), roles (navigation).
    with django_assert_num_queries(3):
        response = client.get(reverse("mentorship:questions"))

    assert len(response.context["questions"]) == count


def test_question_ask_with_an_area_sends_it(client, candidate_user, fundraising, morgan):
    client.force_login(candidate_user)

    response = client.post(
        reverse("mentorship:question_ask"),
        {
            "title": "How do I start call time?",
            "details": "No list yet.",
            "area": fundraising.pk,
            "private": "on",
        },
    )

    question = Question.objects.get()
    assert response["Location"] == reverse("mentorship:question", args=[question.pk])
    assert (question.candidate, question.area, question.private, question.status) == (
        candidate_user.candidate,
        fundraising,
        True,
        QuestionStatus.OPEN,
    )
    assert "mentors who know Fundraising" in messages_of(response)[0]


def test_question_ask_without_an_area_suggests_one_and_waits(
    client, candidate_user, fundraising, field_area
):
    client.force_login(candidate_user)

    response = client.post(
        reverse("mentorship:question_ask"),
        {
            "title": "Where do I find my first donors?",
            "details": "I know nobody with money.",
            "area": "",
        },
    )

    assert response.status_code == 200
    assert not Question.objects.exists()
    assert response.context["suggested"] == fundraising
    content = response.content.decode()
    assert "We think this fits Fundraising. Change it if not." in content
    assert f'<option value="{fundraising.pk}" selected>' in content
    assert "I know nobody with money." in content


def test_question_ask_sent_again_after_the_suggestion_uses_the_area_they_chose(
    client, candidate_user, fundraising, field_area
):
    client.force_login(candidate_user)

    client.post(
        reverse("mentorship:question_ask"),
        {
            "title": "Where do I find my first donors?",
            "details": "",
            "area": field_area.pk,
        },
    )

    assert Question.objects.get().area == field_area


def test_question_ask_with_nothing_to_suggest_asks_them_to_pick(
    client, candidate_user, fundraising
):
    client.force_login(candidate_user)

    response = client.post(
        reverse("mentorship:question_ask"), {"title": "Help!", "details": "", "area": ""}
    )

    assert response.context["form"].errors["area"] == [
        "Please pick the area closest to your question."
    ]
    assert not Question.objects.exists()


def test_question_ask_without_a_title_keeps_the_details(client, candidate_user, fundraising):
    client.force_login(candidate_user)

    response = client.post(
        reverse("mentorship:question_ask"), {"title": "", "details": "My ward is big.", "area": ""}
    )

    assert response.context["form"].errors["title"] == ["Please write your question."]
    assert "My ward is big." in response.content.decode()


# --- The thread ---------------------------------------------------------------------------


@pytest.fixture
def question(candidate_user, fundraising):
    return QuestionFactory(
        candidate=candidate_user.candidate, area=fundraising, title="How do I start call time?"
    )


def test_question_thread_for_the_candidate_offers_follow_up_and_withdraw(
    client, candidate_user, question
):
    client.force_login(candidate_user)

    response = client.get(reverse("mentorship:question", args=[question.pk]))

    content = response.content.decode()
    assert "follow_up_form" in response.context
    assert "resolve_form" not in response.context  # nobody has answered yet
    assert "Withdraw my question" in content
    assert "I'll answer this" not in content


def test_question_thread_for_a_mentor_of_the_area_offers_to_claim(client, morgan, question):
    client.force_login(morgan.user)

    response = client.get(reverse("mentorship:question", args=[question.pk]))

    assert response.context["viewer"].may_claim is True
    assert "I'll answer this" in response.content.decode()
    assert "follow_up_form" not in response.context


def test_question_thread_for_the_director_is_read_only(client, director, question):
    client.force_login(director)

    response = client.get(reverse("mentorship:question", args=[question.pk]))

    assert response.context["viewer"].read_only is True
    assert not {"follow_up_form", "answer_form", "resolve_form"} & set(response.context.keys())


def test_question_private_is_hidden_from_a_mentor_of_another_area(client, field_area, question):
    Question.objects.filter(pk=question.pk).update(private=True)
    other = MentorFactory(areas=[field_area])
    client.force_login(other.user)

    assert client.get(reverse("mentorship:question", args=[question.pk])).status_code == 404
    assert client.post(reverse("mentorship:question_claim", args=[question.pk])).status_code == 404


def test_question_from_ask_to_resolved(client, candidate_user, morgan, question):
    """Claim, answer, follow up, answer again, resolve with a rating."""
    client.force_login(morgan.user)
    claimed = client.post(reverse("mentorship:question_claim", args=[question.pk]))
    assert "It's yours." in messages_of(claimed)[0]
    client.post(
        reverse("mentorship:question_answer", args=[question.pk]),
        {"body": "Start with ten friends."},
    )

    client.force_login(candidate_user)
    client.post(
        reverse("mentorship:question_follow_up", args=[question.pk]),
        {"body": "How much do I ask for?"},
    )
    client.force_login(morgan.user)
    client.post(
        reverse("mentorship:question_answer", args=[question.pk]),
        {"body": "A bit more than you think."},
    )
    client.force_login(candidate_user)
    resolved = client.post(
        reverse("mentorship:question_resolve", args=[question.pk]),
        {"rating": "5", "comment": "So helpful"},
    )

    question.refresh_from_db()
    assert (question.owner, question.status, question.rating, question.rating_comment) == (
        morgan,
        QuestionStatus.RESOLVED,
        5,
        "So helpful",
    )
    assert list(question.posts.values_list("kind", "body")) == [
        ("answer", "Start with ten friends."),
        ("follow_up", "How much do I ask for?"),
        ("answer", "A bit more than you think."),
    ]
    assert "Thanks for letting us know" in messages_of(resolved)[0]


def test_question_answer_empty_shows_the_error_on_the_field(client, morgan, question):
    services.question_claim(question=question, mentor=morgan)
    client.force_login(morgan.user)

    response = client.post(
        reverse("mentorship:question_answer", args=[question.pk]), {"body": "  "}
    )

    assert response.status_code == 200
    assert response.context["answer_form"].errors["body"] == ["Please write your answer first."]
    assert not Post.objects.exists()


def test_question_claim_already_taken_says_so(client, morgan, question, fundraising):
    services.question_claim(question=question, mentor=MentorFactory(areas=[fundraising]))
    client.force_login(morgan.user)

    response = client.post(reverse("mentorship:question_claim", args=[question.pk]), follow=True)

    assert "Another mentor just picked this one up" in response.content.decode()
    question.refresh_from_db()
    assert question.owner != morgan


def test_question_answer_by_a_mentor_who_does_not_own_it_is_404(
    client, morgan, question, fundraising
):
    services.question_claim(question=question, mentor=MentorFactory(areas=[fundraising]))
    client.force_login(morgan.user)

    response = client.post(
        reverse("mentorship:question_answer", args=[question.pk]), {"body": "Me too!"}
    )

    assert response.status_code == 404
    assert not Post.objects.exists()


def test_question_follow_up_by_someone_else_is_404(client, morgan, question):
    client.force_login(morgan.user)

    response = client.post(
        reverse("mentorship:question_follow_up", args=[question.pk]), {"body": "Hi"}
    )

    assert response.status_code == 404


def test_question_withdraw_by_the_candidate(client, candidate_user, question):
    client.force_login(candidate_user)

    response = client.post(reverse("mentorship:question_withdraw", args=[question.pk]))

    question.refresh_from_db()
    assert question.status == QuestionStatus.WITHDRAWN
    assert response["Location"] == reverse("mentorship:questions")


def test_question_release_by_its_owner_opens_it_again(client, morgan, question):
    services.question_claim(question=question, mentor=morgan)
    client.force_login(morgan.user)

    response = client.post(reverse("mentorship:question_release", args=[question.pk]))

    question.refresh_from_db()
    assert (question.owner, question.status) == (None, QuestionStatus.OPEN)
    assert response["Location"] == reverse("mentorship:mentor_home")


def test_question_resolve_before_an_answer_is_refused(client, candidate_user, question):
    client.force_login(candidate_user)

    response = client.post(
        reverse("mentorship:question_resolve", args=[question.pk]), {"rating": "5"}
    )

    assert messages_of(response) == ["You can mark it resolved once a mentor has answered."]
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


@pytest.mark.parametrize("count", [1, 3])
def test_question_thread_queries_do_not_grow(
    client, morgan, question, count, django_assert_num_queries
):
    services.question_claim(question=question, mentor=morgan)
    question.refresh_from_db()
    for number in range(count):
        PostFactory(question=question, body=f"Answer {number}")
    client.force_login(morgan.user)

    # user, the question (with candidate, area, mentor), roles (the question's
    # scope), the posts (with authors), the viewer's mentor row.
    with django_assert_num_queries(4):
        response = client.get(reverse("mentorship:question", args=[question.pk]))

    assert len(response.context["posts"]) == count


# --- Longer matches -----------------------------------------------------------------------


def test_match_request_new_creates_the_request(client, candidate_user, fundraising):
    client.force_login(candidate_user)

    response = client.post(
        reverse("mentorship:match_request_new"),
        {
            "areas": [fundraising.pk],
            "language": "es",
            "note": "School board in Albany.",
        },
    )

    request = MatchRequest.objects.get()
    assert (request.candidate, request.language, request.note, request.status) == (
        candidate_user.candidate,
        "es",
        "School board in Albany.",
        MatchRequestStatus.OPEN,
    )
    assert "Thanks! Your regional director will find a mentor" in messages_of(response)[0]
    page = client.get(reverse("mentorship:match_request_new")).content.decode()
    assert "We're finding your mentor" in page
    assert "Spanish" in page


def test_match_request_new_with_an_active_match_shows_the_mentor(client, candidate_user, morgan):
    MatchFactory(candidate=candidate_user.candidate, mentor=morgan)
    client.force_login(candidate_user)

    response = client.get(reverse("mentorship:match_request_new"))

    assert response.context["form"] is None
    assert f"{morgan.user.get_full_name()} is your mentor" in response.content.decode()


def test_match_request_new_without_an_area_keeps_the_note(client, candidate_user, fundraising):
    client.force_login(candidate_user)

    response = client.post(
        reverse("mentorship:match_request_new"), {"areas": [], "language": "en", "note": "Ward 2"}
    )

    assert response.context["form"].errors["areas"] == ["Pick at least one area."]
    assert "Ward 2" in response.content.decode()
    assert not MatchRequest.objects.exists()


def test_match_requests_lists_the_directors_region_only(client, director, candidate_user, west):
    MatchRequestFactory(candidate=candidate_user.candidate)
    MatchRequestFactory(candidate=CandidateFactory(state="CA"))
    client.force_login(director)

    response = client.get(reverse("mentorship:match_requests"))

    assert [r.candidate for r in response.context["requests"]] == [candidate_user.candidate]


def test_match_requests_without_any_shows_the_empty_state(client, staff):
    client.force_login(staff)

    response = client.get(reverse("mentorship:match_requests"))

    assert "No open requests." in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_match_requests_queries_do_not_grow(
    client, staff, fundraising, north, count, django_assert_num_queries
):
    for _ in range(count):
        MatchRequestFactory(
            candidate=CandidateFactory(state="NY"), areas=[fundraising], language="es"
        )
    client.force_login(staff)

    # user with roles, two-factor check (staff), the open requests (with candidate
    # and person), their areas.
    with django_assert_num_queries(4):
        response = client.get(reverse("mentorship:match_requests"))

    assert len(response.context["requests"]) == count


def test_match_request_ranks_mentors_and_confirms_one(
    client, director, candidate_user, morgan, fundraising
):
    Mentor.objects.filter(pk=morgan.pk).update(states=["NY"], languages=["en"])
    request = MatchRequestFactory(
        candidate=candidate_user.candidate, areas=[fundraising], language="en"
    )
    client.force_login(director)

    page = client.get(reverse("mentorship:match_request", args=[request.pk]))
    mentor, _score, reasons = page.context["ranked"][0]
    assert mentor == morgan
    assert "Knows Fundraising" in reasons
    assert "Confirm match" in page.content.decode()

    response = client.post(
        reverse("mentorship:match_confirm", args=[request.pk]), {"mentor": morgan.pk}
    )

    match = Match.objects.get()
    assert (match.candidate, match.mentor, match.status, match.confirmed_by) == (
        candidate_user.candidate,
        morgan,
        MatchStatus.ACTIVE,
        director,
    )
    assert response["Location"] == reverse("mentorship:match_requests")
    assert "Matched!" in messages_of(response)[0]


def test_match_confirm_by_the_director_of_another_region_is_404(
    client, other_director, candidate_user, morgan
):
    request = MatchRequestFactory(candidate=candidate_user.candidate)
    client.force_login(other_director)

    response = client.post(
        reverse("mentorship:match_confirm", args=[request.pk]), {"mentor": morgan.pk}
    )

    assert response.status_code == 404
    assert not Match.objects.exists()


def test_match_confirm_with_an_unknown_mentor_says_so(client, staff, candidate_user):
    request = MatchRequestFactory(candidate=candidate_user.candidate)
    client.force_login(staff)

    response = client.post(
        reverse("mentorship:match_confirm", args=[request.pk]), {"mentor": "999"}
    )

    assert messages_of(response) == ["That mentor isn't available any more. Please pick another."]
    assert not Match.objects.exists()


@pytest.mark.parametrize("side", ["candidate", "mentor"])
def test_match_end_by_either_side(client, candidate_user, morgan, side):
    match = MatchFactory(candidate=candidate_user.candidate, mentor=morgan)
    client.force_login(candidate_user if side == "candidate" else morgan.user)

    response = client.post(
        reverse("mentorship:match_end", args=[match.pk]), {"note": "Race is over"}
    )

    match.refresh_from_db()
    assert (match.status, match.end_note) == (MatchStatus.ENDED, "Race is over")
    expected = "mentorship:match_request_new" if side == "candidate" else "mentorship:mentor_home"
    assert response["Location"] == reverse(expected)


def test_match_end_by_someone_else_is_404(client, screener, candidate_user, morgan):
    match = MatchFactory(candidate=candidate_user.candidate, mentor=morgan)
    client.force_login(screener)

    response = client.post(reverse("mentorship:match_end", args=[match.pk]))

    assert response.status_code == 404
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE


# --- My journey, the data export, the demo ------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_journey_context_queries_do_not_grow(
    candidate_user, morgan, fundraising, count, django_assert_num_queries
):
    candidate = candidate_user.candidate
    for number in range(count):
        QuestionFactory(candidate=candidate, area=fundraising, title=f"Question {number}")
    MatchFactory(candidate=candidate, mentor=morgan)

    # their questions (with area and mentor), their matches (with the mentor's person).
    with django_assert_num_queries(2):
        context = journey_context(candidate)

    assert len(context["mentorship"]["questions"]) == count
    assert [match.mentor for match in context["mentorship"]["matches"]] == [morgan]


def test_journey_shows_questions_and_links(client, candidate_user, fundraising):
    QuestionFactory(
        candidate=candidate_user.candidate, area=fundraising, title="Where are my donors?"
    )
    client.force_login(candidate_user)

    content = client.get(reverse("candidates:journey")).content.decode()

    assert "Where are my donors?" in content
    assert reverse("mentorship:question_ask") in content
    assert reverse("mentorship:match_request_new") in content


def test_export_holds_their_thread_and_mentors_by_name_only(
    candidate_user, morgan, question, fundraising
):
    services.question_claim(question=question, mentor=morgan)
    services.question_answer(question=question, mentor=morgan, body="Start with ten friends.")
    services.question_follow_up(
        question=question, candidate=candidate_user.candidate, body="Thanks! And then?"
    )
    MatchRequestFactory(candidate=candidate_user.candidate, areas=[fundraising], note="My race")
    MatchFactory(candidate=candidate_user.candidate, mentor=morgan)

    data = privacy.export_sections(candidate_user.candidate)

    exported = data["questions_to_mentors"][0]
    assert (exported["question"], exported["mentor"]) == (
        "How do I start call time?",
        morgan.user.get_full_name(),
    )
    assert [(post["from"], post["message"]) for post in exported["conversation"]] == [
        (morgan.user.get_full_name(), "Start with ten friends."),
        ("you", "Thanks! And then?"),
    ]
    assert data["mentor_requests"][0]["help_wanted_with"] == ["Fundraising"]
    assert data["mentor_matches"][0]["mentor"] == morgan.user.get_full_name()
    assert morgan.user.email not in str(data)


@pytest.mark.parametrize("count", [1, 3])
def test_export_queries_do_not_grow(
    candidate_user, morgan, fundraising, count, django_assert_num_queries
):
    for number in range(count):
        question = QuestionFactory(
            candidate=candidate_user.candidate, area=fundraising, title=f"Question {number}"
        )
        PostFactory(question=question)
        MatchFactory(candidate=candidate_user.candidate, mentor=MentorFactory())
    MatchRequestFactory(candidate=candidate_user.candidate, areas=[fundraising])

    # questions (with area and mentor), their posts (with authors), requests, their
    # areas, matches (with the mentor's person).
    with django_assert_num_queries(5):
        data = privacy.export_sections(candidate_user.candidate)

    assert len(data["questions_to_mentors"]) == len(data["mentor_matches"]) == count


def test_demo_seed_twice_changes_nothing(north):
    UserFactory(email="mentor@example.org", name="Morgan Mentor", roles=[Role.MENTOR])
    UserFactory(email="staff@example.org", roles=[Role.NATIONAL_STAFF])
    CandidateFactory(user__email="candidate@example.org", state="NY")
    CandidateFactory(state="MA")
    CandidateFactory(state="NY")

    demo.seed(stdout=StringIO())
    counts = (
        ExpertiseArea.objects.count(),
        Mentor.objects.count(),
        Question.objects.count(),
        Post.objects.count(),
    )
    demo.seed(stdout=StringIO())

    assert (
        ExpertiseArea.objects.count(),
        Mentor.objects.count(),
        Question.objects.count(),
        Post.objects.count(),
    ) == counts
    assert counts == (11, 1, 3, 3)
    mentor = Mentor.objects.get(user__email="mentor@example.org")
    assert mentor.status == MentorStatus.APPROVED
    assert "fundraising" in set(mentor.areas.values_list("slug", flat=True))
    assert mentor.areas.count() == 3
    resolved = Question.objects.get(status=QuestionStatus.RESOLVED)
    assert (resolved.owner, resolved.rating) == (mentor, 5)
    assert User.objects.filter(email="mentor@example.org").count() == 1
