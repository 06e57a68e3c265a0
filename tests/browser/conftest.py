"""Browser fixtures: headless Debian Chromium driven by Playwright, and an axe check.

Playwright cannot download browsers here, so it always launches /usr/bin/chromium (or
``RFS_CHROMIUM``). Without Chromium or Playwright the browser tests skip locally and
fail under ``REQUIRE_SERVICES=1`` (CI).
"""

import os
from pathlib import Path

import pytest

from tests.conftest import require_service

CHROMIUM = os.environ.get("RFS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# How long Playwright waits for one element or one navigation; pages here load in
# milliseconds, so a failure shows up quickly instead of after Playwright's 30 s default.
TIMEOUT_MS = 10_000

DESKTOP = {"width": 1280, "height": 900}


def _chromium_available() -> tuple[bool, str]:
    path = Path(CHROMIUM)
    if path.is_file() and os.access(path, os.X_OK):
        return True, ""
    return False, f"no executable at {CHROMIUM} (apt-get install -y chromium)"


@pytest.fixture(scope="module")
def chromium():
    """One headless Chromium for the module's tests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        require_service("Playwright", False, f"cannot import playwright ({error})")
    available, detail = _chromium_available()
    require_service("Chromium", available, detail)

    # Playwright's sync API keeps an event loop in this thread while it runs, and Django
    # refuses ORM calls from a thread with a running loop. The test and pytest-django's
    # database teardown query the database while the browser is open, so allow them for
    # exactly as long as Playwright runs.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()


@pytest.fixture
def browser_context(chromium):
    """A fresh context (cookies, storage) per test, open to axe despite our strict CSP.

    It asks for reduced motion, as some people do: Bootstrap then opens and closes the
    menu without a transition, so the test neither waits for nor checks half-drawn states.
    """
    context = chromium.new_context(
        bypass_csp=True, viewport=DESKTOP, locale="en-US", reduced_motion="reduce"
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    """A page that records what went wrong in the browser as ``page.errors``.

    Script errors, console errors, responses of 400 or more and failed requests count,
    except a request the browser abandoned because the test moved to the next page before
    it finished (``net::ERR_ABORTED``; a missing file still counts, as its 404 response).
    """
    page = browser_context.new_page()
    errors: list[str] = []

    def on_console(message) -> None:
        # A failed load is reported below with its address; the console line has none.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(f"console: {message.text}")

    def on_response(response) -> None:
        if response.status >= 400:
            errors.append(f"HTTP {response.status}: {response.request.method} {response.url}")

    def on_request_failed(request) -> None:
        if request.failure != "net::ERR_ABORTED":
            errors.append(f"failed: {request.method} {request.url} ({request.failure})")

    page.on("pageerror", lambda error: errors.append(f"script: {error}"))
    page.on("console", on_console)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    page.errors = errors
    yield page
    page.close()


def _format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            lines.append(f"       {node['html'][:300]}")
            summary = node.get("failureSummary")
            if summary:
                lines.extend(f"       {line}" for line in summary.splitlines())
    return "\n".join(lines)


@pytest.fixture(scope="session")
def _axe():
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError as error:
        require_service("axe-playwright-python", False, str(error))
    return Axe()


@pytest.fixture
def assert_accessible(_axe):
    """``assert_accessible(page, "signup page")``: axe finds no violations on the page as shown.

    Runs axe-core's default rules (WCAG 2.x A/AA and best practices). Violations are
    printed and reported in the failure message, one node per line.
    """

    def check(page, label: str) -> None:
        page.wait_for_load_state("load")
        results = _axe.run(page)
        violations = results.response["violations"]
        if violations:
            report = _format_violations(violations)
            print(f"\naxe: {len(violations)} violation(s) on {label} ({page.url}):\n{report}")
            pytest.fail(
                f"axe found {len(violations)} accessibility violation(s) on {label} "
                f"({page.url}):\n{report}",
                pytrace=False,
            )

    return check
