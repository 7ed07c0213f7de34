"""Bad input and abuse on the careers site, through HTTP: bad files, markup in every field,
over-long and invalid values, unknown and closed jobs, the honeypot, the rate limit, missing
consent, forged links and CSRF. Each gets a clear answer and leaves nothing half-stored."""

import re
import time
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from ats.models import Application, ApplicationDraft, ApplicationQuestion, Job
from ats.selectors.careers import status_token
from recruit.candidates.models import Candidate, CandidateDocument, Consent
from tests.ats.careers_helpers import (
    APPLICATION,
    PERSON,
    apply,
    apply_url,
    finish,
    page_text,
    start,
    stored_files,
    thanks_heading,
    upload,
)
from tests.factories import ApplicationQuestionFactory, JobFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]
XSS_FIRST = "<script>alert('first')</script>"
XSS_LAST = '"><img src=x onerror=alert(2)>'
XSS_TEXT = "<script>alert(document.cookie)</script><b>bold</b>"
XSS_FILE_NAME = "<img src=x onerror=alert(3)>.pdf"
UNESCAPED = ("<script>", "<img src=x", "<b>bold</b>")


def assert_no_application_stored() -> None:
    """Step 2 refused: no application, no document row, no file on disk."""
    assert not Application.objects.exists()
    assert not CandidateDocument.objects.exists()
    assert stored_files() == []


def assert_nobody_stored() -> None:
    """Step 1 (or a whole request) refused: not even the person or their consent."""
    assert not Candidate.objects.exists()
    assert not ApplicationDraft.objects.exists()
    assert not Consent.objects.exists()
    assert_no_application_stored()


def field_errors(response, name: str) -> list[str]:
    return re.findall(
        rf'<p class="field-error" id="id_{name}_error">(.*?)</p>', page_text(response)
    )


# Files -------------------------------------------------------------------------------------------

BAD_FILES = [
    pytest.param("empty.pdf", "cv.pdf", "The file is empty.", id="empty"),
    pytest.param("program.exe", "cv.pdf", "This file is not a document we accept", id="exe-as-pdf"),
    pytest.param("corrupt.docx", "cv.docx", "This file is not a document we accept", id="bad-zip"),
]


@pytest.mark.parametrize(("fixture", "name", "message"), BAD_FILES)
def test_a_bad_resume_is_refused_on_the_form_and_nothing_is_stored(
    client, job, fixture, name, message
):
    step2 = start(client, job)
    response = finish(client, step2, resume=upload(fixture, name, "application/pdf"))
    assert response.status_code == 400
    assert any(message in error for error in field_errors(response, "resume"))
    assert 'role="alert"' in page_text(response)  # the error summary, announced
    assert_no_application_stored()


def test_an_oversize_resume_is_refused_with_the_limit(client, job, settings):
    settings.MAX_UPLOAD_SIZE = 500
    step2 = start(client, job)
    response = finish(client, step2)  # resume.pdf is about 1 KB
    assert response.status_code == 400
    [error] = field_errors(response, "resume")
    assert "the limit is 500" in error
    assert_no_application_stored()


@pytest.mark.parametrize(
    "fixture", ["javascript.pdf", "javascript-hex-names.pdf", "javascript-object-stream.pdf"]
)
def test_a_pdf_carrying_javascript_is_refused_and_nothing_is_stored(client, job, fixture):
    step2 = start(client, job)
    response = finish(client, step2, resume=upload(fixture, "cv.pdf"))
    assert response.status_code == 400, "a PDF with an /OpenAction /JavaScript was accepted"
    [error] = field_errors(response, "resume")
    assert "This PDF contains active content (JavaScript)" in error
    assert_no_application_stored()


def test_a_truncated_pdf_is_refused_and_nothing_is_stored(client, job):
    step2 = start(client, job)
    response = finish(client, step2, resume=upload("truncated.pdf", "cv.pdf"))
    assert response.status_code == 400, "half a PDF (no xref, no %%EOF) was accepted"
    assert field_errors(response, "resume")
    assert_no_application_stored()


@pytest.mark.parametrize("fixture", ["program.exe", "javascript.pdf"])
def test_a_bad_cover_letter_file_keeps_the_good_resume_from_being_stored(client, job, fixture):
    step2 = start(client, job)
    response = finish(client, step2, cover_letter_file=upload(fixture, "letter.pdf"))
    assert response.status_code == 400
    assert field_errors(response, "cover_letter_file")
    assert_no_application_stored()


def test_a_bad_file_answer_keeps_everything_else_from_being_stored(client, job):
    question = ApplicationQuestionFactory(
        job=job, label="Work sample", kind=ApplicationQuestion.Kind.FILE, knockout_answers=[]
    )
    step2 = start(client, job)
    response = finish(client, step2, **{f"question_{question.pk}": upload("empty.pdf")})
    assert response.status_code == 400
    assert "The file is empty." in field_errors(response, f"question_{question.pk}")
    assert_no_application_stored()


@pytest.mark.parametrize("fixture", ["resume.rtf", "resume.txt", "cover-letter.docx"])
def test_the_other_accepted_formats_are_taken(client, job, fixture):
    apply(client, job, resume=upload(fixture))
    assert list(Application.objects.get().documents.values_list("original_name", flat=True)) == [
        fixture
    ]


# Markup in every field ---------------------------------------------------------------------------


@pytest.fixture
def marked_up(client, job):
    """An application with markup in every free-text field, the file name included."""
    question = ApplicationQuestionFactory(
        job=job, label="Why us?", kind=ApplicationQuestion.Kind.TEXT, knockout_answers=[]
    )
    apply(
        client, job, person={"first_name": XSS_FIRST, "last_name": XSS_LAST},
        resume=upload("resume.pdf", XSS_FILE_NAME), cover_letter=XSS_TEXT, location=XSS_TEXT,
        **{f"question_{question.pk}": XSS_TEXT},
    )  # fmt: skip
    return Application.objects.select_related("candidate").get(), question


def assert_escaped(response) -> None:
    assert response.status_code == 200
    text = page_text(response)
    for unescaped in UNESCAPED:
        assert unescaped not in text
    assert "&lt;script&gt;" in text


def test_markup_is_stored_as_typed(marked_up):
    application, question = marked_up
    candidate = application.candidate
    assert (candidate.first_name, candidate.last_name) == (XSS_FIRST, XSS_LAST)
    assert candidate.location == XSS_TEXT
    assert application.cover_letter == XSS_TEXT
    assert application.answers == {str(question.pk): XSS_TEXT}


def test_markup_is_escaped_on_the_recruiters_pages(client, marked_up, login, recruiter):
    application, _ = marked_up
    staff = login(recruiter)
    assert_escaped(staff.get(f"/candidates/{application.candidate.pk}/"))
    assert_escaped(staff.get(f"/ats/applications/{application.pk}/"))


def test_markup_is_escaped_on_the_status_page(client, marked_up):
    application, _ = marked_up
    assert_escaped(client.get(f"/careers/status/{status_token(application.candidate)}/"))


def test_markup_is_escaped_when_the_form_comes_back_with_errors(client, job):
    response = client.post(apply_url(job), {**PERSON, "first_name": XSS_FIRST, "email": "x@"})
    assert response.status_code == 400
    for unescaped in UNESCAPED:
        assert unescaped not in page_text(response)
    assert_nobody_stored()


# Over-long and invalid values ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("first_name", "A" * 5000, "Ensure this value has at most 100 characters (it has 5000)."),
        ("last_name", "B" * 5000, "Ensure this value has at most 100 characters (it has 5000)."),
        ("email", "grace.hopper@", "Enter a valid email address."),
        ("email", "grace hopper@example.org", "Enter a valid email address."),
        ("phone", "call me maybe", "is not a phone number"),
        ("phone", "12", "is not a possible phone number"),
    ],
)
def test_a_bad_step_one_value_is_refused_with_a_clear_message(client, job, field, value, message):
    response = client.post(apply_url(job), {**PERSON, field: value})
    assert response.status_code == 400
    assert any(message in error for error in field_errors(response, field)), field_errors(
        response, field
    )
    assert_nobody_stored()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("location", "L" * 5000, "at most 200 characters"),
        ("cover_letter", "C" * 10_001, "at most 10000 characters"),
        ("linkedin_url", "javascript:alert(1)", "Enter a valid URL."),
        ("linkedin_url", "https://evil.example/in/grace", "Give a linkedin.com address"),
        ("portfolio_url", "not a url", "Enter a valid URL."),
    ],
)
def test_a_bad_step_two_value_is_refused_with_a_clear_message(client, job, field, value, message):
    step2 = start(client, job)
    response = finish(client, step2, **{field: value})
    assert response.status_code == 400
    assert any(message in error for error in field_errors(response, field))
    assert_no_application_stored()


# Unknown, closed, draft and template jobs --------------------------------------------------------


def job_urls(job) -> list[str]:
    return [f"/careers/{job.slug}/", apply_url(job)]


NOT_FOUND = "We could not find that page"
CSRF_FAILED = "CSRF verification failed"


def assert_not_found(response) -> None:
    assert response.status_code == 404
    assert NOT_FOUND in page_text(response)


def test_an_unknown_job_is_not_found(client):
    for url in ("/careers/no-such-job/", "/careers/no-such-job/apply/"):
        assert_not_found(client.get(url))
    assert client.post("/careers/no-such-job/apply/", PERSON).status_code == 404
    assert_nobody_stored()


@pytest.mark.parametrize(
    "change",
    [
        {"status": Job.Status.CLOSED, "closed_reason": Job.ClosedReason.FILLED},
        {"status": Job.Status.CLOSED, "closed_reason": Job.ClosedReason.CANCELLED},
        {"status": Job.Status.PAUSED},
        {"apply_by": timezone.localdate() - timedelta(days=1)},
    ],
    ids=["filled", "cancelled", "paused", "past-apply-by"],
)
def test_a_job_no_longer_open_answers_gone_everywhere(client, job, change):
    Job.objects.filter(pk=job.pk).update(**change)
    for url in job_urls(job):
        response = client.get(url)
        assert response.status_code == 410
        assert "no longer open" in page_text(response) or "has been filled" in page_text(response)
    assert client.post(apply_url(job), PERSON).status_code == 410
    assert_nobody_stored()


def test_a_job_closed_between_the_two_steps_answers_gone_and_stores_nothing(client, job):
    step2 = start(client, job)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.CLOSED, closed_reason="filled")
    assert client.get(step2).status_code == 410
    response = finish(client, step2)
    assert response.status_code == 410
    assert "This position has been filled." in page_text(response)
    assert_no_application_stored()


@pytest.mark.parametrize(
    "fields", [{"status": Job.Status.DRAFT}, {"is_template": True}], ids=["draft", "template"]
)
def test_a_draft_or_a_template_is_not_found(client, fields):
    hidden = JobFactory(**fields)
    for url in job_urls(hidden):
        assert_not_found(client.get(url))
    assert client.post(apply_url(hidden), PERSON).status_code == 404
    assert_nobody_stored()


# The honeypot ---------------------------------------------------------------------------------


def test_a_filled_honeypot_on_step_one_looks_like_success_and_stores_nothing(client, job):
    response = client.post(apply_url(job), {**PERSON, "website": "https://spam.example"})
    assert response.status_code == 302
    assert thanks_heading(client, response) == "Thank you for applying"
    assert_nobody_stored()


def test_a_filled_honeypot_on_step_two_looks_like_success_and_stores_nothing(client, job):
    step2 = start(client, job)
    response = finish(client, step2, website="https://spam.example")
    assert response.status_code == 302
    assert thanks_heading(client, response) == "Thank you for applying"
    assert_no_application_stored()


# The rate limit ----------------------------------------------------------------------------------


def test_applying_is_rate_limited_per_address(client, job, settings):
    settings.CAREERS_RATE_LIMIT = "3/h"
    for n in range(3):
        assert (
            client.post(apply_url(job), {**PERSON, "email": f"p{n}@example.org"}).status_code == 302
        )
    limited = client.post(apply_url(job), {**PERSON, "email": "p3@example.org"})
    assert limited.status_code == 429
    assert "Please try again later" in page_text(limited)
    assert not Candidate.objects.filter(email="p3@example.org").exists()
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(apply_url(job), {**PERSON, "email": "p4@example.org"}).status_code == 302


def test_step_two_counts_against_the_same_limit(client, job, settings):
    settings.CAREERS_RATE_LIMIT = "3/h"
    step2 = start(client, job)
    client.post(apply_url(job), PERSON)
    client.post(apply_url(job), PERSON)
    response = finish(client, step2)
    assert response.status_code == 429
    assert_no_application_stored()


def test_asking_for_status_links_is_rate_limited(client, settings, mailoutbox):
    settings.CAREERS_RATE_LIMIT = "3/h"
    for _ in range(3):
        assert client.post("/careers/status/", {"email": "x@example.org"}).status_code == 200
    assert client.post("/careers/status/", {"email": "x@example.org"}).status_code == 429


# Consent ---------------------------------------------------------------------------------------


def test_step_one_without_consent_is_refused(client, job):
    response = client.post(apply_url(job), {**PERSON, "consent": ""})
    assert response.status_code == 400
    assert "This field is required." in field_errors(response, "consent")
    assert_nobody_stored()


def test_step_two_without_consent_is_refused(client, job):
    step2 = start(client, job)
    response = finish(client, step2, consent=None)
    assert response.status_code == 400
    assert "This field is required." in field_errors(response, "consent")
    assert_no_application_stored()


# Forged step-2 links ---------------------------------------------------------------------------


def expired_draft_token(draft_pk: int) -> str:
    class PastSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 15 * 86400)

    return PastSigner(salt="ats.apply-draft").sign_object(draft_pk)


@pytest.mark.parametrize("forgery", ["tampered", "expired", "other-job", "garbage"])
def test_a_forged_step_two_link_shows_the_expired_page(client, job, forgery):
    step2 = start(client, job)
    token = step2.rstrip("/").rsplit("/", 1)[1]
    url = {
        "tampered": f"{apply_url(job)}{token[:-2]}xx/",
        "expired": f"{apply_url(job)}{expired_draft_token(ApplicationDraft.objects.get().pk)}/",
        "other-job": f"{apply_url(JobFactory())}{token}/",
        "garbage": f"{apply_url(job)}not-a-token/",
    }[forgery]
    assert client.get(url).status_code == 404
    response = finish(client, url)
    assert response.status_code == 404
    assert "This link no longer works" in page_text(response)
    assert_no_application_stored()


# CSRF --------------------------------------------------------------------------------------------


def csrf_token(client, url: str) -> str:
    page = client.get(url)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_text(page)).group(1)


def test_step_one_refuses_a_post_without_the_csrf_token(job):
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post(apply_url(job), PERSON)
    assert refused.status_code == 403 and CSRF_FAILED in page_text(refused)
    assert_nobody_stored()
    token = csrf_token(browser, apply_url(job))
    assert browser.post(apply_url(job), {**PERSON, "csrfmiddlewaretoken": token}).status_code == 302


def test_step_two_refuses_a_post_without_the_csrf_token(job):
    browser = Client(enforce_csrf_checks=True)
    token = csrf_token(browser, apply_url(job))
    step2 = browser.post(apply_url(job), {**PERSON, "csrfmiddlewaretoken": token})["Location"]
    data = {**APPLICATION, "resume": upload("resume.pdf")}
    assert browser.post(step2, data).status_code == 403
    assert_no_application_stored()
    data = {**APPLICATION, "resume": upload("resume.pdf"), "csrfmiddlewaretoken": token}
    assert browser.post(step2, data).status_code == 302


@pytest.mark.parametrize("path", ["/careers/community/", "/careers/status/"])
def test_the_other_public_forms_refuse_a_post_without_the_csrf_token(path):
    data = {"first_name": "Ada", "last_name": "L", "email": "ada@example.org", "consent": "on"}
    refused = Client(enforce_csrf_checks=True).post(path, data)
    assert refused.status_code == 403 and CSRF_FAILED in page_text(refused)
    assert_nobody_stored()


def test_the_status_page_actions_refuse_a_post_without_the_csrf_token(job):
    apply(Client(), job)
    application = Application.objects.get()
    base = f"/careers/status/{status_token(application.candidate)}/"
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(f"{base}withdraw/{application.pk}/").status_code == 403
    assert browser.post(f"{base}data/", {"kind": "deletion"}).status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE
    assert not application.candidate.data_requests.exists()
