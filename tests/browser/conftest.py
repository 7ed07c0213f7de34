"""Real-browser fixtures: Debian's Chromium driven by Playwright (sync API) against `live_server`.

Every test gets a fresh browser context and a `page` whose console errors, uncaught exceptions,
CSP violations (Chromium reports them as console errors) and failed requests land in
`browser_errors`, which each test asserts is empty at the end.
"""

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Error, Page, sync_playwright

from tests.factories import PASSWORD

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM} "
            "(apt-get install chromium); it is missing or not executable.",
            pytrace=False,
        )
    # The sync API keeps Playwright's event loop marked as running in this thread for as long as
    # the browser lives, and Django refuses ORM calls (factories, the flush after each
    # transactional test) when it sees a running loop. Nothing here runs concurrently on that
    # loop, so allow them while the browser is up, and put the environment back afterwards.
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        yield from _launch_chromium()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


def _launch_chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
        except Error as error:
            pytest.fail(f"Chromium at {CHROMIUM} would not start: {error}", pytrace=False)
        yield browser
        browser.close()


@pytest.fixture
def browser_errors() -> list[str]:
    """What went wrong in the browser during the test; tests assert it is empty."""
    return []


@pytest.fixture
def viewport() -> dict[str, int]:
    """The window size of the test's browser context; override it to test a phone."""
    return DESKTOP


@pytest.fixture
def context(browser: Browser, viewport: dict[str, int]) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=viewport, locale="en-US")
    context.set_default_timeout(5_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext, browser_errors: list[str]) -> Page:
    page = context.new_page()

    def on_console(message) -> None:
        if message.type == "error":
            browser_errors.append(f"console: {message.text} ({message.location.get('url')})")

    def on_request_failed(request) -> None:
        # ERR_ABORTED is the browser dropping a request it no longer needs (the page navigated
        # away before the favicon arrived); a broken resource fails otherwise or answers >= 400.
        if request.failure != "net::ERR_ABORTED":
            browser_errors.append(
                f"request failed: {request.method} {request.url}: {request.failure}"
            )

    def on_response(response) -> None:
        if response.status >= 400:
            browser_errors.append(
                f"HTTP {response.status}: {response.request.method} {response.url}"
            )

    page.on("console", on_console)
    page.on("pageerror", lambda error: browser_errors.append(f"page error: {error}"))
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    return page


@pytest.fixture
def log_in(live_server, page: Page):
    """Log `user` in through the real login form and return the page it lands on."""

    def _log_in(user, next_path: str = "") -> Page:
        url = f"{live_server.url}/accounts/login/"
        if next_path:
            url += f"?next={next_path}"
        page.goto(url)
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill(PASSWORD)
        with page.expect_navigation():
            page.get_by_role("button", name="Log in").click()
        return page

    return _log_in
