"""Pages work under our strict Content-Security-Policy, as a real browser enforces it."""

import pytest
from django.urls import reverse


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("url_name", ["home", "account_signup", "account_login"])
def test_page_loads_without_policy_violations(live_server, chromium, url_name):
    context = chromium.new_context()  # the CSP enforced, unlike the axe fixture's context
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
        page.goto(live_server.url + reverse(url_name))
        page.wait_for_load_state("load")
        # Bootstrap's script ran: the collapsed menu is wired to its toggler.
        has_bootstrap = page.evaluate("typeof window.bootstrap !== 'undefined'")
    finally:
        context.close()

    assert problems == []
    assert has_bootstrap is True
