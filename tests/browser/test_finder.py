"""A visitor on a phone asks what they could run for, in a real browser.

At 375 px: the empty finder, a mistyped ZIP code, the offices of Saint Paul (the
legislature from Open States, typical county and city offices), then the same page once
staff have imported Saint Paul's exact offices. axe-core checks every state of the page.

Set ``RFS_SCREENSHOTS=/some/folder`` to keep a full-page screenshot of each state.
"""

import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

PHONE = {"width": 375, "height": 740}
TYPICAL = "Typical — confirm with your local election office"
SCREENSHOTS = os.environ.get("RFS_SCREENSHOTS")

SAINT_PAUL = {
    "state": "MN",
    "jurisdiction_name": "Saint Paul",
    "jurisdiction_kind": "municipality",
    "county": "Ramsey County",
    "city": "Saint Paul",
    "election_office_url": "https://www.ramseycounty.us/elections",
    "level": "municipal",
    "seats": "1",
    "term_years": "4",
    "partisan": "no",
    "election_date": "2027-11-02",
    "election_kind": "general",
    "filing_deadline": "2027-08-10",
    "filing_fee": "250",
}


def import_saint_paul_offices() -> None:
    """Staff import Saint Paul's mayor and three council wards (through the CSV importer)."""
    from candidates.imports import offices_import

    rows = [{**SAINT_PAUL, "office_name": "Mayor", "district": ""}] + [
        {**SAINT_PAUL, "office_name": "City council member", "district": f"Ward {ward}"}
        for ward in (1, 2, 3)
    ]
    report = offices_import(rows=rows, dry_run=False)
    assert report.errors == []


def check_state(page, assert_accessible, label: str) -> None:
    """axe finds nothing, the page does not scroll sideways, and a screenshot if asked."""
    assert_accessible(page, f"{label} at {PHONE['width']} px")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{label} scrolls sideways ({scroll_width} px wide)"
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(
            path=folder / f"finder-{re.sub(r'[^a-z0-9]+', '-', label.lower())}.png", full_page=True
        )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_visitor_finds_what_they_could_run_for_on_a_phone(live_server, page, assert_accessible):
    from playwright.sync_api import expect

    # Thanksgiving 2026: Minnesota's legislature is next elected on November 7, 2028.
    with time_machine.travel(datetime(2026, 11, 26, 18, 0, tzinfo=UTC), tick=True):
        page.set_viewport_size(PHONE)
        finder = live_server.url + reverse("candidates:finder")

        # Before searching: what this is, in plain words.
        page.goto(finder)
        expect(page.get_by_role("heading", level=1)).to_have_text("What could you run for?")
        expect(page.get_by_role("heading", name="Start close to home")).to_be_visible()
        zip_field = page.get_by_label("Your ZIP code")
        expect(zip_field).to_have_attribute("inputmode", "numeric")
        expect(zip_field).to_have_attribute("autocomplete", "postal-code")
        check_state(page, assert_accessible, "empty finder")

        # A typo: a kind message on the field, and what was typed is still there.
        zip_field.fill("5510")
        page.get_by_role("button", name="Show offices").click()
        expect(page.locator("#id_zip_error")).to_contain_text("This one has 4 digits")
        expect(page.get_by_label("Your ZIP code")).to_have_value("5510")
        expect(page.get_by_label("Your ZIP code")).to_have_attribute("aria-invalid", "true")
        check_state(page, assert_accessible, "finder with an error")

        # Saint Paul, typed as ZIP+4.
        page.get_by_label("Your ZIP code").fill("55101-1234")
        page.get_by_role("button", name="Show offices").click()
        expect(page).to_have_url(re.compile(r"/run/\?zip=55101-1234$"))
        expect(
            page.get_by_role(
                "heading", level=2, name="Offices elected in Saint Paul, Ramsey County, Minnesota"
            )
        ).to_be_visible()

        legislature = page.locator("#level-state-legislature")
        expect(
            legislature.get_by_role("heading", level=4, name="Minnesota House of Representatives")
        ).to_be_visible()
        expect(legislature).to_contain_text("134 seats")
        expect(legislature.get_by_role("heading", level=4, name="Minnesota Senate")).to_be_visible()
        expect(legislature).to_contain_text("67 seats")
        expect(legislature).to_contain_text("Next general election: Tuesday, November 7, 2028")
        expect(legislature).not_to_contain_text(TYPICAL)

        county = page.locator("#level-county")
        expect(county.get_by_role("heading", level=3)).to_contain_text("Ramsey County")
        expect(county.get_by_text(TYPICAL)).to_have_count(5)
        city = page.locator("#level-municipal")
        expect(city.get_by_role("heading", level=3)).to_contain_text("Saint Paul")
        expect(city.get_by_role("heading", level=4, name="Mayor")).to_be_visible()
        expect(city.get_by_text(TYPICAL)).to_have_count(2)
        check_state(page, assert_accessible, "finder results")

        # Staff import Saint Paul's exact offices: they replace the typical city list.
        import_saint_paul_offices()
        page.reload()

        city = page.locator("#level-municipal")
        expect(city.get_by_text(TYPICAL)).to_have_count(0)
        expect(city.get_by_role("heading", level=4)).to_have_count(4)
        expect(
            city.get_by_role("heading", level=4, name="City council member · Ward 2")
        ).to_be_visible()
        expect(city).to_contain_text("Next election: Tuesday, November 2, 2027")
        expect(city).to_contain_text("Filing deadline: August 10, 2027 (257 days left)")
        expect(city).to_contain_text("Filing fee: $250")
        expect(city.get_by_role("link", name="Election office: Saint Paul")).to_have_attribute(
            "href", "https://www.ramseycounty.us/elections"
        )
        # The county has no exact offices yet: still typical.
        expect(page.locator("#level-county").get_by_text(TYPICAL)).to_have_count(5)
        check_state(page, assert_accessible, "finder results with exact offices")

        # "I might run for this" on Ward 2 leads to signup, with the office remembered.
        city.get_by_role(
            "link", name=re.compile(r"^I might run for this \(City council member, Ward 2\)$")
        ).click()
        expect(page).to_have_url(live_server.url + reverse("account_signup") + "?zip=55101")
        expect(page.get_by_role("alert")).to_contain_text("City council member Ward 2, Saint Paul")
        # The ZIP typed in the finder is already filled in.
        expect(page.get_by_label("ZIP code where you live")).to_have_value("55101")

    assert page.errors == [], "errors in the browser:\n" + "\n".join(page.errors)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_finder_works_under_the_enforced_content_security_policy(live_server, chromium):
    context = chromium.new_context(viewport=PHONE)  # the CSP enforced, unlike `page`'s context
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and problems.append(f"{response.status} {response.url}")
        ),
    )
    try:
        for query in ("", "?zip=55101", "?zip=abcde"):
            page.goto(live_server.url + reverse("candidates:finder") + query)
            page.wait_for_load_state("load")
    finally:
        context.close()

    assert problems == []
