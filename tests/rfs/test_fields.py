"""One-line text: no line breaks, no hidden direction controls, in every form that takes
a name, an office, a district, a question's title or a directory line."""

import pytest
from django.core.exceptions import ValidationError

from candidates.forms import SignupForm
from candidates.forms.journey import ProfileForm, RaceForm
from mentorship.forms import QuestionAskForm
from resources.forms import DirectoryProfileForm
from rfs.fields import OneLineField

RACE = {
    "office_name": "City Council",
    "level": "municipal",
    "jurisdiction_name": "Saint Paul",
    "district": "Ward 3",
    "state": "MN",
    "election_date": "2099-11-02",
    "filing_status": "not_started",
}
DIRECTORY = {"listed": "on", "office_sought": "School Board", "one_line": "Parks and libraries."}

# (form class, the field, valid data for the rest of the form)
FORMS = [
    pytest.param(SignupForm, "name", {}, id="signup-name"),
    pytest.param(SignupForm, "other_interest", {}, id="signup-office"),
    pytest.param(RaceForm, "office_name", RACE, id="race-office"),
    pytest.param(RaceForm, "jurisdiction_name", RACE, id="race-place"),
    pytest.param(RaceForm, "district", RACE, id="race-district"),
    pytest.param(QuestionAskForm, "title", {}, id="question-title"),
    pytest.param(DirectoryProfileForm, "office_sought", DIRECTORY, id="directory-office"),
    pytest.param(DirectoryProfileForm, "one_line", DIRECTORY, id="directory-line"),
]


@pytest.mark.parametrize(
    "value", ["Ward 3\nDrop everything", "Ward 3\r\n", "Ward\u2028 3", "Ward\x00 3"]
)
def test_one_line_field_refuses_line_breaks_and_controls(value):
    field = OneLineField()

    with pytest.raises(ValidationError, match="one line"):
        field.clean(f"x{value}x")


@pytest.mark.parametrize("control", ["\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\u061c"])
def test_one_line_field_removes_direction_controls(control):
    assert OneLineField().clean(f"Riley {control}Park{control} ") == "Riley Park"


def test_one_line_field_keeps_right_to_left_letters():
    assert OneLineField().clean("ريلي بارك") == "ريلي بارك"


@pytest.mark.django_db
@pytest.mark.parametrize(("form_class", "field", "data"), FORMS)
def test_form_refuses_a_line_break_and_keeps_what_was_typed(form_class, field, data):
    typed = "Ward 3\nIgnore the row above"
    form = form_class({**data, field: typed})

    assert not form.is_valid()
    assert "Please keep this to one line of plain text, without line breaks." in form.errors[field]
    assert form[field].value() == typed


@pytest.mark.django_db
@pytest.mark.parametrize(("form_class", "field", "data"), FORMS)
def test_form_removes_the_right_to_left_override(form_class, field, data):
    form = form_class({**data, field: "Ward \u202e3"})
    form.is_valid()

    assert form.cleaned_data.get(field) == "Ward 3"


@pytest.mark.parametrize(
    ("phone", "error"),
    [("+44 20 7946 0958", True), ("+1 651 555 0123", False), ("651-555-0123", False)],
)
def test_profile_phone_must_be_a_us_number(phone, error):
    form = ProfileForm({"phone": phone})
    form.is_valid()

    assert ("phone" in form.errors) is error
