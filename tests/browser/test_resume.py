"""A resume in a real browser: uploaded on the candidate page, parsed, its differences from the
record shown, and one taken with a click, on a desktop and on a phone."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from recruit.candidates.models import Candidate, CandidateDocument
from recruit.candidates.resumes import document_parse
from tests.browser.conftest import PHONE
from tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESUME = (
    Path(__file__).resolve().parents[1] / "fixtures" / "resumes" / "01-software-engineer-single.pdf"
)


def _assert_no_horizontal_scroll(page: Page) -> None:
    page_width, window_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert page_width <= window_width, f"{page.url} scrolls sideways"


def upload_and_parse(page: Page, live_server, candidate) -> None:
    page.goto(f"{live_server.url}/candidates/{candidate.pk}/")
    documents = page.get_by_role("region", name="Documents")
    documents.get_by_label("Add a document").set_input_files(str(RESUME))
    documents.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("01-software-engineer-single.pdf uploaded.")).to_be_visible()
    expect(documents.get_by_text("Pending")).to_be_visible()
    # What the Celery worker does once the upload commits (the worker has tests of its own).
    document_parse(document_id=CandidateDocument.objects.get(candidate=candidate).pk)
    page.reload()


def test_a_recruiter_uploads_a_resume_and_takes_a_parsed_value(
    live_server, page, log_in, recruiter, browser_errors
):
    candidate = CandidateFactory(first_name="Jordan", last_name="Ellis", email="",
                                 phone="", current_title="Engineer")  # fmt: skip
    log_in(recruiter)
    upload_and_parse(page, live_server, candidate)

    documents = page.get_by_role("region", name="Documents")
    expect(documents.get_by_text("Parsed")).to_be_visible()
    profile = page.get_by_role("region", name="Profile")
    expect(profile).to_contain_text("jordan.ellis@example.com")  # a blank, filled
    resume = page.get_by_role("region", name="From the resume")
    expect(resume).to_contain_text("Brightwave Analytics")
    row = resume.get_by_role("row", name="Current title")
    expect(row).to_contain_text("Engineer")
    expect(row).to_contain_text("Senior Software Engineer")

    row.get_by_role("button", name="Use the resume's").click()

    expect(page.get_by_text("Current title taken from the resume.")).to_be_visible()
    expect(page.get_by_role("heading", level=1).locator("xpath=..")).to_contain_text(
        "Senior Software Engineer"
    )
    expect(resume.get_by_role("row", name="Current title")).to_have_count(0)
    assert Candidate.objects.get(pk=candidate.pk).current_title == "Senior Software Engineer"
    assert browser_errors == []


class TestPhone:
    @pytest.fixture
    def viewport(self) -> dict[str, int]:
        return PHONE

    def test_the_parsed_resume_and_its_differences_fit_a_phone(
        self, live_server, page, log_in, recruiter, browser_errors
    ):
        candidate = CandidateFactory(current_title="A very long title typed by someone earlier")
        log_in(recruiter)
        upload_and_parse(page, live_server, candidate)

        expect(page.get_by_role("region", name="From the resume")).to_contain_text("Differs")
        _assert_no_horizontal_scroll(page)
        assert browser_errors == []
