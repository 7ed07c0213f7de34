"""Applying on the careers site through HTTP: the whole flow from the list to the thank-you
page, dedupe and re-applying, a double-clicked submit, knockout questions, abandoned step 1s,
and which job board an application is credited to."""

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone

from ats.models import Application, ApplicationDraft, JobBoard
from ats.tasks import mark_abandoned_applications
from recruit.candidates.models import Activity, Candidate, CandidateDocument, Consent, Source
from recruit.messaging.models import OutboundEmail
from tests.ats.careers_helpers import (
    PRIVACY_VERSION,
    apply,
    apply_url,
    finish,
    page_text,
    path_of,
    published_tasks,
    start,
    stored_files,
    thanks_heading,
    upload,
)
from tests.factories import (
    ApplicationQuestionFactory,
    CandidateFactory,
    EmailTemplateFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]
BOARD_CODES = ["indeed", "linkedin", "glassdoor", "google-jobs", "rss"]
THANK_YOU = "Thank you for applying"
ALREADY = "We already have your application"


def verbs(candidate) -> list[str]:
    return list(Activity.objects.filter(candidate=candidate).values_list("verb", flat=True))


# The whole flow ---------------------------------------------------------------------------------


def walk_to_step_two(client, job) -> str:
    """From the careers list to the job page to step 1, following the links a person clicks."""
    listing = client.get("/careers/")
    assert listing.status_code == 200
    assert f'href="/careers/{job.slug}/"' in page_text(listing)
    job_page = client.get(f"/careers/{job.slug}/")
    assert job_page.status_code == 200
    assert f'href="{apply_url(job)}"' in page_text(job_page)
    assert client.get(apply_url(job)).status_code == 200
    step2 = start(client, job)
    form = client.get(step2)
    assert form.status_code == 200
    assert 'name="resume"' in page_text(form)
    return step2


@pytest.fixture
def applied(client, job, mailoutbox, django_capture_on_commit_callbacks):
    step2 = walk_to_step_two(client, job)
    with published_tasks() as published, django_capture_on_commit_callbacks(execute=True):
        response = finish(client, step2)
    assert response.status_code == 302, page_text(response)[:3000]
    return SimpleNamespace(
        response=response, published=published, application=Application.objects.get()
    )


def test_applying_from_the_list_ends_on_the_thank_you_page(client, applied, job):
    assert path_of(applied.response["Location"]).startswith(f"/careers/{job.slug}/thanks/")
    assert thanks_heading(client, applied.response) == THANK_YOU


def test_applying_makes_one_candidate_and_an_application_in_the_first_stage(applied, job):
    candidate = Candidate.objects.get()
    application = applied.application
    assert (candidate.email, candidate.first_name, candidate.last_name) == (
        "grace.hopper@example.org", "Grace", "Hopper",
    )  # fmt: skip
    assert candidate.phone == "+14155550100"
    assert verbs(candidate).count("candidate.created") == 1
    assert application.candidate == candidate and application.job == job
    assert application.stage == job.stages.order_by("position").first()
    assert application.status == Application.Status.ACTIVE
    assert application.source == Source.objects.get(kind="careers_site", name="Careers site")
    assert application.cover_letter == "I would like to build compilers with you."
    assert (candidate.location, candidate.linkedin_url) == (
        "Arlington", "https://www.linkedin.com/in/grace-hopper",
    )  # fmt: skip


def test_the_resume_is_stored_on_disk_and_attached_to_the_application(applied):
    document = CandidateDocument.objects.get()
    assert list(applied.application.documents.all()) == [document]
    assert document.kind == CandidateDocument.Kind.RESUME
    assert document.original_name == "Grace CV.pdf"
    assert document.content_type == "application/pdf"
    assert stored_files() == [Path(document.file.path)]
    with document.file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")


def test_consent_to_process_the_application_is_kept_with_the_notice_version(applied):
    consents = Consent.objects.filter(candidate=applied.application.candidate)
    assert consents.count() == 2  # step 1 (to finish later) and step 2 (this application)
    assert {c.purpose for c in consents} == {Consent.Purpose.APPLICATION}
    assert {c.wording_version for c in consents} == {PRIVACY_VERSION}
    # The talent community opt-in was left unticked: no such consent.
    assert not consents.filter(purpose=Consent.Purpose.TALENT_COMMUNITY).exists()


def test_the_timeline_records_each_step_of_applying(applied):
    recorded = verbs(applied.application.candidate)
    for verb in ("candidate.created", "application.started", "application.created",
                 "document.added", "consent.given", "email.queued"):  # fmt: skip
        assert verb in recorded, recorded
    assert recorded.count("application.created") == 1


def test_the_confirmation_email_links_to_a_working_status_page(client, applied, mailoutbox, job):
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["grace.hopper@example.org"]
    assert job.title in message.subject
    link = next(word for word in message.body.split() if "/careers/status/" in word)
    status = client.get(path_of(link))
    assert status.status_code == 200
    assert job.title in page_text(status)
    assert "Received" in page_text(status)


def test_resume_parsing_is_enqueued_with_the_document_id(applied):
    document = CandidateDocument.objects.get()
    assert ("candidates.parse_document", (document.pk,)) in applied.published


# The same person again ----------------------------------------------------------------------


def test_an_existing_person_is_matched_by_email_in_any_case_and_blanks_filled(client, job):
    known = CandidateFactory(
        first_name="Grace", last_name="Hopper", email="grace.hopper@example.org",
        phone="", location="", linkedin_url="", current_title="Rear admiral",
    )  # fmt: skip
    person = {"email": "Grace.Hopper@EXAMPLE.org", "first_name": "Gracie", "last_name": "H."}
    apply(client, job, person=person, location="Arlington")
    assert Candidate.objects.count() == 1
    known.refresh_from_db()
    assert Application.objects.get().candidate == known
    # Typed values are kept; what was blank is filled in.
    assert (known.first_name, known.last_name, known.current_title) == (
        "Grace", "Hopper", "Rear admiral",
    )  # fmt: skip
    assert (known.location, known.phone) == ("Arlington", "+14155550100")
    assert known.linkedin_url == "https://www.linkedin.com/in/grace-hopper"


def test_applying_again_to_the_same_job_adds_to_the_first_application(client, job):
    apply(client, job)
    step2 = start(client, job)
    form = client.get(step2)
    assert "We already have an application from you for this role" in page_text(form)
    docx = upload("cover-letter.docx", "Grace CV 2026.docx")
    response = finish(client, step2, resume=docx)
    assert response.status_code == 302
    assert thanks_heading(client, response) == ALREADY
    application = Application.objects.get()
    names = sorted(application.documents.values_list("original_name", flat=True))
    assert names == ["Grace CV 2026.docx", "Grace CV.pdf"]
    assert verbs(application.candidate).count("application.resubmitted") == 1
    assert verbs(application.candidate).count("application.created") == 1


def test_a_double_submitted_step_two_makes_one_application_and_the_same_outcome(
    client, job, mailoutbox, django_capture_on_commit_callbacks
):
    step2 = start(client, job)
    with django_capture_on_commit_callbacks(execute=True):
        first = finish(client, step2)
        second = finish(client, step2)
    assert (first.status_code, second.status_code) == (302, 302)
    assert Application.objects.count() == 1
    assert CandidateDocument.objects.count() == 1 and len(stored_files()) == 1
    assert list(Application.objects.get().documents.all()) == [CandidateDocument.objects.get()]
    assert len(mailoutbox) == 1
    assert verbs(Candidate.objects.get()).count("application.resubmitted") == 0
    assert thanks_heading(client, first) == THANK_YOU
    # The second click must not tell the person they "had applied before".
    assert thanks_heading(client, second) == THANK_YOU


# Knockout questions ---------------------------------------------------------------------------


@pytest.fixture
def work_permit(job):
    return ApplicationQuestionFactory(
        job=job, label="Are you allowed to work in the EU?", required=True, knockout_answers=["no"]
    )


def test_a_knockout_answer_rejects_with_the_reason_and_sends_no_rejection(
    client, job, work_permit, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, job, **{f"question_{work_permit.pk}": "no"})
    assert thanks_heading(client, response) == THANK_YOU
    application = Application.objects.get()
    assert application.knockout_failed
    assert application.status == Application.Status.REJECTED
    assert application.rejection_reason.name == "Did not meet requirements"
    assert application.rejection_email is None
    # Only the confirmation went out; nothing is scheduled.
    assert OutboundEmail.objects.filter(template__purpose="application-received").count() == 1
    assert OutboundEmail.objects.count() == 1
    assert [m.subject for m in mailoutbox] == [f"Your application for {job.title}"]


def test_a_passing_answer_leaves_the_application_active(client, job, work_permit):
    apply(client, job, **{f"question_{work_permit.pk}": "yes"})
    application = Application.objects.get()
    assert application.status == Application.Status.ACTIVE
    assert application.answers == {str(work_permit.pk): "yes"}


def test_a_knockout_rejection_email_is_scheduled_when_the_job_asks_for_one(
    client, job, work_permit, django_capture_on_commit_callbacks
):
    job.knockout_email = EmailTemplateFactory(purpose="knockout", subject="About your application")
    job.save()
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, job, **{f"question_{work_permit.pk}": "no"})
    application = Application.objects.get()
    assert application.status == Application.Status.REJECTED
    email = application.rejection_email
    assert email is not None and email.template == job.knockout_email
    assert email.status == OutboundEmail.Status.SCHEDULED
    assert email.to_email == "grace.hopper@example.org"


def test_recruiters_still_see_a_knocked_out_application(client, job, work_permit, login, recruiter):
    apply(client, job, **{f"question_{work_permit.pk}": "no"})
    application = Application.objects.get()
    staff = login(recruiter)
    listing = staff.get(f"/ats/jobs/{job.pk}/applications/", {"status": "rejected"})
    assert listing.status_code == 200
    assert f'href="/ats/applications/{application.pk}/"' in page_text(listing)
    detail = staff.get(f"/ats/applications/{application.pk}/")
    assert detail.status_code == 200
    assert "Grace" in page_text(detail) and "Did not meet requirements" in page_text(detail)


# Abandoned applications -----------------------------------------------------------------------


def started_hours_ago(draft: ApplicationDraft, hours: float) -> None:
    ApplicationDraft.objects.filter(pk=draft.pk).update(
        started_at=timezone.now() - timedelta(hours=hours)
    )


def test_step_one_alone_becomes_abandoned_once_after_the_configured_hours(client, job, settings):
    settings.CAREERS_ABANDONED_AFTER_HOURS = 6
    start(client, job)
    draft = ApplicationDraft.objects.get()
    started_hours_ago(draft, 7)
    assert mark_abandoned_applications.apply().result == 1
    assert mark_abandoned_applications.apply().result == 0
    draft.refresh_from_db()
    assert draft.abandoned_at is not None and draft.application is None
    candidate = draft.candidate
    assert verbs(candidate).count("application.abandoned") == 1
    kept = Consent.objects.get(candidate=candidate)
    assert (kept.purpose, kept.wording_version) == (Consent.Purpose.APPLICATION, PRIVACY_VERSION)
    assert not Application.objects.exists()


def test_a_recent_step_one_is_not_abandoned_yet(client, job, settings):
    settings.CAREERS_ABANDONED_AFTER_HOURS = 6
    start(client, job)
    started_hours_ago(ApplicationDraft.objects.get(), 5)
    assert mark_abandoned_applications.apply().result == 0
    assert ApplicationDraft.objects.get().abandoned_at is None


def test_a_completed_application_is_never_marked_abandoned(client, job, settings):
    settings.CAREERS_ABANDONED_AFTER_HOURS = 6
    apply(client, job)
    started_hours_ago(ApplicationDraft.objects.get(), 100)
    assert mark_abandoned_applications.apply().result == 0
    assert ApplicationDraft.objects.get().abandoned_at is None
    assert "application.abandoned" not in verbs(Candidate.objects.get())


# Attribution ------------------------------------------------------------------------------------

BOARD_PAGE = "https://jobs.example.net/listing/42"


@pytest.mark.parametrize("code", BOARD_CODES)
def test_a_board_link_credits_the_application_to_that_board(client, job, code):
    utm = {"utm_source": code, "utm_medium": "job-board", "utm_campaign": "spring-hiring"}
    client.get(f"/careers/{job.slug}/", {"src": code, **utm}, HTTP_REFERER=BOARD_PAGE)
    client.get(apply_url(job))  # moving on within the site keeps the arrival
    apply(client, job)
    application = Application.objects.get()
    assert application.source == JobBoard.objects.get(code=code).source
    assert application.tracking == {"src": code, **utm, "referrer": BOARD_PAGE}


def test_an_unknown_src_is_credited_to_the_careers_site_and_kept(client, job):
    client.get(f"/careers/{job.slug}/", {"src": "myspace"})
    apply(client, job)
    application = Application.objects.get()
    assert application.source == Source.objects.get(kind="careers_site", name="Careers site")
    assert application.tracking == {"src": "myspace"}


def test_a_referrer_from_indeed_without_src_is_credited_to_indeed(client, job):
    referrer = "https://de.indeed.com/viewjob?jk=0123abcd"
    client.get(f"/careers/{job.slug}/", HTTP_REFERER=referrer)
    apply(client, job)
    application = Application.objects.get()
    assert application.source == JobBoard.objects.get(code="indeed").source
    assert application.tracking == {"referrer": referrer}


def test_a_referrer_within_the_careers_site_is_not_tracking(client, job):
    client.get(f"/careers/{job.slug}/", HTTP_REFERER="http://testserver/careers/")
    apply(client, job)
    application = Application.objects.get()
    assert application.tracking == {}
    assert application.source.kind == Source.Kind.CAREERS_SITE
