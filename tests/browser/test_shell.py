"""The app shell in a real browser: log in and out, the candidate list and its live search, the
candidate page, phones, the keyboard, and the 404 page, all under the strict CSP."""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE
from tests.factories import (
    PASSWORD,
    ActivityFactory,
    CandidateDocumentFactory,
    CandidateFactory,
    CandidatePhoneFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XSS_NAME = "<img src=x onerror=alert(1)>"
NAV_LINKS = ["Jobs", "Candidates", "Prospects", "Talent pools", "Campaigns", "Reports"]
# Set RECRUIT_SCREENSHOTS=/some/dir to keep screenshots of the pages for a human to look at.
SCREENSHOTS = os.environ.get("RECRUIT_SCREENSHOTS", "")


def _screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=Path(SCREENSHOTS) / name, full_page=True)


def _assert_no_horizontal_scroll(page: Page) -> None:
    page_width, window_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert page_width <= window_width, (
        f"{page.url} is {page_width}px wide in a {window_width}px window: it scrolls sideways"
    )


def _candidate_with_history():
    candidate = CandidateFactory(
        first_name="Alexandria",
        last_name="Konstantinopoulou",
        email="alexandria.konstantinopoulou@verylongcompanyname.example.org",
        phone="+14155550100",
        current_title="Senior Staff Site Reliability Engineer",
        current_company="Northwind Traders",
        location="Thessaloniki",
        github_url="https://github.com/alexandria-konstantinopoulou",
        summary="Keeps large fleets of servers boring.",
    )
    CandidatePhoneFactory(candidate=candidate, number="+14155550199")
    CandidateDocumentFactory(
        candidate=candidate, original_name="Alexandria_Konstantinopoulou_Resume_2026.txt"
    )
    now = timezone.now()
    # Created out of order, so only the page's sort can put them newest first.
    ActivityFactory(candidate=candidate, verb="document.added", created_at=now - timedelta(days=1))
    ActivityFactory(
        candidate=candidate,
        verb="email.queued",
        details={"subject": "Next steps"},
        created_at=now - timedelta(hours=2),
    )
    ActivityFactory(
        candidate=candidate, verb="candidate.created", created_at=now - timedelta(days=3)
    )
    return candidate


def test_anonymous_visitor_logs_in_and_lands_on_the_candidate_list(
    live_server, page, log_in, recruiter, browser_errors
):
    CandidateFactory(first_name="Grace", last_name="Hopper", current_title="Rear admiral")
    CandidateFactory(first_name="Alan", last_name="Turing", current_title="Mathematician")
    CandidateFactory(first_name="Ada", last_name="Lovelace", current_title="Analyst")

    page.goto(f"{live_server.url}/candidates/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/candidates/$"))
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    log_in(recruiter, next_path="/candidates/")

    expect(page).to_have_url(f"{live_server.url}/candidates/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidates")
    expect(page.get_by_text("3 candidates")).to_be_visible()
    for name in ("Grace Hopper", "Alan Turing", "Ada Lovelace"):
        expect(page.get_by_role("link", name=name)).to_be_visible()
    assert browser_errors == []


def test_typing_in_search_narrows_the_list_without_reloading_the_page(
    live_server, page, log_in, recruiter, browser_errors
):
    CandidateFactory(first_name="Zelda", last_name="Fitzgerald", current_title="Writer")
    CandidateFactory(first_name="Ernest", last_name="Hemingway", current_title="Writer")
    CandidateFactory(first_name="Gertrude", last_name="Stein", current_title="Poet")
    log_in(recruiter, next_path="/candidates/")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(3)
    page.evaluate("window.__sameDocument = true")  # gone if the page reloads

    search = page.get_by_role("searchbox", name="Search candidates")
    with page.expect_response(lambda r: "q=zel" in r.url and r.request.headers.get("hx-request")):
        search.press_sequentially("zel", delay=30)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Zelda Fitzgerald")
    expect(page.get_by_text("1 candidate matching “zel”")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/candidates/\?q=zel$"))

    with page.expect_response(
        lambda r: r.url.endswith("?q=") and r.request.headers.get("hx-request")
    ):
        search.fill("")
    expect(rows).to_have_count(3)
    expect(page).to_have_url(re.compile(r"/candidates/\?q=$"))
    assert page.evaluate("window.__sameDocument") is True
    assert browser_errors == []


def test_back_button_after_a_search_and_opening_a_candidate_shows_the_whole_list_page(
    live_server, page, log_in, recruiter, browser_errors
):
    CandidateFactory(first_name="Zelda", last_name="Fitzgerald")
    CandidateFactory(first_name="Ernest", last_name="Hemingway")
    log_in(recruiter, next_path="/candidates/")
    with page.expect_response(lambda r: "q=zel" in r.url):
        page.get_by_role("searchbox", name="Search candidates").press_sequentially("zel")
    page.get_by_role("link", name="Zelda Fitzgerald").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zelda Fitzgerald")

    page.go_back()

    expect(page).to_have_url(re.compile(r"/candidates/\?q=zel$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Candidates")
    expect(page.get_by_role("searchbox", name="Search candidates")).to_have_value("zel")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    assert browser_errors == []


def test_candidate_page_shows_profile_documents_and_timeline_newest_first(
    live_server, page, log_in, recruiter, browser_errors
):
    candidate = _candidate_with_history()
    log_in(recruiter)

    page.goto(f"{live_server.url}/candidates/{candidate.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alexandria Konstantinopoulou")
    profile = page.get_by_role("region", name="Profile")
    expect(profile).to_contain_text(candidate.email)
    expect(profile).to_contain_text("+1 415-555-0100")
    expect(profile).to_contain_text("+1 415-555-0199")
    expect(profile).to_contain_text("Careers site")
    expect(profile.get_by_role("link", name="GitHub")).to_be_visible()
    documents = page.get_by_role("region", name="Documents")
    expect(
        documents.get_by_role("link", name="Alexandria_Konstantinopoulou_Resume_2026.txt")
    ).to_be_visible()
    timeline = page.get_by_role("region", name="Timeline")
    expect(timeline.locator("li strong")).to_have_text(
        ["Email sent", "Document added", "Added to Recruit"]
    )
    expect(timeline).to_contain_text("“Next steps”")
    _screenshot(page, "candidate-desktop.png")
    assert browser_errors == []


def test_a_name_with_html_is_shown_as_text_and_never_runs(
    live_server, page, log_in, recruiter, browser_errors
):
    candidate = CandidateFactory(first_name=XSS_NAME, last_name="")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(recruiter)

    page.goto(f"{live_server.url}/candidates/")
    expect(page.get_by_role("link", name=XSS_NAME)).to_be_visible()
    page.get_by_role("link", name=XSS_NAME).click()

    expect(page).to_have_url(f"{live_server.url}/candidates/{candidate.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(XSS_NAME)
    expect(page).to_have_title(f"{XSS_NAME} · Recruit")
    expect(page.locator("img[src=x]")).to_have_count(0)
    assert dialogs == []
    assert browser_errors == []


class TestPhone:
    @pytest.fixture
    def viewport(self) -> dict[str, int]:
        return PHONE

    def test_candidate_list_fits_a_phone_and_the_menu_opens_the_navigation(
        self, live_server, page, log_in, recruiter, browser_errors
    ):
        _candidate_with_history()
        CandidateFactory.create_batch(3)
        log_in(recruiter, next_path="/candidates/")

        expect(page.locator("#results tbody tr")).to_have_count(4)
        _assert_no_horizontal_scroll(page)
        expect(page.locator("nav.sidebar")).to_be_hidden()
        menu = page.locator("details.nav-toggle")
        for name in NAV_LINKS:
            expect(menu.get_by_role("link", name=name, exact=True)).to_be_hidden()

        menu.get_by_text("Menu").click()
        for name in NAV_LINKS:
            expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
        _assert_no_horizontal_scroll(page)
        _screenshot(page, "candidates-phone-menu.png")
        menu.get_by_role("link", name="Jobs", exact=True).click()
        expect(page).to_have_url(re.compile(r"/ats/"))
        assert browser_errors == []

    def test_candidate_page_fits_a_phone(
        self, live_server, page, log_in, recruiter, browser_errors
    ):
        candidate = _candidate_with_history()
        log_in(recruiter)

        page.goto(f"{live_server.url}/candidates/{candidate.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Alexandria Konstantinopoulou")
        expect(page.locator("nav.sidebar")).to_be_hidden()
        expect(page.get_by_role("region", name="Timeline").locator("li")).to_have_count(3)
        _screenshot(page, "candidate-phone.png")
        _assert_no_horizontal_scroll(page)
        assert browser_errors == []


def test_keyboard_alone_logs_in(live_server, page, recruiter, browser_errors):
    page.goto(f"{live_server.url}/accounts/login/")
    email = page.get_by_label("Email address")
    expect(email).to_be_focused()  # autofocus
    page.keyboard.press("Shift+Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()

    page.keyboard.press("Tab")
    expect(email).to_be_focused()
    page.keyboard.type(recruiter.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Log in")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Good to see you")
    assert browser_errors == []


def test_hiring_manager_opening_a_candidate_url_gets_the_styled_404(
    live_server, page, log_in, hiring_manager, browser_errors
):
    candidate = CandidateFactory()
    log_in(hiring_manager)

    response = page.goto(f"{live_server.url}/candidates/{candidate.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="We could not find that page")).to_be_visible()
    expect(page.get_by_role("link", name="Go to the start page")).to_be_visible()
    expect(page.locator("nav.sidebar")).to_be_visible()  # inside the app's shell, styled
    background = page.locator(".error-page").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(255, 255, 255)"  # the card style from app.css applied
    _screenshot(page, "not-found.png")
    page_url = f"{live_server.url}/candidates/{candidate.pk}/"
    expected = {
        f"HTTP 404: GET {page_url}",
        "console: Failed to load resource: the server responded with a status of 404 "
        f"(Not Found) ({page_url})",
    }
    assert f"HTTP 404: GET {page_url}" in browser_errors
    assert set(browser_errors) <= expected, browser_errors


def test_log_out_from_the_nav_returns_to_the_login_page(
    live_server, page, log_in, recruiter, browser_errors
):
    log_in(recruiter)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Good to see you")

    with page.expect_navigation():
        page.get_by_role("navigation", name="Main").get_by_role("button", name="Log out").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.goto(f"{live_server.url}/candidates/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/candidates/$"))
    assert browser_errors == []
