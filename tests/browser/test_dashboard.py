"""A director opens the dashboard on a phone-sized and a desktop screen; the public
impact page shows the same map. Both pass axe with their charts."""

import pytest
from django.urls import reverse

from candidates.models import Demographics
from insights.analytics.refresh import analytics_refresh
from rfs.enums import Role
from tests.browser.test_intro_call import sign_in
from tests.factories import CandidateFactory, RegionFactory, UserFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_director_reads_the_dashboard_and_the_public_sees_impact(
    live_server, page, assert_accessible, settings
):
    from playwright.sync_api import expect

    settings.RFS_REQUIRE_MFA_FOR_PRIVILEGED = False
    north = RegionFactory(name="North", states=["NY", "MA"])
    UserFactory(email="dana@example.org", roles=[Role.REGIONAL_DIRECTOR], directs=[north])
    for number in range(12):
        candidate = CandidateFactory(state="NY" if number % 3 else "MA")
        Demographics.objects.create(candidate=candidate, gender="woman" if number % 2 else "man")
    analytics_refresh()

    sign_in(page, live_server, "dana@example.org")
    page.goto(live_server.url + reverse("dashboard"))
    expect(page.get_by_role("heading", name="Pipeline dashboard")).to_be_visible()
    expect(page.get_by_role("img", name="How many people reached each step")).to_be_visible()
    expect(page.get_by_role("row", name="Total 12")).to_be_visible()
    # Six women and six men: both under 10, so both hidden, never the exact six.
    fair = page.get_by_role("region", name="Fair share by Gender")
    expect(fair).to_contain_text("fewer than 10")
    assert_accessible(page, "dashboard")
    page.set_viewport_size({"width": 375, "height": 800})
    assert_accessible(page, "dashboard on a phone")

    page.goto(live_server.url + reverse("impact"))
    expect(page.get_by_role("img", name="Won, by state (darker is more)")).to_be_visible()
    expect(page.get_by_role("row", name="New York 8 0 0")).to_be_visible()
    assert_accessible(page, "impact page")
