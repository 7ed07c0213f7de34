"""Interviews in a real browser, under the strict CSP: an interviewer on a phone opens "My
interviews", reads the kit, rates the candidate on the scorecard and submits it; a recruiter on
a desktop schedules an interview from the application page and confirms past a clash."""

import importlib
import json
import os
import re
import zoneinfo
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from ats.models import Interview, JobMember, Scorecard
from recruit.accounts.roles import Role
from tests.browser.conftest import PHONE
from tests.factories import (
    ApplicationFactory,
    CandidateDocumentFactory,
    CandidateFactory,
    InterviewFactory,
    InterviewStepFactory,
    JobFactory,
    ScorecardTemplateFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
DASH = "\N{EN DASH}"
# Set RECRUIT_SCREENSHOTS=/some/dir to keep screenshots of the pages for a human to look at.
SCREENSHOTS = os.environ.get("RECRUIT_SCREENSHOTS", "")


@pytest.fixture(autouse=True)
def _default_pipeline():
    """A transactional test empties every table when it ends, data migrations' rows too: put
    back the default pipeline that jobs copy."""
    migration = importlib.import_module("ats.migrations.0003_default_pipeline_and_reasons")
    migration.create(apps, None)


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


def _axe_blocking_findings(page: Page) -> list[str]:
    """axe-core's serious and critical accessibility findings on the page, one line each."""
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} {json.dumps([n['target'] for n in v['nodes']])}"
        for v in results["violations"]
        if v["impact"] in BLOCKING
    ]


def _world(interviewer, recruiter=None) -> dict:
    """A job whose team has the interviewer, a scorecard of three attributes in two
    categories, and Grace Hopper's application in the Onsite stage with her resume."""
    team = [(interviewer, JobMember.Role.INTERVIEWER)]
    if recruiter is not None:
        team.append((recruiter, JobMember.Role.RECRUITER))
    job = JobFactory(title="Compiler engineer", team=team)
    template = ScorecardTemplateFactory(
        attributes=[("Skills", "Python"), ("Skills", "SQL"), ("Traits", "Communication")]
    )
    step = InterviewStepFactory(
        stage=job.stages.get(name="Onsite"), name="Technical interview", duration_minutes=45,
        scorecard_template=template, instructions="Pair on a small parser.",
        suggested_questions="How would you test a tokenizer?",
    )  # fmt: skip
    candidate = CandidateFactory(first_name="Grace", last_name="Hopper")
    CandidateDocumentFactory(candidate=candidate, original_name="grace-hopper-resume.txt")
    application = ApplicationFactory(job=job, candidate=candidate, stage=step.stage)
    return {"job": job, "step": step, "application": application}


class TestPhone:
    @pytest.fixture
    def viewport(self) -> dict[str, int]:
        return PHONE

    def test_an_interviewer_opens_my_interviews_and_submits_a_scorecard(
        self, live_server, page, log_in, browser_errors
    ):
        ivan = UserFactory(full_name="Ivan Interviewer", roles=[Role.INTERVIEWER],
                           time_zone="Europe/Berlin")  # fmt: skip
        world = _world(ivan)
        now = timezone.now()
        InterviewFactory(application=world["application"], step=world["step"],
                         interviewers=[ivan], start_at=now + timedelta(days=2),
                         end_at=now + timedelta(days=2, hours=1),
                         video_url="https://meet.example.com/grace")  # fmt: skip
        ended = InterviewFactory(application=world["application"], step=world["step"],
                                 interviewers=[ivan], start_at=now - timedelta(hours=2),
                                 end_at=now - timedelta(hours=1))  # fmt: skip
        page.context.add_init_script(path=AXE)
        log_in(ivan)

        menu = page.locator("details.nav-toggle")
        menu.get_by_text("Menu").click()
        menu.get_by_role("link", name="My interviews").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("My interviews")
        upcoming = page.get_by_role("region", name="Upcoming")
        expect(upcoming).to_contain_text("Technical interview with Grace Hopper")
        expect(upcoming.get_by_role("link", name="Join the video call")).to_be_visible()
        expect(upcoming.get_by_role("link", name="Resume")).to_be_visible()
        upcoming.get_by_text("Interview kit").click()
        expect(upcoming.get_by_text("How would you test a tokenizer?")).to_be_visible()
        _assert_no_horizontal_scroll(page)
        assert _axe_blocking_findings(page) == []
        _screenshot(page, "my-interviews-phone.png")

        due = page.get_by_role("region", name="Needing your feedback")
        due.get_by_role("link", name="Give feedback").click()
        expect(page).to_have_url(
            f"{live_server.url}{reverse('ats:interview-scorecard', args=[ended.pk])}"
        )
        expect(page.get_by_role("heading", level=1)).to_contain_text("Technical interview")
        _assert_no_horizontal_scroll(page)

        python = page.get_by_role("group", name="Python")
        python.get_by_text("Strong yes", exact=True).click()
        expect(python.get_by_label("Strong yes")).to_be_checked()
        # Big touch targets: every choice at least 44 px high, side by side two by two.
        box = python.locator("label.rating-choice").first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 120, box
        page.locator("summary", has_text="Add a note on Python").click()
        page.get_by_label("Note on Python").fill("Wrote the parser in twenty minutes.")
        page.get_by_role("group", name="SQL").get_by_text("No", exact=True).click()
        overall = page.get_by_role("group", name="Overall recommendation")
        overall.get_by_text("Yes", exact=True).click()
        page.get_by_label("Notes", exact=True).fill("A clear yes from me.")
        _assert_no_horizontal_scroll(page)
        assert _axe_blocking_findings(page) == []
        _screenshot(page, "scorecard-phone.png")

        page.get_by_role("button", name="Submit feedback").click()

        expect(page.get_by_role("status")).to_contain_text(
            "Thank you: your feedback on “Technical interview” is submitted."
        )
        submitted = page.get_by_role("region", name="Your feedback is submitted")
        expect(submitted).to_contain_text("Strong yes")
        expect(submitted).to_contain_text("Wrote the parser in twenty minutes.")
        _assert_no_horizontal_scroll(page)
        _screenshot(page, "scorecard-submitted-phone.png")
        scorecard = Scorecard.objects.get(interview=ended, interviewer=ivan)
        assert scorecard.overall == "yes" and scorecard.notes == "A clear yes from me."
        assert {(r.attribute.name, r.rating) for r in scorecard.ratings.all()} == {
            ("Python", "strong_yes"), ("SQL", "no")
        }  # fmt: skip

        page.get_by_role("link", name="Back to my interviews").click()
        expect(page.get_by_role("region", name="Needing your feedback")).to_contain_text(
            "You are all caught up."
        )
        assert browser_errors == []


def test_a_recruiter_schedules_an_interview_and_confirms_past_a_clash(
    live_server, page, log_in, recruiter, browser_errors
):
    recruiter.time_zone = "Europe/Berlin"
    recruiter.save()
    ivan = UserFactory(full_name="Ivan Interviewer", roles=[Role.INTERVIEWER])
    world = _world(ivan)
    day = (timezone.now() + timedelta(days=7)).date()
    berlin = lambda hour, minute=0: datetime.combine(  # noqa: E731
        day, time(hour, minute), tzinfo=BERLIN
    ).astimezone(UTC)
    InterviewFactory(application=ApplicationFactory(job=world["job"], candidate=CandidateFactory(
        first_name="Alan", last_name="Turing")), title="Culture chat", interviewers=[ivan],
        start_at=berlin(10, 30), end_at=berlin(11, 30))  # fmt: skip
    application = world["application"]
    log_in(recruiter, next_path=reverse("ats:application-detail", args=[application.pk]))

    page.get_by_role("link", name="Schedule an interview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule an interview")
    expect(page.get_by_label("Time zone")).to_have_value("Europe/Berlin")
    page.get_by_label("Ivan Interviewer").check()
    page.get_by_role("textbox", name="Date", exact=True).fill(day.isoformat())
    page.get_by_label("Start").fill("10:00")
    page.get_by_label("Location").fill("Room 4, Invalidenstraße 1")
    page.get_by_label("Notes for the candidate").fill("Bring your ID to reception.")
    _screenshot(page, "schedule-desktop.png")
    page.get_by_role("button", name="Schedule").click()

    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("Some interviewers are busy then")
    expect(warning).to_contain_text(
        "Ivan Interviewer already has an interview then: “Culture chat” with Alan Turing"
    )
    expect(page.get_by_label("Location")).to_have_value("Room 4, Invalidenstraße 1")
    expect(page.get_by_label("Ivan Interviewer")).to_be_checked()
    assert Interview.objects.count() == 1
    _screenshot(page, "schedule-clash-desktop.png")
    warning.get_by_label("Schedule anyway").check()
    page.get_by_role("button", name="Schedule").click()

    expect(page).to_have_url(re.compile(rf"/ats/applications/{application.pk}/#interviews$"))
    expect(page.get_by_role("status")).to_contain_text("Scheduled “Technical interview”")
    interviews = page.get_by_role("region", name="Interviews")
    expect(interviews).to_contain_text(f"10:00{DASH}10:45")
    expect(interviews).to_contain_text("Ivan Interviewer")
    _screenshot(page, "application-interviews-desktop.png")
    interview = Interview.objects.get(title="Technical interview")
    assert interview.start_at == berlin(10) and interview.location == "Room 4, Invalidenstraße 1"
    assert browser_errors == []
