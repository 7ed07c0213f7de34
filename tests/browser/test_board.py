"""The hiring board in a real browser: dragging a card to another column, the keyboard and phone
way to move (the small Move form), a conflicting move snapping back, all under the strict CSP."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ats.models import Application, PipelineTemplate, PipelineTemplateStage, StageChange
from ats.services import application_move
from recruit.candidates.models import Source
from tests.browser.conftest import PHONE
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory, SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set RECRUIT_SCREENSHOTS=/some/dir to keep screenshots of the board for a human to look at.
SCREENSHOTS = os.environ.get("RECRUIT_SCREENSHOTS", "")
DEFAULT_STAGES = [
    ("Applied", "applied"), ("Screen", "screen"), ("Phone interview", "interview"),
    ("Onsite", "interview"), ("Offer", "offer"), ("Hired", "hired"),
]  # fmt: skip
PEOPLE = [
    ("Amara", "Adeyemi", "Senior Backend Engineer", 92),
    ("Jonas", "Bauer", "Staff Engineer", 81),
    ("Inês", "Costa", "Backend Engineer", 67),
    ("Kwame", "Dubois", "Software Engineer", 55),
    ("Laura", "Eriksen", "Site Reliability Engineer", 74),
    ("Mateo", "Fischer", "Platform Engineer", 48),
    ("Nadia", "García", "Senior Software Engineer", 88),
    ("Omar", "Haddad", "Backend Developer", 61),
    ("Paula", "Jensen", "Engineering Lead", 79),
]


@pytest.fixture(autouse=True)
def _default_pipeline(transactional_db):
    """The default pipeline comes from a data migration, and a transactional test flushes every
    table when it ends: put it back for the tests that follow."""
    template, created = PipelineTemplate.objects.get_or_create(
        name="Default pipeline", defaults={"is_default": True}
    )
    if created:
        for position, (name, kind) in enumerate(DEFAULT_STAGES):
            PipelineTemplateStage.objects.create(
                template=template, name=name, kind=kind, position=position
            )


def _screenshot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=Path(SCREENSHOTS) / name, full_page=True)


def _assert_no_horizontal_scroll(page: Page) -> None:
    page_width, window_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert page_width <= window_width, f"the page is {page_width}px wide in {window_width}px"


def _board_with_people(recruiter):
    """A job whose board looks lived in: cards in several stages, with flags."""
    job = JobFactory(title="Senior Backend Engineer (Python)", location="Berlin, Germany")
    stages = {stage.name: stage for stage in job.stages.all()}
    referral = SourceFactory(kind=Source.Kind.REFERRAL, name="Employee referral")
    placement = ["Applied", "Applied", "Applied", "Applied", "Screen", "Screen",
                 "Phone interview", "Onsite", "Offer"]  # fmt: skip
    applications = []
    for index, ((first, last, title, score), stage_name) in enumerate(
        zip(PEOPLE, placement, strict=True)
    ):
        application = ApplicationFactory(
            job=job,
            candidate=CandidateFactory(first_name=first, last_name=last, current_title=title),
            match_score=score,
            knockout_failed=index == 3,
            source=referral if index in (1, 6) else None,
            applied_at=timezone.now() - timedelta(days=20 - index),
            stage_entered_at=timezone.now() - timedelta(days=(index * 3) % 17),
        )
        if stage_name != "Applied":
            application_move(application=application, to_stage=stages[stage_name],
                             actor=recruiter)  # fmt: skip
            Application.objects.filter(pk=application.pk).update(
                stage_entered_at=timezone.now() - timedelta(days=(index * 5) % 19)
            )
        applications.append(application)
    # A silver medalist from an earlier job, and a namesake for the duplicate warning.
    ApplicationFactory(candidate=applications[2].candidate, keep_in_touch=True,
                       status=Application.Status.REJECTED)  # fmt: skip
    CandidateFactory(first_name="Kwame", last_name="Dubois")
    return job, stages, applications


def _column(page: Page, stage) -> object:
    return page.locator(f'.board-cards[data-stage="{stage.pk}"]')


def _card(page: Page, application) -> object:
    return page.locator(f"#card-{application.pk}")


def test_recruiter_drags_a_card_to_the_next_column(
    live_server, page, log_in, recruiter, browser_errors
):
    job, stages, applications = _board_with_people(recruiter)
    amara = applications[0]
    log_in(recruiter, next_path=f"/ats/jobs/{job.pk}/board/")
    expect(page.get_by_role("heading", level=1)).to_have_text(job.title)
    expect(_column(page, stages["Applied"]).locator(".board-card")).to_have_count(4)
    expect(page.locator(".board-column").first.locator("[data-count]")).to_have_text("4")
    _screenshot(page, "board-desktop.png")

    with page.expect_response(lambda r: r.url.endswith(f"/applications/{amara.pk}/move/")):
        _card(page, amara).drag_to(_column(page, stages["Screen"]))

    expect(_column(page, stages["Screen"]).locator(f"#card-{amara.pk}")).to_be_visible()
    expect(_card(page, amara)).to_have_attribute("data-version", "2")
    expect(page.locator("#board-status")).to_contain_text("Moved Amara Adeyemi to “Screen”.")
    expect(page.locator(".board-column").first.locator("[data-count]")).to_have_text("3")
    change = StageChange.objects.get(application=amara)
    assert (change.from_stage, change.to_stage, change.actor) == (
        stages["Applied"], stages["Screen"], recruiter,
    )  # fmt: skip
    _screenshot(page, "board-desktop-after-drag.png")

    page.reload()
    expect(_column(page, stages["Screen"]).locator(f"#card-{amara.pk}")).to_be_visible()
    expect(_column(page, stages["Applied"]).locator(f"#card-{amara.pk}")).to_have_count(0)
    assert browser_errors == []


def test_keyboard_alone_moves_a_card_with_its_move_form(
    live_server, page, log_in, recruiter, browser_errors
):
    job, stages, applications = _board_with_people(recruiter)
    laura = applications[4]  # in Screen
    log_in(recruiter, next_path=f"/ats/jobs/{job.pk}/board/")
    page.locator(f"#card-{laura.pk} .board-card-name").focus()

    page.keyboard.press("Tab")
    summary = _card(page, laura).locator("summary")
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(_card(page, laura).get_by_label("Move Laura Eriksen to")).to_be_focused()
    page.keyboard.press("ArrowDown")  # Screen -> Phone interview
    page.keyboard.press("Tab")
    expect(_card(page, laura).get_by_role("button", name="Move", exact=True)).to_be_focused()
    with page.expect_response(lambda r: "/move/" in r.url):
        page.keyboard.press("Enter")

    expect(_column(page, stages["Phone interview"]).locator(f"#card-{laura.pk}")).to_be_visible()
    expect(_card(page, laura).locator(".board-card-name")).to_be_focused()
    expect(page.locator("#board-status")).to_contain_text("to “Phone interview”")
    assert StageChange.objects.filter(application=laura, to_stage=stages["Phone interview"])
    assert browser_errors == []


def test_a_card_moved_by_someone_else_snaps_to_where_it_really_is(
    live_server, page, log_in, recruiter, coordinator, browser_errors
):
    job, stages, applications = _board_with_people(recruiter)
    amara = applications[0]
    log_in(recruiter, next_path=f"/ats/jobs/{job.pk}/board/")
    expect(_card(page, amara)).to_be_visible()
    # Meanwhile a coordinator moves her to the onsite.
    application_move(application=amara, to_stage=stages["Onsite"], actor=coordinator)

    with page.expect_response(lambda r: r.status == 409):
        _card(page, amara).drag_to(_column(page, stages["Screen"]))

    expect(_column(page, stages["Onsite"]).locator(f"#card-{amara.pk}")).to_be_visible()
    expect(_column(page, stages["Screen"]).locator(f"#card-{amara.pk}")).to_have_count(0)
    status = page.locator("#board-status")
    expect(status).to_contain_text("was moved by someone else a moment ago and is now in “Onsite”")
    expect(status.get_by_role("link", name="Reload the board")).to_be_visible()
    assert StageChange.objects.filter(application=amara).count() == 1  # only the coordinator's
    _screenshot(page, "board-conflict.png")
    move_url = f"{live_server.url}/ats/applications/{amara.pk}/move/"
    expected = {
        f"HTTP 409: POST {move_url}",
        "console: Failed to load resource: the server responded with a status of 409 "
        f"(Conflict) ({move_url})",
    }
    assert set(browser_errors) <= expected, browser_errors


class TestPhone:
    @pytest.fixture
    def viewport(self) -> dict[str, int]:
        return PHONE

    def test_move_form_works_on_a_phone_and_only_the_board_scrolls_sideways(
        self, live_server, page, log_in, recruiter, browser_errors
    ):
        job, stages, applications = _board_with_people(recruiter)
        jonas = applications[1]
        log_in(recruiter, next_path=f"/ats/jobs/{job.pk}/board/")
        expect(_card(page, jonas)).to_be_visible()
        _assert_no_horizontal_scroll(page)
        board_width, board_scroll = page.locator("#board").evaluate(
            "b => [b.clientWidth, b.scrollWidth]"
        )
        assert board_scroll > board_width  # the columns scroll inside the board
        _screenshot(page, "board-phone.png")

        _card(page, jonas).locator("summary").click()
        _card(page, jonas).get_by_label("Move Jonas Bauer to").select_option(label="Screen")
        _screenshot(page, "board-phone-move-form.png")
        with page.expect_response(lambda r: "/move/" in r.url):
            _card(page, jonas).get_by_role("button", name="Move", exact=True).click()

        expect(_column(page, stages["Screen"]).locator(f"#card-{jonas.pk}")).to_be_visible()
        expect(page.locator("#board-status")).to_contain_text("Moved Jonas Bauer to “Screen”.")
        assert StageChange.objects.filter(application=jonas, to_stage=stages["Screen"]).exists()
        _assert_no_horizontal_scroll(page)
        _screenshot(page, "board-phone-after-move.png")
        assert browser_errors == []


def test_recruiter_goes_from_the_job_list_to_the_job_page_edits_the_pipeline_and_opens_the_board(
    live_server, page, log_in, recruiter, browser_errors
):
    job, _, _ = _board_with_people(recruiter)
    log_in(recruiter, next_path="/ats/jobs/")
    page.get_by_role("link", name=job.title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(job.title)
    expect(page.get_by_role("region", name="Pipeline").locator(".stage-row")).to_have_count(6)
    _screenshot(page, "job-desktop.png")

    page.get_by_role("button", name="Move Screen down").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")

    expect(page.locator(".messages")).to_contain_text("“Screen” moved down.")
    names = page.locator(".stage-row input[name=name]")
    expect(names.nth(1)).to_have_value("Phone interview")
    expect(names.nth(2)).to_have_value("Screen")
    page.get_by_role("link", name="Board", exact=True).click()
    expect(page.locator(".board-column h2")).to_have_text(
        ["Applied", "Phone interview", "Screen", "Onsite", "Offer", "Hired"]
    )
    assert browser_errors == []


class TestJobPagesOnAPhone:
    @pytest.fixture
    def viewport(self) -> dict[str, int]:
        return PHONE

    def test_job_page_and_job_form_fit_a_phone(
        self, live_server, page, log_in, recruiter, browser_errors
    ):
        job, _, _ = _board_with_people(recruiter)
        log_in(recruiter, next_path=f"/ats/jobs/{job.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(job.title)
        _assert_no_horizontal_scroll(page)
        _screenshot(page, "job-phone.png")
        page.goto(f"{live_server.url}/ats/jobs/new/")
        expect(page.get_by_role("heading", level=1)).to_have_text("New job")
        _assert_no_horizontal_scroll(page)
        _screenshot(page, "job-form-phone.png")
        assert browser_errors == []
