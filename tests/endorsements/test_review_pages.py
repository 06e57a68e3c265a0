"""The review pages: who may open them, what each reviewer may do there, and that the
candidate never sees the review."""

import pytest
from django.urls import reverse

from candidates.enums import Stage
from endorsements.enums import ApplicationStatus
from endorsements.models import Application, DirectorRecommendation, ResearchItem, Vote
from endorsements.services.reviews import (
    decision_make,
    explanation_request,
    recommendation_write,
    research_check,
    vote_cast,
)
from endorsements.views import review as review_views
from rfs.enums import Role
from rfs.models import OutboundEmail
from tests.factories import CandidateFactory, UserFactory
from tests.factories.endorsements import (
    FilingEvidenceFactory,
    ready_for_decision,
    use_tmp_private_storage,
)

from .test_review_services import submitted_application

pytestmark = pytest.mark.django_db


def page(pk: int) -> str:
    return reverse("endorsements:review", kwargs={"pk": pk})


def button(name: str, pk: int) -> str:
    return reverse(f"endorsements:{name}", kwargs={"pk": pk})


def north_application(candidate_user=None, **fields) -> Application:
    candidate = (
        candidate_user.candidate if candidate_user is not None else CandidateFactory(state="NY")
    )
    return submitted_application(candidate, **fields)


def west_application(**fields) -> Application:
    return submitted_application(CandidateFactory(state="CA"), **fields)


# --- The queue ---------------------------------------------------------------------------


def test_queue_shows_a_director_only_their_regions_applications(client, director, north, west):
    mine, theirs = north_application(), west_application()
    client.force_login(director)

    response = client.get(reverse("endorsements:review_queue"))

    assert response.status_code == 200
    assert [application.pk for application in response.context["page"]] == [mine.pk]
    assert page(theirs.pk) not in response.content.decode()


@pytest.mark.parametrize("who", ["committee_member", "staff"])
def test_queue_shows_committee_and_staff_every_region(client, persona, north, west, who):
    applications = {north_application().pk, west_application().pk}
    client.force_login(persona(who))

    response = client.get(reverse("endorsements:review_queue"))

    assert {application.pk for application in response.context["page"]} == applications


@pytest.mark.parametrize("who", ["candidate_user", "screener", "mentor"])
def test_queue_refuses_people_who_do_not_review(client, persona, north, who):
    client.force_login(persona(who))

    assert client.get(reverse("endorsements:review_queue")).status_code == 403


def test_queue_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("endorsements:review_queue"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_queue_sorts_by_decision_due_and_shows_the_tally(client, staff, committee_member, north):
    later, sooner = north_application(), north_application()
    Application.objects.filter(pk=later.pk).update(
        decision_due_on=later.decision_due_on.replace(year=2099)
    )
    vote_cast(application=sooner, member=committee_member, choice="approve")
    client.force_login(staff)

    response = client.get(reverse("endorsements:review_queue"))

    rows = list(response.context["page"])
    assert [row.pk for row in rows] == [sooner.pk, later.pk]
    assert (rows[0].votes_approve, rows[0].votes_decline, rows[0].has_recommendation) == (
        1,
        0,
        False,
    )
    assert "1 approve · 0 decline · 0 abstain" in response.content.decode()


def test_queue_tallies_each_application_on_its_own(client, staff, north):
    busy, quiet, untouched = north_application(), north_application(), north_application()
    members = UserFactory.create_batch(4, roles=[Role.COMMITTEE_MEMBER])
    for member, choice in zip(members, ["approve", "approve", "decline", "recused"], strict=True):
        vote_cast(application=busy, member=member, choice=choice)
    vote_cast(application=quiet, member=members[0], choice="abstain")
    client.force_login(staff)

    response = client.get(reverse("endorsements:review_queue"))
    rows = {row.pk: row for row in response.context["page"]}
    # Each row says its own tally, the recused counted apart.
    content = response.content.decode()
    busy_row = content[content.index(reverse("endorsements:review", args=[busy.pk])) :]
    busy_row = busy_row[: busy_row.index("</tr>")]
    assert "2 approve · 1 decline · 0 abstain · 1 recused" in busy_row
    quiet_row = content[content.index(reverse("endorsements:review", args=[quiet.pk])) :]
    assert "0 approve · 0 decline · 1 abstain</td>" in quiet_row[: quiet_row.index("</tr>")]

    def tally(application):
        row = rows[application.pk]
        return (row.votes_approve, row.votes_decline, row.votes_abstain, row.votes_recused)

    assert (tally(busy), tally(quiet), tally(untouched)) == (
        (2, 1, 0, 1),
        (0, 0, 1, 0),
        (0, 0, 0, 0),
    )


def test_queue_shows_the_members_own_vote(client, committee_member, north):
    application = north_application()
    vote_cast(application=application, member=committee_member, choice="recused")
    client.force_login(committee_member)

    response = client.get(reverse("endorsements:review_queue"))

    assert [row.my_vote for row in response.context["page"]] == ["recused"]
    row = response.content.decode().split("<tbody>")[1].split("</tr>")[0]
    assert f'href="{reverse("endorsements:review", args=[application.pk])}"' in row
    assert row.endswith("<td>Recused</td>")
    assert str(application.region) in row


def test_queue_filters_decided_and_by_region(client, staff, north, west):
    waiting = north_application()
    decided = west_application()
    ready_for_decision(decided)
    decision_make(application=decided, by=staff, approve=False, reason="Not this time.")
    client.force_login(staff)

    decided_rows = client.get(reverse("endorsements:review_queue"), {"status": "decided"}).context[
        "page"
    ]
    north_rows = client.get(reverse("endorsements:review_queue"), {"region": north.pk}).context[
        "page"
    ]
    west_waiting = client.get(reverse("endorsements:review_queue"), {"region": west.pk}).context[
        "page"
    ]

    assert [row.pk for row in decided_rows] == [decided.pk]
    assert [row.pk for row in north_rows] == [waiting.pk]
    assert list(west_waiting) == []


def test_queue_has_an_empty_state(client, director, north):
    client.force_login(director)

    response = client.get(reverse("endorsements:review_queue"))

    assert "Nothing is waiting for review" in response.content.decode()


def test_queue_paginates(client, staff, north, monkeypatch):
    monkeypatch.setattr(review_views, "QUEUE_PAGE_SIZE", 2)
    for _ in range(3):
        north_application()
    client.force_login(staff)

    first = client.get(reverse("endorsements:review_queue"))
    second = client.get(reverse("endorsements:review_queue"), {"page": 2})

    assert (len(first.context["page"]), len(second.context["page"])) == (2, 1)
    assert "Page 1 of 2" in first.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_queue_queries_do_not_grow(
    client, committee_member, north, count, django_assert_num_queries
):
    for _ in range(count):
        vote_cast(application=north_application(), member=committee_member, choice="approve")
    client.force_login(committee_member)

    # user with roles, the two-factor check, the regions for the filter,
    # the count, and the page of applications with candidate, person, race, region and
    # cycle joined and the tally, recommendation and own vote as subqueries of each row.
    with django_assert_num_queries(5):
        response = client.get(reverse("endorsements:review_queue"))

    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_queue_queries_do_not_grow_for_a_director(
    client, director, north, count, django_assert_num_queries
):
    for _ in range(count):
        north_application()
    client.force_login(director)

    # The same seven: the director's regions replace every region in the filter.
    with django_assert_num_queries(5):
        response = client.get(reverse("endorsements:review_queue"))

    assert len(response.context["page"]) == count


# --- The review page -------------------------------------------------------------------------


def test_review_page_shows_the_application_side_by_side(
    client, director, committee_member, north, settings, monkeypatch, tmp_path
):
    use_tmp_private_storage(settings, monkeypatch, str(tmp_path))
    application = north_application(
        answers={"why_running": "Our buses are always late."}, team="Two friends."
    )
    evidence = FilingEvidenceFactory(application=application)
    research_check(
        application=application, kind="public_records", by=director, finding="Nothing found."
    )
    recommendation_write(
        application=application, director=director, recommendation="endorse", text="A natural."
    )
    vote_cast(
        application=application, member=committee_member, choice="approve", comment="Great plan."
    )
    client.force_login(director)

    response = client.get(page(application.pk))

    body = response.content.decode()
    assert response.status_code == 200
    for expected in [
        "Our buses are always late.",
        "Two friends.",
        "Knock every door in the ward twice.",
        reverse("endorsements:evidence", kwargs={"pk": evidence.pk}),
        "Nothing found.",
        "A natural.",
        "Great plan.",
        "Director recommended",
        "Committee vote",
        "Applied for endorsement",
    ]:
        assert expected in body, expected


def test_review_page_has_unique_element_ids(client, staff, director, north):
    import re
    from collections import Counter

    application = north_application()
    research_check(application=application, kind="public_records", by=director)
    client.force_login(staff)

    body = client.get(page(application.pk)).content.decode()

    ids = Counter(re.findall(r'\sid="([^"]+)"', body))
    assert [name for name, count in ids.items() if count > 1] == []


def test_review_page_shows_forms_by_permission(client, persona, north):
    application = north_application()
    forms_seen = {}
    for who in ["director", "committee_member", "staff"]:
        client.force_login(persona(who))
        context = client.get(page(application.pk)).context
        forms_seen[who] = (
            context["recommendation_form"] is not None,
            context["may_research"],
            context["vote_form"] is not None,
            context["decision_form"] is not None,
        )

    # (recommend, research, vote, decide)
    assert forms_seen == {
        "director": (True, True, False, False),
        "committee_member": (False, False, True, False),
        "staff": (True, True, False, True),
    }


@pytest.mark.parametrize("count", [1, 3])
def test_review_page_queries_do_not_grow(
    client, staff, director, north, count, django_assert_num_queries
):
    from tests.factories import UserFactory

    application = north_application()
    for kind in ["ballot_status", "public_records", "social_media"][:count]:
        research_check(application=application, kind=kind, by=director, finding="Noted.")
    for _ in range(count):
        vote_cast(
            application=application,
            member=UserFactory(roles=["committee_member"]),
            choice="approve",
        )
    client.force_login(staff)

    # user with roles, two-factor check; the application with everything joined,
    # its evidence, research, votes, events, the stage history, completed courses,
    # earlier applications and the screening logs; the audit trail's row (one INSERT);
    # then the permission lookups for the vote form a staff member (not on the
    # committee) is refused.
    with django_assert_num_queries(REVIEW_PAGE_QUERIES):
        response = client.get(page(application.pk))

    assert len(response.context["detail"].votes) == count


REVIEW_PAGE_QUERIES = 14


def test_review_page_answers_another_regions_director_404(client, other_director, north, west):
    application = north_application()
    client.force_login(other_director)

    assert client.get(page(application.pk)).status_code == 404
    assert (
        client.post(
            button("review_recommend", application.pk), {"recommendation": "endorse", "text": "x"}
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    "who, status", [("candidate_user", 403), ("screener", 403), ("mentor", 403)]
)
def test_review_page_refuses_people_who_do_not_review(client, persona, north, who, status):
    application = north_application(persona("candidate_user"))
    client.force_login(persona(who))

    assert client.get(page(application.pk)).status_code == status


def test_review_page_hides_drafts(client, staff, north):
    draft = Application.objects.create(
        candidate=CandidateFactory(state="NY"), cycle=north_application().cycle
    )
    client.force_login(staff)

    assert client.get(page(draft.pk)).status_code == 404


# --- The buttons -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "review_recommend",
        "review_research",
        "review_explanation_request",
        "review_vote",
        "review_decide",
    ],
)
def test_buttons_answer_get_with_405(client, staff, north, name):
    client.force_login(staff)

    assert client.get(button(name, north_application().pk)).status_code == 405


def test_recommend_saves_and_comes_back_with_a_message(client, director, north):
    application = north_application()
    client.force_login(director)

    response = client.post(
        button("review_recommend", application.pk),
        {"recommendation": "endorse", "text": "Ready to win."},
        follow=True,
    )

    assert response.redirect_chain[-1][0].startswith(page(application.pk))
    assert "Your recommendation is saved" in response.content.decode()
    assert DirectorRecommendation.objects.get(application=application).text == "Ready to win."


def test_recommend_shows_the_mistake_and_keeps_what_was_typed(client, director, north):
    application = north_application()
    client.force_login(director)

    response = client.post(button("review_recommend", application.pk), {"text": "Half a thought"})

    assert response.status_code == 200
    assert response.context["recommendation_form"].errors["recommendation"]
    assert "Half a thought" in response.content.decode()
    assert not DirectorRecommendation.objects.exists()


def test_recommend_refuses_a_committee_member_403(client, committee_member, north):
    application = north_application()
    client.force_login(committee_member)

    response = client.post(
        button("review_recommend", application.pk), {"recommendation": "endorse", "text": "x"}
    )

    assert response.status_code == 403


def test_research_and_explanation_request_email_the_candidate(client, director, north):
    application = north_application()
    client.force_login(director)

    client.post(
        button("review_research", application.pk),
        {"kind": "social_media", "finding": "A rude 2012 post."},
    )
    response = client.post(
        button("review_explanation_request", application.pk),
        {"kind": "social_media", "question": "Could you tell us about a 2012 post?"},
    )

    item = ResearchItem.objects.get(application=application, kind="social_media")
    assert response.status_code == 302
    assert (item.finding, item.explanation_question) == (
        "A rude 2012 post.",
        "Could you tell us about a 2012 post?",
    )
    assert OutboundEmail.objects.filter(purpose="explanation_requested").count() == 1


def test_research_marked_not_applicable_then_recommend(client, director, north):
    application = north_application(researched=False)
    client.force_login(director)
    for kind in ("ballot_status", "public_records", "social_media"):
        client.post(button("review_research", application.pk), {"kind": kind, "finding": ""})

    refused = client.post(
        button("review_recommend", application.pk), {"recommendation": "endorse", "text": "Yes."}
    )
    client.post(
        button("review_research", application.pk),
        {"kind": "campaign_finance", "not_applicable": "on"},
    )
    accepted = client.post(
        button("review_recommend", application.pk), {"recommendation": "endorse", "text": "Yes."}
    )

    assert "Campaign finance filings" in refused.content.decode()
    assert ResearchItem.objects.get(application=application, kind="campaign_finance").not_applicable
    assert accepted.status_code == 302
    assert DirectorRecommendation.objects.get(application=application).recommendation == "endorse"
    assert "Not applicable." in client.get(page(application.pk)).content.decode()


def test_explanation_request_needs_the_check_first(client, director, north):
    application = north_application(researched=False)
    client.force_login(director)

    response = client.post(
        button("review_explanation_request", application.pk),
        {"kind": "public_records", "question": "What happened?"},
    )

    assert response.status_code == 200
    assert "Please check this item off first." in response.content.decode()
    assert "What happened?" in response.content.decode()


def test_vote_by_a_committee_member(client, committee_member, north):
    application = north_application()
    client.force_login(committee_member)

    response = client.post(
        button("review_vote", application.pk), {"choice": "approve", "comment": "Yes!"}
    )

    assert response.status_code == 302
    assert Vote.objects.get(application=application).choice == "approve"


def test_vote_a_recused_member_cannot_vote(client, committee_member, north):
    application = north_application()
    client.force_login(committee_member)
    client.post(
        button("review_vote", application.pk), {"choice": "recused", "comment": "My neighbour."}
    )

    shown = client.get(page(application.pk))
    response = client.post(button("review_vote", application.pk), {"choice": "approve"})

    assert shown.context["vote_form"] is None
    assert "You recused yourself from this application" in response.content.decode()
    assert Vote.objects.get(application=application).choice == "recused"


@pytest.mark.parametrize("who", ["director", "staff"])
def test_vote_refuses_people_off_the_committee_403(client, persona, north, who):
    application = north_application()
    client.force_login(persona(who))

    assert (
        client.post(button("review_vote", application.pk), {"choice": "approve"}).status_code == 403
    )


def test_decide_approve_endorses_the_candidate(client, staff, north):
    application = north_application()
    ready_for_decision(application)
    client.force_login(staff)

    response = client.post(
        button("review_decide", application.pk), {"decision": "approve"}, follow=True
    )

    application.refresh_from_db()
    application.candidate.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.candidate.stage == Stage.ENDORSED
    assert "is endorsed" in response.content.decode()
    assert response.context["decision_form"] is None


def test_decide_before_the_quorum_says_what_is_missing_and_keeps_the_form(client, staff, north):
    application = north_application()
    client.force_login(staff)

    response = client.post(button("review_decide", application.pk), {"decision": "approve"})

    assert response.status_code == 200
    assert "0 of the 3 committee votes needed" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_decide_before_the_quorum_with_a_written_reason(client, staff, north):
    application = north_application()
    client.force_login(staff)

    client.post(
        button("review_decide", application.pk),
        {"decision": "approve", "override_reason": "Filing closes today."},
    )

    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.APPROVED


def test_review_page_says_how_abstentions_count(client, staff, north):
    application = north_application()
    client.force_login(staff)

    body = client.get(page(application.pk)).content.decode()

    assert (
        "A decision needs 3 votes. Approve, decline and abstain votes all count towards it" in body
    )


def test_queue_shows_which_way_the_director_recommends(client, staff, north):
    north_application()
    ready_for_decision(Application.objects.get(), recommendation="decline", votes=0)
    client.force_login(staff)

    body = client.get(reverse("endorsements:review_queue")).content.decode()

    assert "Do not endorse" in body


def test_decide_decline_needs_a_reason_on_the_field(client, staff, north):
    application = north_application()
    client.force_login(staff)

    response = client.post(
        button("review_decide", application.pk), {"decision": "decline", "reason": ""}
    )

    assert response.status_code == 200
    assert response.context["decision_form"].errors["reason"]
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize("who", ["director", "committee_member"])
def test_decide_refuses_anyone_but_staff_403(client, persona, north, who):
    application = north_application()
    client.force_login(persona(who))

    assert (
        client.post(button("review_decide", application.pk), {"decision": "approve"}).status_code
        == 403
    )
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED


def test_candidate_answers_on_their_page_and_the_director_hears(
    client, candidate_user, director, north
):
    application = north_application(candidate_user)
    item = research_check(application=application, kind="public_records", by=director)
    explanation_request(item=item, by=director, question="Tell us about the court case?")
    client.force_login(candidate_user)

    response = client.post(
        reverse("endorsements:explain", kwargs={"pk": item.pk}),
        {"text": "It was a parking dispute, settled in 2019."},
    )

    item.refresh_from_db()
    assert response.status_code == 302
    assert item.explanation == "It was a parking dispute, settled in 2019."
    assert [
        email.to_email for email in OutboundEmail.objects.filter(purpose="explanation_received")
    ] == [director.email]
    client.force_login(director)
    assert (
        "It was a parking dispute, settled in 2019."
        in client.get(page(application.pk)).content.decode()
    )


# --- The candidate never sees the review -----------------------------------------------------

SECRETS = ["SECRET-VOTE-COMMENT", "SECRET-RECOMMENDATION", "SECRET-FINDING"]


def _reviewed(candidate_user, director, committee_member) -> tuple[Application, ResearchItem]:
    application = north_application(candidate_user)
    item = research_check(
        application=application, kind="public_records", by=director, finding="SECRET-FINDING"
    )
    explanation_request(item=item, by=director, question="Could you tell us about the court case?")
    recommendation_write(
        application=application,
        director=director,
        recommendation="decline",
        text="SECRET-RECOMMENDATION",
    )
    vote_cast(
        application=application,
        member=committee_member,
        choice="decline",
        comment="SECRET-VOTE-COMMENT",
    )
    return application, item


def _candidate_pages(application: Application, item: ResearchItem) -> list[str]:
    urls = [
        reverse("candidates:journey"),
        reverse("endorsements:eligibility"),
        reverse("endorsements:explain", kwargs={"pk": item.pk}),
        reverse("endorsements:review_queue"),
        page(application.pk),
    ]
    return urls


def test_candidate_never_sees_votes_or_the_review(
    client, candidate_user, director, committee_member, staff, north
):
    application, item = _reviewed(candidate_user, director, committee_member)
    client.force_login(candidate_user)

    answers = {url: client.get(url) for url in _candidate_pages(application, item)}

    assert answers[reverse("endorsements:eligibility")].status_code == 200
    assert answers[page(application.pk)].status_code == 403
    assert (
        "Could you tell us about the court case?"
        in answers[reverse("endorsements:explain", kwargs={"pk": item.pk})].content.decode()
    )
    for url, response in answers.items():
        body = response.content.decode()
        assert not any(secret in body for secret in SECRETS), url
    # Even the email with the question carries nothing of the review.
    [email] = OutboundEmail.objects.filter(purpose="explanation_requested")
    assert not any(secret in email.body_text + email.body_html for secret in SECRETS)


def test_candidate_never_sees_votes_after_the_decision(
    client, candidate_user, director, committee_member, staff, north
):
    application, item = _reviewed(candidate_user, director, committee_member)
    ready_for_decision(application)
    decision_make(
        application=application, by=staff, approve=False, reason="We need a bigger team first."
    )
    client.force_login(candidate_user)

    home = client.get(reverse("endorsements:eligibility"))

    body = home.content.decode()
    assert home.status_code == 200
    assert not any(secret in body for secret in SECRETS)
    for response in [client.get(url) for url in _candidate_pages(application, item)]:
        assert not any(secret in response.content.decode() for secret in SECRETS)
    [email] = OutboundEmail.objects.filter(purpose="endorsement_declined")
    assert not any(secret in email.body_text + email.body_html for secret in SECRETS)
