"""Mentorship services: applying to mentor, the question thread from ask to rating, the
library, and longer matches. Emails are asserted as outbox rows (purpose = template)."""

import pytest
from django.conf import settings
from django.urls import reverse

from mentorship import services
from mentorship.enums import MatchRequestStatus, MatchStatus, MentorStatus, PostKind, QuestionStatus
from mentorship.models import Match, Mentor, Post, Question, QuestionNotification
from resources.models import Resource
from rfs.enums import Role
from rfs.models import OutboundEmail
from tests.factories import CandidateFactory, UserFactory
from tests.factories.mentorship import (
    ExpertiseAreaFactory,
    MatchFactory,
    MatchRequestFactory,
    MentorFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def fundraising(db):
    return ExpertiseAreaFactory(
        slug="fundraising", name="Fundraising", keywords="donor, money, call time, PAC", position=1
    )


@pytest.fixture
def field(db):
    return ExpertiseAreaFactory(
        slug="field-and-canvassing",
        name="Field and canvassing",
        keywords="door, canvass",
        position=2,
    )


@pytest.fixture
def casey(candidate_user):
    return candidate_user.candidate


def emails(purpose: str, to=None) -> list[OutboundEmail]:
    rows = OutboundEmail.objects.filter(purpose=purpose).order_by("pk")
    return list(rows.filter(recipient=to) if to is not None else rows)


def question_url(question: Question) -> str:
    return settings.SITE_URL + reverse("mentorship:question", kwargs={"pk": question.pk})


def claimed_question(candidate, area, mentor, **kwargs) -> Question:
    question = QuestionFactory(candidate=candidate, area=area, **kwargs)
    return services.question_claim(question=question, mentor=mentor)


def answered_question(candidate, area, mentor, **kwargs) -> Question:
    question = claimed_question(candidate, area, mentor, **kwargs)
    services.question_answer(question=question, mentor=mentor, body="Start with your own contacts.")
    return question


# --- Mentors --------------------------------------------------------------------------------


def test_mentor_apply_creates_an_application_and_confirms_it(fundraising, north):
    user = UserFactory()

    mentor = services.mentor_apply(
        user=user,
        areas=[fundraising],
        states=["ny", "MA", "NY"],
        languages=["EN", " es "],
        bio="Ran twice. ",
        weekly_capacity=4,
        match_capacity=1,
        region=north,
    )

    assert (mentor.status, mentor.states, mentor.languages, mentor.bio) == (
        "applied",
        ["NY", "MA"],
        ["en", "es"],
        "Ran twice.",
    )
    assert list(mentor.areas.all()) == [fundraising]
    assert mentor.region == north
    assert [e.to_email for e in emails("mentor_applied")] == [user.email]
    assert "Fundraising" in emails("mentor_applied")[0].body_text


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"areas": []}, "at least one area"),
        ({"states": ["ZZ"]}, "isn't a state"),
        ({"weekly_capacity": 0}, "between 1 and"),
        ({"match_capacity": 11}, "between 0 and"),
    ],
)
def test_mentor_apply_refuses_bad_details(fundraising, changes, message):
    details = {
        "areas": [fundraising],
        "states": ["NY"],
        "languages": [],
        "bio": "",
        "weekly_capacity": 3,
        "match_capacity": 1,
        **changes,
    }

    with pytest.raises(services.MentorshipError, match=message):
        services.mentor_apply(user=UserFactory(), **details)

    assert Mentor.objects.count() == 0


def test_mentor_apply_editing_keeps_an_approved_mentor_approved(fundraising, field):
    mentor = MentorFactory(areas=[fundraising])

    edited = services.mentor_apply(
        user=mentor.user,
        areas=[field],
        states=[],
        languages=[],
        bio="New bio",
        weekly_capacity=5,
        match_capacity=0,
    )

    assert (edited.pk, edited.status, edited.weekly_capacity) == (mentor.pk, "approved", 5)
    assert list(edited.areas.all()) == [field]
    assert emails("mentor_applied") == []


def test_mentor_apply_after_a_decline_applies_again(fundraising):
    mentor = MentorFactory(areas=[fundraising], status="declined")

    again = services.mentor_apply(
        user=mentor.user,
        areas=[fundraising],
        states=[],
        languages=[],
        bio="",
        weekly_capacity=3,
        match_capacity=1,
    )

    assert again.status == "applied"
    assert len(emails("mentor_applied")) == 1


def test_mentor_apply_takes_the_region_of_their_candidate_record(fundraising, north, casey):
    mentor = services.mentor_apply(
        user=casey.user,
        areas=[fundraising],
        states=[],
        languages=[],
        bio="",
        weekly_capacity=3,
        match_capacity=1,
    )

    assert mentor.region == north


def test_mentor_approve_gives_the_role_keeping_others_and_emails_once(fundraising, casey, director):
    mentor = MentorFactory(user=casey.user, areas=[fundraising], status="applied")

    services.mentor_approve(mentor=mentor, by=director)
    services.mentor_approve(mentor=mentor, by=director)

    mentor.refresh_from_db()
    casey.user.refresh_from_db()
    casey.user.__dict__.pop("role_names", None)
    assert (mentor.status, mentor.approved_by) == ("approved", director)
    assert casey.user.role_names == {Role.CANDIDATE, Role.MENTOR}
    assert len(emails("mentor_approved", to=casey.user)) == 1
    assert (
        settings.SITE_URL + reverse("mentorship:mentor_home")
        in emails("mentor_approved")[0].body_text
    )


def test_mentor_decline_takes_the_role_away(fundraising, staff):
    mentor = MentorFactory(areas=[fundraising])

    services.mentor_decline(mentor=mentor, by=staff)

    mentor.refresh_from_db()
    mentor.user.refresh_from_db()
    mentor.user.__dict__.pop("role_names", None)
    assert mentor.status == "declined"
    assert not mentor.user.has_role(Role.MENTOR)
    assert len(emails("mentor_declined")) == 1


@pytest.mark.parametrize(
    "status, paused, expected",
    [
        ("approved", True, "paused"),
        ("paused", False, "approved"),
        ("approved", False, "approved"),
        ("paused", True, "paused"),
    ],
)
def test_mentor_set_paused_moves_between_approved_and_paused(fundraising, status, paused, expected):
    mentor = MentorFactory(areas=[fundraising], status=status)

    services.mentor_set_paused(mentor=mentor, paused=paused)

    mentor.refresh_from_db()
    assert mentor.status == expected


@pytest.mark.parametrize("status", ["applied", "declined"])
def test_mentor_set_paused_refuses_mentors_not_approved(fundraising, status):
    mentor = MentorFactory(areas=[fundraising], status=status)

    with pytest.raises(services.MentorshipError):
        services.mentor_set_paused(mentor=mentor, paused=True)

    mentor.refresh_from_db()
    assert mentor.status == status


# --- Suggesting an area ---------------------------------------------------------------------


def test_area_suggest_finds_the_area_from_its_keywords(fundraising, field):
    assert services.area_suggest(text="How many DONORS should I call each week?") == fundraising
    assert services.area_suggest(text="Is canvassing in the rain worth it?") == field


def test_area_suggest_prefers_the_area_with_more_matches(fundraising, field):
    text = "Should I knock on doors or spend call time asking for money?"

    assert services.area_suggest(text=text) == fundraising


def test_area_suggest_breaks_ties_by_the_areas_order(fundraising, field):
    # One keyword each: the area listed first wins, every time.
    assert services.area_suggest(text="door or donor?") == fundraising


def test_area_suggest_returns_none_without_a_match(fundraising, field):
    assert services.area_suggest(text="What should I wear?") is None
    assert services.area_suggest(text="  ") is None


def test_area_suggest_ignores_inactive_areas(fundraising):
    fundraising.active = False
    fundraising.save()

    assert services.area_suggest(text="donors") is None


# --- Asking -------------------------------------------------------------------------------


def test_question_ask_copies_region_and_state_routes_and_confirms(fundraising, casey, north):
    mentors = [MentorFactory(areas=[fundraising]) for _ in range(4)]

    question = services.question_ask(
        candidate=casey,
        area=fundraising,
        title="  How do I   start? ",
        details="Never done it.",
        private=True,
    )

    assert (question.title, question.region, question.state, question.private) == (
        "How do I start?",
        north,
        "NY",
        True,
    )
    notified = set(
        QuestionNotification.objects.filter(question=question, round=1).values_list(
            "mentor", flat=True
        )
    )
    assert len(notified) == settings.RFS_MENTOR_NOTIFY_FIRST == 3
    assert notified < {m.pk for m in mentors}
    assert {e.recipient_id for e in emails("question_for_you")} == set(
        Mentor.objects.filter(pk__in=notified).values_list("user", flat=True)
    )
    assert [e.recipient for e in emails("question_received")] == [casey.user]
    assert question_url(question) in emails("question_received")[0].body_text


def test_question_ask_refuses_a_blank_title(fundraising, casey):
    with pytest.raises(services.MentorshipError):
        services.question_ask(
            candidate=casey, area=fundraising, title="   ", details="", private=False
        )

    assert Question.objects.count() == 0


# --- Claiming -----------------------------------------------------------------------------


def test_question_claim_makes_the_mentor_owner_and_tells_the_candidate(fundraising, casey):
    mentor = MentorFactory(areas=[fundraising], user__name="Morgan Lee")
    question = QuestionFactory(candidate=casey, area=fundraising)

    services.question_claim(question=question, mentor=mentor)

    question.refresh_from_db()
    assert (question.owner, question.status) == (mentor, QuestionStatus.CLAIMED)
    assert question.claimed_at is not None
    [email] = emails("question_claimed", to=casey.user)
    assert "Morgan" in email.body_text
    assert question_url(question) in email.body_text


def test_question_claim_refuses_when_another_mentor_has_it(fundraising, casey):
    first, second = MentorFactory(areas=[fundraising]), MentorFactory(areas=[fundraising])
    question = claimed_question(casey, fundraising, first)

    with pytest.raises(services.MentorshipError, match="Another mentor just picked this one up"):
        services.question_claim(question=Question.objects.get(pk=question.pk), mentor=second)

    question.refresh_from_db()
    assert question.owner == first


def test_question_claim_twice_by_the_same_mentor_does_nothing(fundraising, casey):
    mentor = MentorFactory(areas=[fundraising])
    question = claimed_question(casey, fundraising, mentor)

    services.question_claim(question=Question.objects.get(pk=question.pk), mentor=mentor)

    assert len(emails("question_claimed")) == 1


@pytest.mark.parametrize("status", ["applied", "paused", "declined"])
def test_question_claim_refuses_mentors_not_approved(fundraising, casey, status):
    mentor = MentorFactory(areas=[fundraising], status=status)
    question = QuestionFactory(candidate=casey, area=fundraising)

    with pytest.raises(services.MentorshipError):
        services.question_claim(question=question, mentor=mentor)

    assert Question.objects.get(pk=question.pk).owner is None


def test_question_claim_refuses_a_private_question_of_another_area(fundraising, field, casey):
    outsider = MentorFactory(areas=[field])
    question = QuestionFactory(candidate=casey, area=fundraising, private=True)

    with pytest.raises(services.MentorshipError, match="only for mentors of its area"):
        services.question_claim(question=question, mentor=outsider)

    assert Question.objects.get(pk=question.pk).owner is None


def test_question_claim_allows_a_public_question_of_another_area(fundraising, field, casey):
    outsider = MentorFactory(areas=[field])
    question = QuestionFactory(candidate=casey, area=fundraising, private=False)

    services.question_claim(question=question, mentor=outsider)

    assert Question.objects.get(pk=question.pk).owner == outsider


def test_question_claim_refuses_a_mentor_at_capacity(fundraising, casey):
    mentor = MentorFactory(areas=[fundraising], weekly_capacity=2)
    for _ in range(2):
        claimed_question(CandidateFactory(), fundraising, mentor)
    question = QuestionFactory(candidate=casey, area=fundraising)

    with pytest.raises(services.MentorshipError, match="your limit"):
        services.question_claim(question=question, mentor=mentor)

    assert Question.objects.get(pk=question.pk).owner is None


def test_question_claim_refuses_the_mentors_own_question(fundraising, casey):
    mentor = MentorFactory(user=casey.user, areas=[fundraising])
    question = QuestionFactory(candidate=casey, area=fundraising)

    with pytest.raises(services.MentorshipError, match="your own question"):
        services.question_claim(question=question, mentor=mentor)


def test_question_claim_refuses_a_withdrawn_question(fundraising, casey):
    question = QuestionFactory(candidate=casey, area=fundraising, status=QuestionStatus.WITHDRAWN)

    with pytest.raises(services.MentorshipError, match="isn't waiting"):
        services.question_claim(question=question, mentor=MentorFactory(areas=[fundraising]))


# --- The thread -----------------------------------------------------------------------------


def test_question_answer_by_the_owner_records_the_first_answer_once(fundraising, casey):
    mentor = MentorFactory(areas=[fundraising])
    question = claimed_question(casey, fundraising, mentor)

    first = services.question_answer(
        question=question, mentor=mentor, body=" Call your ten closest friends. "
    )
    answered_at = Question.objects.get(pk=question.pk).first_answered_at
    services.question_answer(question=question, mentor=mentor, body="And thank them within a day.")

    question.refresh_from_db()
    assert (first.kind, first.body, first.author) == (
        PostKind.ANSWER,
        "Call your ten closest friends.",
        mentor.user,
    )
    assert question.status == QuestionStatus.ANSWERED
    assert question.first_answered_at == answered_at == first.created_at
    assert len(emails("question_answered", to=casey.user)) == 2


def test_question_answer_refuses_anyone_but_the_owner(fundraising, casey):
    owner, other = MentorFactory(areas=[fundraising]), MentorFactory(areas=[fundraising])
    question = claimed_question(casey, fundraising, owner)

    with pytest.raises(services.MentorshipError, match="Only the mentor who picked up"):
        services.question_answer(question=question, mentor=other, body="Me too!")

    assert Post.objects.count() == 0


def test_question_answer_refuses_an_empty_message(fundraising, casey):
    mentor = MentorFactory(areas=[fundraising])
    question = claimed_question(casey, fundraising, mentor)

    with pytest.raises(services.MentorshipError, match="write a message"):
        services.question_answer(question=question, mentor=mentor, body="   ")


def test_question_follow_up_puts_it_back_in_the_mentors_hands(fundraising, casey):
    mentor = MentorFactory(areas=[fundraising])
    question = answered_question(casey, fundraising, mentor)

    post = services.question_follow_up(
        question=question, candidate=casey, body="What about online donations?"
    )

    question.refresh_from_db()
    assert (post.kind, post.author) == (PostKind.FOLLOW_UP, casey.user)
    assert question.status == QuestionStatus.CLAIMED
    [email] = emails("question_follow_up", to=mentor.user)
    assert question_url(question) in email.body_text


def test_question_follow_up_before_anyone_claimed_stays_open_and_emails_nobody(fundraising, casey):
    question = QuestionFactory(candidate=casey, area=fundraising)

    services.question_follow_up(question=question, candidate=casey, body="One more detail.")

    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN
    assert emails("question_follow_up") == []


def test_question_follow_up_refuses_someone_else(fundraising, casey):
    question = answered_question(casey, fundraising, MentorFactory(areas=[fundraising]))

    with pytest.raises(services.MentorshipError, match="Only the person who asked"):
        services.question_follow_up(question=question, candidate=CandidateFactory(), body="Hi")


def test_question_resolve_rates_and_tells_the_mentor_once(fundraising, casey):
    mentor = MentorFactory(areas=[fundraising])
    question = answered_question(casey, fundraising, mentor)

    services.question_resolve(question=question, candidate=casey, rating=4, comment="Helpful!")
    resolved_at = Question.objects.get(pk=question.pk).resolved_at
    services.question_resolve(
        question=question, candidate=casey, rating=5, comment="Even better on reflection."
    )

    question.refresh_from_db()
    assert (question.status, question.rating, question.rating_comment) == (
        QuestionStatus.RESOLVED,
        5,
        "Even better on reflection.",
    )
    assert question.resolved_at == resolved_at
    assert len(emails("question_resolved", to=mentor.user)) == 1


def test_question_resolve_without_a_rating_keeps_the_earlier_one(fundraising, casey):
    question = answered_question(casey, fundraising, MentorFactory(areas=[fundraising]))
    services.question_resolve(question=question, candidate=casey, rating=3)

    services.question_resolve(question=question, candidate=casey)

    assert Question.objects.get(pk=question.pk).rating == 3


@pytest.mark.parametrize("rating", [0, 6, -1])
def test_question_resolve_refuses_a_rating_outside_1_to_5(fundraising, casey, rating):
    question = answered_question(casey, fundraising, MentorFactory(areas=[fundraising]))

    with pytest.raises(services.MentorshipError, match="1 to 5"):
        services.question_resolve(question=question, candidate=casey, rating=rating)

    assert Question.objects.get(pk=question.pk).status == QuestionStatus.ANSWERED


def test_question_resolve_refuses_before_an_answer(fundraising, casey):
    question = claimed_question(casey, fundraising, MentorFactory(areas=[fundraising]))

    with pytest.raises(services.MentorshipError, match="once a mentor has answered"):
        services.question_resolve(question=question, candidate=casey, rating=5)


def test_question_resolve_refuses_someone_else(fundraising, casey):
    question = answered_question(casey, fundraising, MentorFactory(areas=[fundraising]))

    with pytest.raises(services.MentorshipError):
        services.question_resolve(question=question, candidate=CandidateFactory(), rating=1)

    assert Question.objects.get(pk=question.pk).rating is None


def test_question_withdraw_closes_it(fundraising, casey):
    question = QuestionFactory(candidate=casey, area=fundraising)

    services.question_withdraw(question=question, candidate=casey)
    services.question_withdraw(question=question, candidate=casey)

    assert Question.objects.get(pk=question.pk).status == QuestionStatus.WITHDRAWN


def test_question_withdraw_refuses_a_resolved_question(fundraising, casey):
    question = answered_question(casey, fundraising, MentorFactory(areas=[fundraising]))
    services.question_resolve(question=question, candidate=casey)

    with pytest.raises(services.MentorshipError, match="already resolved"):
        services.question_withdraw(question=question, candidate=casey)


def test_question_release_hands_it_to_the_next_mentors(fundraising, casey):
    owner = MentorFactory(areas=[fundraising])
    others = [MentorFactory(areas=[fundraising]) for _ in range(2)]
    question = claimed_question(casey, fundraising, owner)

    services.question_release(question=question, mentor=owner)

    question.refresh_from_db()
    assert (question.status, question.owner, question.claimed_at) == (
        QuestionStatus.OPEN,
        None,
        None,
    )
    told = QuestionNotification.objects.filter(question=question)
    assert {n.mentor_id for n in told} == {m.pk for m in others}
    assert {n.round for n in told} == {1}
    # The question no longer counts against the week of the mentor who handed it back.
    assert Question.objects.filter(owner=owner).count() == 0


def test_question_release_refuses_anyone_but_the_owner(fundraising, casey):
    owner = MentorFactory(areas=[fundraising])
    question = claimed_question(casey, fundraising, owner)

    with pytest.raises(services.MentorshipError):
        services.question_release(question=question, mentor=MentorFactory(areas=[fundraising]))

    assert Question.objects.get(pk=question.pk).owner == owner


# --- Good answers grow the library --------------------------------------------------------------


@pytest.fixture
def resolved(fundraising, north):
    candidate = CandidateFactory(
        state="NY",
        user__name="Casey Rivera",
        user__email="casey.rivera@example.org",
        phone="(212) 555-0123",
        city="Albany",
        county="Albany County",
        zip_code="12207",
    )
    mentor = MentorFactory(areas=[fundraising], user__name="Morgan Lee")
    question = QuestionFactory(
        candidate=candidate,
        area=fundraising,
        title="Casey here: how do I start fundraising in Albany?",
        details="I'm Casey Rivera, 12207. Write to casey.rivera@example.org or call 212-555-0123.",
    )
    services.question_claim(question=question, mentor=mentor)
    services.question_answer(
        question=question,
        mentor=mentor,
        body="Hi Casey! Start with 50 names. Rivera is a good "
        "name for a yard sign, and Albany County donors give early.",
    )
    services.question_follow_up(
        question=question, candidate=candidate, body="Thanks, this is Casey, my cell is 2125550123"
    )
    services.question_answer(
        question=question, mentor=mentor, body="Then ask each one for a set amount."
    )
    services.question_resolve(question=question, candidate=candidate, rating=5)
    return question


def test_question_to_resource_makes_an_unpublished_guide_without_the_candidates_details(
    resolved, staff
):
    resource = services.question_to_resource(question=resolved, by=staff)

    text = f"{resource.title}\n{resource.description}\n{resource.body}"
    for detail in (
        "Casey",
        "Rivera",
        "casey.rivera@example.org",
        "212",
        "555-0123",
        "Albany",
        "12207",
    ):
        assert detail not in text
    assert "the candidate" in resource.body
    assert "their ZIP code" in resource.body
    assert "Start with 50 names" in resource.body
    assert "Then ask each one for a set amount." in resource.body
    # The follow-up (the candidate's own words) and who wrote what are left out.
    assert "my cell" not in resource.body
    assert "Morgan" not in resource.body
    assert (resource.published, resource.audience, resource.format, resource.topics) == (
        False,
        "candidates",
        "guide",
        ["fundraising"],
    )
    resolved.refresh_from_db()
    assert resolved.resource == resource


def test_question_to_resource_twice_returns_the_same_resource(resolved, staff):
    first = services.question_to_resource(question=resolved, by=staff)
    second = services.question_to_resource(
        question=Question.objects.get(pk=resolved.pk), by=staff, title="Another"
    )

    assert first == second
    assert Resource.objects.count() == 1


def test_question_to_resource_uses_the_title_staff_give(resolved, staff):
    resource = services.question_to_resource(
        question=resolved, by=staff, title="Your first 50 donors"
    )

    assert resource.title == "Your first 50 donors"
    assert resource.slug == f"your-first-50-donors-q{resolved.pk}"


def test_question_to_resource_refuses_anyone_but_national_staff(resolved, director):
    with pytest.raises(services.MentorshipError, match="national staff"):
        services.question_to_resource(question=resolved, by=director)

    assert Resource.objects.count() == 0


def test_question_to_resource_refuses_an_unresolved_question(fundraising, casey, staff):
    question = answered_question(casey, fundraising, MentorFactory(areas=[fundraising]))

    with pytest.raises(services.MentorshipError, match="Only resolved questions"):
        services.question_to_resource(question=question, by=staff)


def test_anonymise_replaces_each_kind_of_detail(north):
    candidate = CandidateFactory(
        user__name="Ana María López",
        user__email="ana@example.org",
        phone="+1 (518) 555 0199",
        city="Troy",
        county="Rensselaer",
        zip_code="12180",
    )

    text = services.anonymise(
        "ANA here (López) from troy, Rensselaer 12180: 518.555.0199, ana@example.org. Also 917-555-0100.",
        candidate,
    )

    assert text == (
        "the candidate here (the candidate) from their town, their county their ZIP code: [phone removed], "
        "[email removed]. Also [phone removed]."
    )


# --- Longer matches -------------------------------------------------------------------------


def test_match_request_create_tells_the_candidate_and_the_regions_directors(
    fundraising, casey, director, other_director
):
    request = services.match_request_create(
        candidate=casey, areas=[fundraising], language="ES", note=" First run "
    )

    assert (request.status, request.language, request.note) == (
        MatchRequestStatus.OPEN,
        "es",
        "First run",
    )
    assert list(request.areas.all()) == [fundraising]
    assert [e.recipient for e in emails("match_requested")] == [casey.user]
    [for_director] = emails("match_request_for_director")
    assert for_director.recipient == director
    assert (
        settings.SITE_URL + reverse("mentorship:match_request", kwargs={"pk": request.pk})
        in for_director.body_text
    )


def test_match_request_create_refuses_a_second_open_request(fundraising, casey):
    services.match_request_create(candidate=casey, areas=[fundraising], language="en", note="")

    with pytest.raises(services.MentorshipError, match="already asked"):
        services.match_request_create(candidate=casey, areas=[fundraising], language="en", note="")


def test_match_confirm_pairs_them_and_emails_both(fundraising, casey, director):
    request = MatchRequestFactory(candidate=casey, areas=[fundraising])
    mentor = MentorFactory(areas=[fundraising], match_capacity=1)

    match = services.match_confirm(request=request, mentor=mentor, by=director)

    request.refresh_from_db()
    assert (match.status, match.candidate, match.mentor, match.confirmed_by) == (
        "active",
        casey,
        mentor,
        director,
    )
    assert request.status == MatchRequestStatus.MATCHED
    assert [e.recipient for e in emails("match_confirmed_candidate")] == [casey.user]
    assert [e.recipient for e in emails("match_confirmed_mentor")] == [mentor.user]
    assert mentor.user.email in emails("match_confirmed_candidate")[0].body_text


def test_match_confirm_refuses_a_mentor_without_room(fundraising, casey, director):
    mentor = MentorFactory(areas=[fundraising], match_capacity=1)
    MatchFactory(mentor=mentor)
    request = MatchRequestFactory(candidate=casey, areas=[fundraising])

    with pytest.raises(services.MentorshipError, match="no room"):
        services.match_confirm(request=request, mentor=mentor, by=director)

    assert (
        MatchRequestFactory._meta.model.objects.get(pk=request.pk).status == MatchRequestStatus.OPEN
    )


@pytest.mark.parametrize("status", ["applied", "paused", "declined"])
def test_match_confirm_refuses_a_mentor_not_approved(fundraising, casey, director, status):
    request = MatchRequestFactory(candidate=casey, areas=[fundraising])

    with pytest.raises(services.MentorshipError):
        services.match_confirm(
            request=request, mentor=MentorFactory(status=status, match_capacity=2), by=director
        )

    assert Match.objects.count() == 0


def test_match_confirm_refuses_a_request_already_matched(fundraising, casey, director):
    request = MatchRequestFactory(candidate=casey, areas=[fundraising])
    services.match_confirm(request=request, mentor=MentorFactory(match_capacity=1), by=director)

    with pytest.raises(services.MentorshipError, match="isn't waiting"):
        services.match_confirm(request=request, mentor=MentorFactory(match_capacity=1), by=director)

    assert Match.objects.count() == 1


@pytest.mark.parametrize(
    "who, told",
    [("candidate", ["mentor"]), ("mentor", ["candidate"]), ("staff", ["candidate", "mentor"])],
)
def test_match_end_tells_the_other_side(casey, staff, who, told):
    match = MatchFactory(candidate=casey)
    people = {"candidate": casey.user, "mentor": match.mentor.user, "staff": staff}

    services.match_end(match=match, by=people[who], note="Busy season")
    services.match_end(match=match, by=people[who])

    match.refresh_from_db()
    assert (match.status, match.ended_by, match.end_note) == (
        MatchStatus.ENDED,
        people[who],
        "Busy season",
    )
    assert match.ended_at is not None
    assert sorted(e.recipient_id for e in emails("match_ended")) == sorted(
        people[p].pk for p in told
    )


def test_match_end_refuses_a_stranger(casey):
    match = MatchFactory(candidate=casey)

    with pytest.raises(services.MentorshipError):
        services.match_end(match=match, by=UserFactory())

    assert Match.objects.get(pk=match.pk).status == MatchStatus.ACTIVE


def test_a_mentor_ending_a_match_frees_room_for_another(fundraising, casey, director):
    mentor = MentorFactory(areas=[fundraising], match_capacity=1)
    services.match_end(match=MatchFactory(mentor=mentor), by=mentor.user)
    request = MatchRequestFactory(candidate=casey, areas=[fundraising])

    match = services.match_confirm(request=request, mentor=mentor, by=director)

    assert match.status == MatchStatus.ACTIVE
    assert Mentor.objects.get(pk=mentor.pk).status == MentorStatus.APPROVED
