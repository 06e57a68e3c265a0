"""The mentorship forms: what each accepts, refuses and hands to the services."""

import pytest

from mentorship.forms import (
    AnswerForm,
    FollowUpForm,
    MatchRequestForm,
    MentorApplyForm,
    QuestionAskForm,
    ResolveForm,
)
from tests.factories.mentorship import ExpertiseAreaFactory, MentorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fundraising(db):
    return ExpertiseAreaFactory(slug="fundraising", name="Fundraising")


def apply_data(area, **overrides) -> dict:
    return {
        "areas": [area.pk],
        "states": ["NY"],
        "languages": ["en"],
        "bio": "Ran a school board race.",
        "weekly_capacity": "3",
        "match_capacity": "1",
        **overrides,
    }


def test_mentor_apply_form_valid_hands_clean_values(fundraising, north):
    form = MentorApplyForm(apply_data(fundraising, region=north.pk, languages=["en", "es"]))

    assert form.is_valid(), form.errors
    assert list(form.cleaned_data["areas"]) == [fundraising]
    assert (
        form.cleaned_data["states"],
        form.cleaned_data["languages"],
        form.cleaned_data["weekly_capacity"],
    ) == (
        ["NY"],
        ["en", "es"],
        3,
    )
    assert form.cleaned_data["region"] == north


def test_mentor_apply_form_region_is_optional(fundraising):
    form = MentorApplyForm(apply_data(fundraising))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["region"] is None


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("areas", [], "Pick at least one area."),
        ("languages", [], "Pick at least one language."),
        ("states", ["XX"], "Select a valid choice. XX is not one of the available choices."),
        ("weekly_capacity", "0", "Ensure this value is greater than or equal to 1."),
        ("weekly_capacity", "21", "Ensure this value is less than or equal to 20."),
        ("match_capacity", "-1", "Ensure this value is greater than or equal to 0."),
        ("bio", "", "This field is required."),
    ],
)
def test_mentor_apply_form_refuses_bad_input(fundraising, field, value, error):
    form = MentorApplyForm(apply_data(fundraising, **{field: value}))

    assert not form.is_valid()
    assert form.errors[field] == [error]


def test_mentor_apply_form_does_not_offer_retired_areas(fundraising):
    retired = ExpertiseAreaFactory(slug="fax-campaigns", active=False)

    form = MentorApplyForm(apply_data(retired))

    assert not form.is_valid()
    assert "areas" in form.errors


def test_mentor_apply_form_initial_from_an_application(fundraising):
    mentor = MentorFactory(
        areas=[fundraising], states=["MA"], languages=["es"], bio="Hi", weekly_capacity=4
    )

    initial = MentorApplyForm.initial_from(mentor)

    assert initial == {
        "areas": [fundraising],
        "states": ["MA"],
        "languages": ["es"],
        "bio": "Hi",
        "weekly_capacity": 4,
        "match_capacity": 1,
        "region": None,
    }


def test_question_ask_form_area_is_optional(fundraising):
    form = QuestionAskForm({"title": "How do I find donors?", "details": ""})

    assert form.is_valid(), form.errors
    assert (form.cleaned_data["area"], form.cleaned_data["private"]) == (None, False)


def test_question_ask_form_needs_a_title(fundraising):
    form = QuestionAskForm({"title": "", "details": "Lots of detail", "area": fundraising.pk})

    assert form.errors == {"title": ["Please write your question."]}


def test_question_ask_form_title_is_at_most_200_characters(fundraising):
    form = QuestionAskForm({"title": "x" * 201, "area": fundraising.pk})

    assert form.errors["title"] == ["Ensure this value has at most 200 characters (it has 201)."]


@pytest.mark.parametrize(
    ("form_class", "error"),
    [
        (AnswerForm, "Please write your answer first."),
        (FollowUpForm, "Please write your follow-up first."),
    ],
)
def test_post_forms_refuse_an_empty_message(form_class, error):
    form = form_class({"body": "   "})

    assert form.errors == {"body": [error]}


def test_resolve_form_rating_is_optional():
    form = ResolveForm({"rating": "", "comment": ""})

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"rating": None, "comment": ""}


def test_resolve_form_gives_the_rating_as_a_number():
    form = ResolveForm({"rating": "4", "comment": "Helpful"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"rating": 4, "comment": "Helpful"}


@pytest.mark.parametrize("rating", ["0", "6", "five"])
def test_resolve_form_refuses_a_rating_outside_1_to_5(rating):
    form = ResolveForm({"rating": rating})

    assert list(form.errors) == ["rating"]


def test_match_request_form_needs_an_area(fundraising):
    form = MatchRequestForm({"areas": [], "language": "en", "note": "Council"})

    assert form.errors == {"areas": ["Pick at least one area."]}


def test_match_request_form_refuses_an_unknown_language(fundraising):
    form = MatchRequestForm({"areas": [fundraising.pk], "language": "klingon"})

    assert list(form.errors) == ["language"]
