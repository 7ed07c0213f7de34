"""Bulk rejection in a real browser: a recruiter ticks applications on a job's list, rejects them
with a reason and a delayed rejection email; nothing leaves until the delay has passed, then
each email goes exactly once. Also: the list and the application page fit a phone."""

import importlib
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.apps import apps
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from ats.models import Application, JobMember
from ats.services import application_create, application_move
from recruit.candidates.services import note_add
from recruit.messaging.models import OutboundEmail
from recruit.messaging.services import outbound_deliver_pending
from tests.browser.conftest import PHONE
from tests.factories import (
    ApplicationQuestionFactory,
    CandidateFactory,
    EmailTemplateFactory,
    JobFactory,
    RejectionReasonFactory,
    SkillFactory,
    TagFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Set RECRUIT_SCREENSHOTS=/some/dir to keep screenshots of the pages for a human to look at.
SCREENSHOTS = os.environ.get("RECRUIT_SCREENSHOTS", "")


@pytest.fixture(autouse=True)
def _default_pipeline():
    """A transactional test empties every table when it ends, data migrations' rows too: put
    back the default pipeline (and rejection reasons) that jobs copy."""
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


PEOPLE = [
    ("Grace", "Hopper", ["Python", "PostgreSQL"], "Berlin"),
    ("Alan", "Turing", ["Python"], "Manchester"),
    ("Ada", "Lovelace", ["PostgreSQL"], "Berlin"),
    ("Katherine", "Johnson", [], "Hampton"),
    ("Edsger", "Dijkstra", ["Python", "PostgreSQL"], "Nuenen"),
]


def _job_with_applications(recruiter):
    python, postgres = SkillFactory(name="Python"), SkillFactory(name="PostgreSQL")
    job = JobFactory(title="Senior Backend Engineer", location="Berlin, Germany")
    job.required_skills.set([python, postgres])
    question = ApplicationQuestionFactory(job=job, label="Are you allowed to work in the EU?")
    stages = list(job.stages.order_by("position"))
    shortlist = TagFactory(name="shortlist")
    applications = []
    for index, (first, last, skills, city) in enumerate(PEOPLE):
        candidate = CandidateFactory(
            first_name=first,
            last_name=last,
            location=city,
            email=f"{first.lower()}@example.org",
            skills=[{"Python": python, "PostgreSQL": postgres}[s] for s in skills],
            tags=[shortlist] if index % 2 == 0 else [],
        )
        application, _ = application_create(
            candidate=candidate,
            job=job,
            actor=recruiter,
            answers={str(question.pk): "no" if index == 3 else "yes"},
        )
        applications.append(application)
    application_move(application=applications[0], to_stage=stages[1], actor=recruiter)
    application_move(
        application=applications[0],
        to_stage=stages[2],
        actor=recruiter,
        note="Strong systems design.",
    )
    return job, applications


def test_recruiter_bulk_rejects_with_a_delayed_email_that_goes_once_when_due(
    live_server, page, log_in, recruiter, browser_errors
):
    job, applications = _job_with_applications(recruiter)
    RejectionReasonFactory(name="Not enough experience")
    EmailTemplateFactory(name="Polite rejection", subject="About {{ job.title }}")
    rejected = [applications[1], applications[3]]  # Alan Turing, Katherine Johnson
    log_in(recruiter, next_path=f"/ats/jobs/{job.pk}/applications/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Applications")
    expect(page.locator("table.applications tbody tr")).to_have_count(5)
    _screenshot(page, "applications-list-desktop.png")

    for application in rejected:
        page.get_by_label(f"Select {application.candidate}").check()
    expect(page.get_by_text("2 selected")).to_be_visible()
    bulk = page.get_by_role("group", name="Bulk actions")
    bulk.get_by_text("Reject…").click()
    bulk.get_by_label("Reason").select_option(label="Not enough experience")
    bulk.get_by_label("Note (internal)").fill("Not this time.")
    bulk.get_by_label("Keep in touch").check()
    bulk.get_by_label("Rejection email").select_option(label="Polite rejection")
    bulk.get_by_label("Send after (minutes)").fill("30")
    _screenshot(page, "applications-bulk-reject-desktop.png")
    started = timezone.now()
    with page.expect_navigation():
        bulk.get_by_role("button", name="Reject", exact=True).click()

    expect(page.get_by_text("Rejected 2 applications.")).to_be_visible()
    # The list shows active applications by default: the two rejected ones are gone from it.
    expect(page.locator("table.applications tbody tr")).to_have_count(3)
    for application in rejected:
        application.refresh_from_db()
        assert application.status == Application.Status.REJECTED
        assert application.keep_in_touch and application.rejection_note == "Not this time."
    emails = OutboundEmail.objects.order_by("to_email")
    assert [e.to_email for e in emails] == ["alan@example.org", "katherine@example.org"]
    assert {e.status for e in emails} == {"scheduled"}
    assert all(e.subject == "About Senior Backend Engineer" for e in emails)
    assert mail.outbox == []

    # The beat task runs every minute; before the 30 minutes are up it sends nothing.
    outbound_deliver_pending(now=started + timedelta(minutes=29))
    assert mail.outbox == []
    due = timezone.now() + timedelta(minutes=30, seconds=1)
    outbound_deliver_pending(now=due)
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alan@example.org",
        "katherine@example.org",
    ]
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}
    outbound_deliver_pending(now=due + timedelta(minutes=5))
    assert len(mail.outbox) == 2
    assert browser_errors == []


def test_ticking_nothing_and_pressing_enter_runs_no_action(
    live_server, page, log_in, recruiter, browser_errors
):
    job, applications = _job_with_applications(recruiter)
    log_in(recruiter, next_path=f"/ats/jobs/{job.pk}/applications/")
    bulk = page.get_by_role("group", name="Bulk actions")
    bulk.get_by_text("Tag…").click()
    page.get_by_label(f"Select {applications[1].candidate}").check()
    bulk.get_by_label("Tag the candidates").fill("later")
    bulk.get_by_label("Tag the candidates").press("Enter")  # must not trigger "Move"
    page.wait_for_timeout(300)
    assert Application.objects.filter(stage__position=0).count() == 4
    with page.expect_navigation():
        bulk.get_by_role("button", name="Add tag").click()
    expect(page.get_by_text("Tagged 1 candidate “later”.")).to_be_visible()
    assert browser_errors == []


def test_select_all_ticks_every_row_on_the_page(
    live_server, page, log_in, recruiter, browser_errors
):
    job, _ = _job_with_applications(recruiter)
    log_in(recruiter, next_path=f"/ats/jobs/{job.pk}/applications/")
    page.get_by_label("Select all on this page").check()
    expect(page.get_by_text("5 selected")).to_be_visible()
    expect(page.locator('input[name="bulk-applications"]:checked')).to_have_count(5)
    assert browser_errors == []


def test_application_page_shows_match_answers_history_and_notes(
    live_server, page, log_in, recruiter, browser_errors
):
    job, applications = _job_with_applications(recruiter)
    RejectionReasonFactory(name="Not enough experience")
    application = applications[0]
    manager = UserFactory(email="hana@example.com", full_name="Hana Manager")
    JobMember.objects.create(job=job, user=manager, role=JobMember.Role.HIRING_MANAGER)
    note_add(
        candidate=application.candidate,
        author=recruiter,
        about=application,
        body="Great call today.\n@hana what do you think?",
    )
    log_in(recruiter, next_path=f"/ats/applications/{application.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Grace Hopper")
    match = page.get_by_role("region", name=re.compile("^Match"))
    expect(match).to_contain_text("100/100")
    expect(match.locator("li.met")).to_have_count(3)
    expect(page.get_by_role("region", name="Stage history").locator("li")).to_have_count(3)
    expect(page.get_by_role("region", name="Notes")).to_contain_text("@hana what do you think?")
    _screenshot(page, "application-desktop.png")
    assert browser_errors == []


def test_recruiter_rejects_on_the_application_page_then_cancels_the_email_in_time(
    live_server, page, log_in, recruiter, browser_errors
):
    _, applications = _job_with_applications(recruiter)
    RejectionReasonFactory(name="Not enough experience")
    EmailTemplateFactory(name="Polite rejection")
    application = applications[2]  # Ada Lovelace
    log_in(recruiter, next_path=f"/ats/applications/{application.pk}/")
    actions = page.get_by_role("region", name="Actions")
    actions.get_by_text("Reject…").click()
    actions.get_by_label("Reason").select_option(label="Not enough experience")
    actions.get_by_label("Rejection email").select_option(label="Polite rejection")
    with page.expect_navigation():
        actions.get_by_role("button", name="Reject", exact=True).click()

    expect(page.get_by_text(re.compile(r"Rejected\. The rejection email goes at"))).to_be_visible()
    rejection = page.get_by_role("region", name="Rejection")
    expect(rejection).to_contain_text("Goes at")
    _screenshot(page, "application-rejected-desktop.png")
    with page.expect_navigation():
        rejection.get_by_role("button", name="Cancel the rejection email").click()
    expect(
        page.get_by_text("The rejection email was cancelled: it will not be sent.")
    ).to_be_visible()
    expect(page.get_by_role("region", name="Rejection")).to_contain_text("Cancelled")
    outbound_deliver_pending(now=timezone.now() + timedelta(days=2))
    assert mail.outbox == []
    assert OutboundEmail.objects.get().status == "cancelled"
    with page.expect_navigation():
        page.get_by_role("button", name="Reopen").click()
    expect(page.get_by_text("Reopened: active again in “Applied”.")).to_be_visible()
    assert browser_errors == []


def test_notifications_page_after_a_mention(
    live_server, page, log_in, recruiter, coordinator, browser_errors
):
    candidate = CandidateFactory(first_name="Grace", last_name="Hopper")
    note = note_add(candidate=candidate, author=recruiter, body="@cody.coordinator call her")
    note_add(candidate=candidate, author=recruiter, body="@cody.coordinator and again")
    log_in(coordinator, next_path="/notifications/")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Notifications 2 unread")).to_be_visible()
    _screenshot(page, "notifications-desktop.png")
    with page.expect_navigation():
        page.get_by_role(
            "link", name="Unread: Rita Recruiter mentioned you on Grace Hopper"
        ).last.click()
    expect(page).to_have_url(f"{live_server.url}/candidates/{candidate.pk}/#note-{note.pk}")
    expect(page.locator(f"#note-{note.pk}")).to_contain_text("call her")
    expect(nav.get_by_role("link", name="Notifications 1 unread")).to_be_visible()
    assert browser_errors == []


class TestPhone:
    @pytest.fixture
    def viewport(self) -> dict[str, int]:
        return PHONE

    def test_the_list_and_the_application_page_fit_a_phone(
        self, live_server, page, log_in, recruiter, browser_errors
    ):
        job, applications = _job_with_applications(recruiter)
        RejectionReasonFactory(name="Not enough experience")
        EmailTemplateFactory(name="Polite rejection")
        log_in(recruiter, next_path=f"/ats/jobs/{job.pk}/applications/")
        expect(page.locator("table.applications tbody tr")).to_have_count(5)
        _assert_no_horizontal_scroll(page)
        _screenshot(page, "applications-list-phone.png")
        page.get_by_role("group", name="Bulk actions").get_by_text("Reject…").click()
        _assert_no_horizontal_scroll(page)
        _screenshot(page, "applications-bulk-reject-phone.png")

        page.goto(f"{live_server.url}/ats/applications/{applications[3].pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Katherine Johnson")
        expect(page.get_by_text("Disqualifying answer")).to_be_visible()
        _assert_no_horizontal_scroll(page)
        _screenshot(page, "application-phone.png")
        assert browser_errors == []
