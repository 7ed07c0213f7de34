"""The public careers site in a real browser, under the strict CSP: applying with a PDF resume on
a phone and on a desktop, errors announced to screen readers, applying with the keyboard alone,
and an automated accessibility check (axe-core) of every page a candidate sees."""

import importlib
import json
import os
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.utils import timezone
from fpdf import FPDF
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from ats.models import Application, ApplicationQuestion, CareersSite, Job
from ats.selectors.careers import status_url
from ats.services import application_move
from recruit.messaging.models import OutboundEmail
from tests.browser.conftest import PHONE
from tests.factories import (
    ApplicationFactory,
    ApplicationQuestionFactory,
    CandidateFactory,
    DepartmentFactory,
    JobFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SCREENS = {
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
BLOCKING = ("serious", "critical")
# Set RECRUIT_SCREENSHOTS=/some/dir to keep screenshots of the pages for a human to look at.
SCREENSHOTS = os.environ.get("RECRUIT_SCREENSHOTS", "")
DESCRIPTION = """We run the platform our product teams build on.

## What you will do
- Keep PostgreSQL fast and boring
- Build the tools [our engineers](https://example.com/engineering) use every day

## What you bring
Experience running Python services in production."""


@pytest.fixture(autouse=True)
def _rows_from_data_migrations():
    """A transactional test empties every table when it ends, data migrations' rows too: put back
    the default pipeline and rejection reasons jobs copy, and what the careers intake needs (the
    "Careers site" source, the job boards, the confirmation email templates)."""
    for name in ("0003_default_pipeline_and_reasons", "0008_careers_data"):
        importlib.import_module(f"ats.migrations.{name}").create(apps, None)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    """The public forms' rate limit counts per address for the whole run, every request here
    comes from 127.0.0.1, and this file alone sends more forms than the limit allows."""
    settings.CAREERS_RATE_LIMIT = "100000/h"


@pytest.fixture
def screen() -> str:
    """Which screen the test's browser context has (parametrize it to test a phone)."""
    return "desktop"


@pytest.fixture
def context(browser: Browser, screen: str) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="en-US", **SCREENS[screen])
    context.set_default_timeout(5_000)
    yield context
    context.close()


@pytest.fixture
def resume_pdf(tmp_path) -> Path:
    """A real (small) PDF resume, made the way a word processor would."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, "Ada Lovelace\nada.lovelace@example.org\n\nPython, PostgreSQL, Redis.")
    path = tmp_path / "Ada_Lovelace_Resume.pdf"
    pdf.output(str(path))
    return path


def _screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=Path(SCREENSHOTS) / name, full_page=True)


def _horizontal_scroll(page: Page) -> list[str]:
    page_width, window_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    if page_width > window_width:
        return [f"the page is {page_width}px wide in a {window_width}px window"]
    return []


def _assert_no_horizontal_scroll(page: Page) -> None:
    assert _horizontal_scroll(page) == [], page.url


def _press(locator: Locator, screen: str) -> None:
    """A tap on a phone, a click on a desktop."""
    if screen == "phone":
        locator.tap()
    else:
        locator.click()


def _platform_job() -> Job:
    return JobFactory(
        title="Platform engineer",
        slug="platform-engineer",
        location="Berlin, DE",
        department=DepartmentFactory(name="Infrastructure"),
        description=DESCRIPTION,
        salary_min=70000,
        salary_max=90000,
        salary_currency="EUR",
        salary_published=True,
    )


def _fill_step_one(page: Page) -> None:
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Email").fill("ada.lovelace@example.org")
    page.get_by_label("Phone (optional)").fill("+49 30 1234567")
    page.get_by_label("Keep these details").check()


def _expected_status_errors(errors: list[str], status: int, url: str) -> list[str]:
    """`errors` without the entries the collector makes for a page we meant to answer with
    `status` (a form with errors answers 400, a filled position 410)."""
    expected = {
        f"HTTP {status}: GET {url}",
        f"HTTP {status}: POST {url}",
    }
    console = f"console: Failed to load resource: the server responded with a status of {status}"
    return [e for e in errors if e not in expected and not (e.startswith(console) and url in e)]


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_applicant_applies_with_a_pdf_resume_and_sees_the_thank_you_page(
    live_server, page, screen, resume_pdf, browser_errors
):
    job = _platform_job()
    JobFactory(title="Data analyst", department=DepartmentFactory(name="Finance"))

    page.goto(f"{live_server.url}/careers/")
    expect(page.get_by_role("heading", level=2, name="2 open roles")).to_be_visible()
    _press(page.get_by_role("link", name="Platform engineer"), screen)
    expect(page.get_by_role("heading", level=1)).to_have_text("Platform engineer")
    expect(page.get_by_text("EUR 70,000 \N{EN DASH} 90,000")).to_be_visible()
    _assert_no_horizontal_scroll(page)

    _press(page.get_by_role("link", name="Apply for this job").first, screen)
    expect(page).to_have_url(f"{live_server.url}/careers/{job.slug}/apply/")
    _fill_step_one(page)
    _screenshot(page, f"apply-step-1-{screen}.png")
    _press(page.get_by_role("button", name="Continue"), screen)

    expect(page).to_have_url(re.compile(rf"/careers/{job.slug}/apply/[^/]+/$"))
    expect(page.locator(".steps [aria-current=step]")).to_have_text("2. Your application")
    page.get_by_label("Resume").set_input_files(resume_pdf)
    page.get_by_label("I have read the privacy notice").check()
    _assert_no_horizontal_scroll(page)
    _screenshot(page, f"apply-step-2-{screen}.png")
    _press(page.get_by_role("button", name="Send my application"), screen)

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for applying")
    expect(page.get_by_role("status")).to_contain_text("We have your application for Platform")
    _screenshot(page, f"thanks-{screen}.png")
    application = Application.objects.select_related("candidate", "source").get(job=job)
    assert (application.candidate.first_name, application.candidate.email) == (
        "Ada",
        "ada.lovelace@example.org",
    )
    assert application.source.name == "Careers site"
    assert [d.original_name for d in application.documents.all()] == ["Ada_Lovelace_Resume.pdf"]
    assert OutboundEmail.objects.filter(
        to_email="ada.lovelace@example.org", subject="Your application for Platform engineer"
    ).exists()
    assert browser_errors == []


def test_step_one_sent_empty_announces_the_errors_and_marks_each_field(
    live_server, page, browser_errors
):
    job = _platform_job()
    url = f"{live_server.url}/careers/{job.slug}/apply/"
    page.goto(url)

    page.get_by_role("button", name="Continue").click()

    summary = page.get_by_role("alert")
    expect(summary).to_have_attribute("id", "form-errors")
    expect(summary).to_be_focused()  # static/js/careers.js moves focus there, so it is read out
    expect(summary).to_contain_text("Please check the form")
    for label in ("First name", "Last name", "Email", "Keep these details"):
        field = page.get_by_label(label)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description(re.compile("This field is required"))
        expect(summary.get_by_role("link", name=label)).to_have_attribute(
            "href", "#" + field.get_attribute("id")
        )
    expect(page.get_by_label("Phone (optional)")).not_to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link", name="Last name").click()
    expect(page.get_by_label("Last name")).to_be_focused()
    assert Application.objects.count() == 0
    assert _expected_status_errors(browser_errors, 400, url) == []


def test_step_two_sent_empty_ties_each_error_to_its_field_or_question(
    live_server, page, browser_errors
):
    job = _platform_job()
    _ask_every_kind_of_question(job)
    page.goto(f"{live_server.url}/careers/{job.slug}/apply/")
    _fill_step_one(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="A few questions")).to_be_visible()
    url = page.url

    page.get_by_role("button", name="Send my application").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    resume = page.get_by_label("Resume")
    expect(resume).to_have_attribute("aria-invalid", "true")
    expect(resume).to_have_accessible_description(
        re.compile(r"PDF, Word .* This field is required")
    )
    question = page.get_by_role("group", name="Are you allowed to work in the EU?")
    expect(question).to_have_accessible_description("This field is required.")
    for answer in ("Yes", "No"):
        expect(question.get_by_label(answer)).to_have_attribute("aria-invalid", "true")
    # The summary's link for a question goes to its first answer (a group has no element of
    # its own with the question's id).
    expect(summary.get_by_role("link", name="Are you allowed")).to_have_attribute(
        "href", "#" + question.get_by_label("Yes").get_attribute("id")
    )
    expect(summary.get_by_role("link", name="Resume")).to_have_attribute("href", "#id_resume")
    summary.get_by_role("link", name="Are you allowed").click()
    expect(question.get_by_label("Yes")).to_be_focused()
    assert Application.objects.count() == 0
    assert _expected_status_errors(browser_errors, 400, url) == []


def test_keyboard_alone_reaches_apply_and_completes_step_one(live_server, page, browser_errors):
    job = _platform_job()
    page.goto(f"{live_server.url}/careers/{job.slug}/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    apply = page.get_by_role("link", name="Apply for this job").first
    _tab_until_focused(page, apply)
    assert apply.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"  # focus is visible
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/careers/{job.slug}/apply/")
    _tab_until_focused(page, page.get_by_label("First name"))
    for label, text in [
        ("First name", "Grace"),
        ("Last name", "Hopper"),
        ("Email", "grace.hopper@example.org"),
        ("Phone (optional)", "+1 415 555 0100"),
    ]:
        expect(page.get_by_label(label)).to_be_focused()
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    expect(page.get_by_text("Privacy notice", exact=True)).to_be_focused()
    page.keyboard.press("Enter")  # opens the notice
    expect(page.get_by_text("We use the details you send us")).to_be_visible()
    page.keyboard.press("Tab")
    consent = page.get_by_label("Keep these details")
    expect(consent).to_be_focused()
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Continue")).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator(".steps [aria-current=step]")).to_have_text("2. Your application")
    assert job.drafts.select_related("candidate").get().candidate.email == (
        "grace.hopper@example.org"
    )
    assert browser_errors == []


def _tab_until_focused(page: Page, target: Locator, limit: int = 25) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {target}")


# The automated accessibility check ---------------------------------------------------------


def _axe_blocking_findings(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, one line each."""
    assert page.evaluate("typeof window.axe") == "object", "axe-core is not on the page"
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations', 'incomplete']})")
    findings = [(v, v["nodes"]) for v in results["violations"] if v["impact"] in BLOCKING]
    # Text exactly the colour of its background is left "to review" (it might be meant to be
    # hidden); no text on these pages is, so it is invisible by mistake.
    for rule in results["incomplete"]:
        invisible = [
            n for n in rule["nodes"] if _contrast_data(n).get("messageKey") == "equalRatio"
        ]
        if rule["id"] == "color-contrast" and invisible:
            findings.append((rule, invisible))
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']} "
        + json.dumps([node["target"] for node in nodes])
        for rule, nodes in findings
    ]


def _contrast_data(node: dict) -> dict:
    data = node["any"][0].get("data") if node["any"] else None
    return data if isinstance(data, dict) else {}


def _careers_world() -> dict[str, object]:
    """Everything a candidate can meet: a branded site, open jobs in two teams (one asking every
    kind of question), a filled position, and a person with applications in several states."""
    site = CareersSite.load()
    site.company_name, site.intro = "Northwind", "We build **logistics software** people enjoy."
    site.save()
    job = _platform_job()
    _ask_every_kind_of_question(job)
    analyst = JobFactory(
        title="Data analyst",
        department=DepartmentFactory(name="Finance"),
        location="Lisbon, PT",
        remote_policy=Job.RemotePolicy.REMOTE,
    )
    filled = JobFactory(
        title="Site reliability engineer",
        status=Job.Status.CLOSED,
        closed_reason=Job.ClosedReason.FILLED,
        closed_at=timezone.now() - timedelta(days=2),
    )
    candidate = CandidateFactory(first_name="Alan", last_name="Turing")
    ApplicationFactory(candidate=candidate, job=job)
    interviewing = ApplicationFactory(candidate=candidate, job=analyst)
    application_move(
        application=interviewing, to_stage=analyst.stages.get(name="Phone interview"), actor=None
    )
    ApplicationFactory(candidate=candidate, job=filled, status=Application.Status.REJECTED)
    return {"job": job, "filled": filled, "candidate": candidate}


def _ask_every_kind_of_question(job: Job) -> None:
    Kind = ApplicationQuestion.Kind
    questions = [
        ("Are you allowed to work in the EU?", Kind.YES_NO, [], True),
        ("How did you hear about us?", Kind.SINGLE, ["A friend", "A job board", "Other"], False),
        ("Which of these have you run in production?", Kind.MULTIPLE,
         ["PostgreSQL", "Redis", "Kafka"], False),
        ("Years of experience with Python", Kind.NUMBER, [], False),
        ("A sample of your writing", Kind.FILE, [], False),
        ("Anything else we should know?", Kind.TEXT, [], False),
    ]  # fmt: skip
    for position, (label, kind, choices, required) in enumerate(questions):
        ApplicationQuestionFactory(
            job=job, label=label, kind=kind, choices=choices, required=required,
            position=position, knockout_answers=["no"] if kind == Kind.YES_NO else [],
        )  # fmt: skip


# Each takes the page to one place a candidate sees and returns the HTTP status it answers with.
def _list(page: Page, base: str, world) -> int:
    page.goto(f"{base}/careers/")
    expect(page.get_by_role("heading", name="Join our talent community")).to_be_visible()
    return 200


def _job(page: Page, base: str, world) -> int:
    page.goto(f"{base}/careers/{world['job'].slug}/")
    return 200


def _step_one(page: Page, base: str, world) -> int:
    page.goto(f"{base}/careers/{world['job'].slug}/apply/")
    return 200


def _step_one_with_errors(page: Page, base: str, world) -> int:
    _step_one(page, base, world)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_be_focused()
    return 400


def _step_two(page: Page, base: str, world) -> int:
    _step_one(page, base, world)
    _fill_step_one(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="A few questions")).to_be_visible()
    return 200


def _step_two_with_errors(page: Page, base: str, world) -> int:
    _step_two(page, base, world)
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("alert")).to_be_focused()
    return 400


def _thanks(page: Page, base: str, world) -> int:
    _step_two(page, base, world)
    page.get_by_label("Resume").set_input_files(world["resume"])
    page.get_by_role("group", name="Are you allowed to work in the EU?").get_by_label("Yes").check()
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", name="Thank you for applying")).to_be_visible()
    return 200


def _community(page: Page, base: str, world) -> int:
    page.goto(f"{base}/careers/community/")
    return 200


def _community_with_errors(page: Page, base: str, world) -> int:
    _community(page, base, world)
    page.get_by_role("button", name="Join the talent community").click()
    expect(page.get_by_role("alert")).to_be_focused()
    return 400


def _status(page: Page, base: str, world) -> int:
    page.goto(base + urlsplit(status_url(world["candidate"])).path)
    expect(page.get_by_role("heading", name="Your applications")).to_be_visible()
    return 200


def _status_after_withdrawing(page: Page, base: str, world) -> int:
    _status(page, base, world)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Withdraw").first.click()
    expect(page.get_by_text("You withdrew your application")).to_be_visible()
    return 200


def _status_link(page: Page, base: str, world) -> int:
    page.goto(f"{base}/careers/status/")
    return 200


def _position_filled(page: Page, base: str, world) -> int:
    page.goto(f"{base}/careers/{world['filled'].slug}/")
    expect(page.get_by_text("This position has been filled.")).to_be_visible()
    return 410


PAGES: dict[str, Callable[[Page, str, dict], int]] = {
    "jobs and the talent community form": _list,
    "job": _job,
    "apply, step 1": _step_one,
    "apply, step 1 with errors": _step_one_with_errors,
    "apply, step 2 with questions": _step_two,
    "apply, step 2 with errors": _step_two_with_errors,
    "thank you": _thanks,
    "talent community": _community,
    "talent community with errors": _community_with_errors,
    "status": _status,
    "status after withdrawing": _status_after_withdrawing,
    "status link request": _status_link,
    "position filled (410)": _position_filled,
}


@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_every_careers_page_has_no_serious_or_critical_accessibility_findings(
    live_server, page, screen, resume_pdf, browser_errors
):
    world = {**_careers_world(), "resume": resume_pdf}
    # An init script runs outside the page's CSP, which stays in force (an injected <script>
    # tag would be blocked by script-src 'self').
    page.context.add_init_script(path=AXE)
    problems = []
    for where, reach in PAGES.items():  # one walk, so the (slow) database flush happens once
        status = reach(page, live_server.url, world)
        _screenshot(page, f"careers-{re.sub(r'[^a-z0-9]+', '-', where).strip('-')}-{screen}.png")
        found = _axe_blocking_findings(page) + _horizontal_scroll(page)
        found += _expected_status_errors(browser_errors, status, page.url)
        problems += [f"{where} ({page.url}): {finding}" for finding in found]
        browser_errors.clear()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
