"""The candidate's status page through HTTP: the signed, expiring link; public statuses only;
withdrawing, a new resume, data requests; expired and forged links; asking for a fresh link."""

import html
import re
import time

import pytest
from django.core import signing

from ats.models import Application, StageKind
from ats.selectors.careers import STATUS_LINK_SALT, status_token
from recruit.accounts.models import Notification
from recruit.candidates.models import Activity, CandidateDocument, DataRequest
from tests.ats.careers_helpers import (
    page_text,
    path_of,
    stored_files,
    upload,
)
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    JobFactory,
    NoteFactory,
    RejectionReasonFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]
SECRET_STAGE = "Codename Falcon {}"
SECRET_NOTE = "Lowball the offer, they seem desperate"
SECRET_REJECTION_NOTE = "Too expensive for this team"
SECRET_JOB_NOTE = "Budget approved only until March"


@pytest.fixture
def grace(db):
    return CandidateFactory(first_name="Grace", last_name="Hopper", email="grace@example.org")


def application_in(candidate, kind: str, title: str, **fields) -> Application:
    job = JobFactory(title=title, internal_notes=SECRET_JOB_NOTE)
    stage = job.stages.filter(kind=kind).order_by("position").first()
    return ApplicationFactory(candidate=candidate, job=job, stage=stage, **fields)


def status_path(candidate) -> str:
    return f"/careers/status/{status_token(candidate)}/"


def statuses(response) -> dict[str, str]:
    """Job title -> the status badge shown beside it."""
    rows = re.findall(
        r"<strong>(.*?)</strong>.*?<span class=\"badge[^\"]*\">(.*?)</span>",
        page_text(response), re.S,
    )  # fmt: skip
    return {html.unescape(title): status for title, status in rows}


def messages_after(client, response) -> str:
    assert response.status_code == 302, page_text(response)[:2000]
    page = client.get(response["Location"])
    found = re.search(r'<ul class="messages"[^>]*>(.*?)</ul>', page_text(page), re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""


def signed_in_the_past(value, *, seconds_ago: int) -> str:
    """A status token as status_token() makes it, but signed `seconds_ago`."""

    class PastSigner(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - seconds_ago)

    return PastSigner(salt=STATUS_LINK_SALT).sign_object(value, compress=True)


# What the page shows ---------------------------------------------------------------------------


@pytest.fixture
def applications(grace):
    reason = RejectionReasonFactory(name="Missing required skills")
    return {
        "Received": application_in(grace, StageKind.APPLIED, "Compiler engineer"),
        "In review": application_in(grace, StageKind.SCREEN, "Database engineer"),
        "Interviewing": application_in(grace, StageKind.INTERVIEW, "Site reliability engineer"),
        "Offer": application_in(grace, StageKind.OFFER, "Product designer"),
        "Closed": application_in(
            grace,
            StageKind.SCREEN,
            "Data analyst",
            status=Application.Status.REJECTED,
            rejection_reason=reason,
            rejection_note=SECRET_REJECTION_NOTE,
        ),
        "Closed (withdrawn)": application_in(
            grace, StageKind.INTERVIEW, "Support lead", status=Application.Status.WITHDRAWN
        ),
    }


def test_the_signed_link_lists_each_application_with_its_public_status(client, grace, applications):
    response = client.get(status_path(grace))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    expected = {a.job.title: label.split(" (")[0] for label, a in applications.items()}
    assert statuses(response) == expected


def test_internal_stage_names_notes_and_reasons_never_show(client, grace, applications):
    for n, application in enumerate(applications.values()):
        application.stage.name = SECRET_STAGE.format(n)
        application.stage.save()
    NoteFactory(candidate=grace, body=SECRET_NOTE)
    text = page_text(client.get(status_path(grace)))
    for n in range(len(applications)):
        assert SECRET_STAGE.format(n) not in text
    assert "Codename Falcon" not in text
    for secret in (SECRET_NOTE, SECRET_REJECTION_NOTE, SECRET_JOB_NOTE, "Missing required skills"):
        assert secret not in text
    # The default pipeline's own names are internal too ("Phone interview", "Screen").
    assert "Phone interview" not in text and "Screen" not in text


def test_only_their_own_applications_are_listed(client, grace):
    mine = application_in(grace, StageKind.APPLIED, "My role")
    application_in(CandidateFactory(), StageKind.APPLIED, "Somebody else's role")
    assert statuses(client.get(status_path(grace))) == {mine.job.title: "Received"}


# Withdrawing -------------------------------------------------------------------------------------


def test_a_person_withdraws_their_application(client, grace):
    application = application_in(grace, StageKind.INTERVIEW, "Compiler engineer")
    response = client.post(f"{status_path(grace)}withdraw/{application.pk}/")
    assert (
        messages_after(client, response) == "You withdrew your application for Compiler engineer."
    )
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert Activity.objects.filter(candidate=grace, verb="application.withdrawn").count() == 1
    assert statuses(client.get(status_path(grace))) == {"Compiler engineer": "Closed"}


def test_withdrawing_someone_elses_application_is_refused(client, grace):
    theirs = application_in(CandidateFactory(), StageKind.APPLIED, "Their role")
    response = client.post(f"{status_path(grace)}withdraw/{theirs.pk}/")
    assert messages_after(client, response) == "That application is not yours."
    theirs.refresh_from_db()
    assert theirs.status == Application.Status.ACTIVE
    assert not Activity.objects.filter(verb="application.withdrawn").exists()


def test_withdrawing_a_closed_application_again_is_refused(client, grace):
    closed = application_in(grace, StageKind.APPLIED, "Old role",
                            status=Application.Status.WITHDRAWN)  # fmt: skip
    response = client.post(f"{status_path(grace)}withdraw/{closed.pk}/")
    assert messages_after(client, response) == "This application is already closed."


def test_withdraw_only_answers_post(client, grace):
    application = application_in(grace, StageKind.APPLIED, "Role")
    assert client.get(f"{status_path(grace)}withdraw/{application.pk}/").status_code == 405
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE


# A new resume ------------------------------------------------------------------------------------


def test_a_new_resume_is_attached_to_each_open_application_only(client, grace):
    open_one = application_in(grace, StageKind.SCREEN, "Open role")
    closed = application_in(grace, StageKind.SCREEN, "Closed role",
                            status=Application.Status.REJECTED)  # fmt: skip
    resume = upload("cover-letter.docx", "Grace resume 2026.docx")
    response = client.post(f"{status_path(grace)}resume/", {"resume": resume})
    assert messages_after(client, response) == "Thank you: we have your new resume."
    document = CandidateDocument.objects.get(candidate=grace)
    assert document.original_name == "Grace resume 2026.docx"
    assert list(open_one.documents.all()) == [document]
    assert not closed.documents.exists()
    assert len(stored_files()) == 1


def test_a_bad_new_resume_is_refused_and_nothing_is_stored(client, grace):
    application_in(grace, StageKind.SCREEN, "Open role")
    exe = upload("program.exe", "resume.pdf", "application/pdf")
    response = client.post(f"{status_path(grace)}resume/", {"resume": exe})
    assert response.status_code == 400
    assert "This file is not a document we accept" in page_text(response)
    assert not CandidateDocument.objects.exists() and stored_files() == []


# Data requests ----------------------------------------------------------------------------------


def test_asking_for_a_copy_records_it_and_tells_a_recruiter(client, grace, recruiter):
    application_in(grace, StageKind.APPLIED, "Role")
    response = client.post(f"{status_path(grace)}data/", {"kind": "copy", "message": "All of it"})
    assert "We have your request" in messages_after(client, response)
    request = DataRequest.objects.get()
    assert (request.candidate, request.kind, request.status) == (grace, "copy", "open")
    assert request.message == "All of it"
    notification = Notification.objects.get(user=recruiter)
    assert "Grace Hopper" in notification.text and notification.url == f"/candidates/{grace.pk}/"


def test_asking_twice_makes_one_request(client, grace, recruiter):
    client.post(f"{status_path(grace)}data/", {"kind": "deletion"})
    again = client.post(f"{status_path(grace)}data/", {"kind": "deletion"})
    assert "We already have this request" in messages_after(client, again)
    assert DataRequest.objects.filter(kind="deletion").count() == 1
    assert Notification.objects.filter(user=recruiter).count() == 1


def test_a_copy_and_a_deletion_are_two_requests(client, grace, recruiter):
    client.post(f"{status_path(grace)}data/", {"kind": "copy"})
    client.post(f"{status_path(grace)}data/", {"kind": "deletion"})
    assert sorted(DataRequest.objects.values_list("kind", flat=True)) == ["copy", "deletion"]


def test_an_unknown_kind_of_data_request_is_refused(client, grace):
    response = client.post(f"{status_path(grace)}data/", {"kind": "everything"})
    assert response.status_code == 400
    assert "Select a valid choice" in page_text(response)
    assert not DataRequest.objects.exists()


# Expired and forged links ---------------------------------------------------------------------


def assert_offers_a_fresh_link(response, heading: str) -> None:
    assert response.status_code == 403
    text = page_text(response)
    assert f"<h1>{heading}</h1>" in text
    assert 'action="/careers/status/"' in text and 'name="email"' in text
    assert "Grace" not in text


def test_a_link_past_its_age_shows_the_expired_page_with_a_form(client, grace):
    application_in(grace, StageKind.APPLIED, "Role")
    token = signed_in_the_past(grace.pk, seconds_ago=31 * 86400)
    assert_offers_a_fresh_link(client.get(f"/careers/status/{token}/"), "This link has expired")


def test_the_link_age_comes_from_the_setting(client, grace, settings):
    token = signed_in_the_past(grace.pk, seconds_ago=10)
    assert client.get(f"/careers/status/{token}/").status_code == 200
    settings.CANDIDATE_LINK_MAX_AGE_DAYS = 0
    assert_offers_a_fresh_link(client.get(f"/careers/status/{token}/"), "This link has expired")


def test_an_expired_link_cannot_withdraw(client, grace):
    application = application_in(grace, StageKind.APPLIED, "Role")
    token = signed_in_the_past(grace.pk, seconds_ago=31 * 86400)
    response = client.post(f"/careers/status/{token}/withdraw/{application.pk}/")
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE


@pytest.mark.parametrize("tamper", ["flip", "other-salt", "other-person"])
def test_a_tampered_link_shows_the_invalid_page(client, grace, tamper):
    token = status_token(grace)
    if tamper == "flip":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif tamper == "other-salt":
        token = signing.dumps(grace.pk, salt="ats.apply-draft")
    else:  # someone edits the id in the value but cannot re-sign it
        _, _, rest = token.partition(":")
        token = signing.dumps(grace.pk + 1, salt=STATUS_LINK_SALT, compress=True).split(":")[0]
        token = f"{token}:{rest}"
    assert_offers_a_fresh_link(client.get(f"/careers/status/{token}/"), "This link is not valid")


# Asking for a fresh link ------------------------------------------------------------------------


def ask_for_link(client, email, capture):
    with capture(execute=True):
        response = client.post("/careers/status/", {"email": email})
    assert response.status_code == 200
    return response


def test_email_me_a_link_answers_alike_and_only_emails_a_known_person(
    client, grace, mailoutbox, django_capture_on_commit_callbacks
):
    application_in(grace, StageKind.APPLIED, "Compiler engineer")
    known = ask_for_link(client, "Grace@Example.org", django_capture_on_commit_callbacks)
    unknown = ask_for_link(client, "nobody@example.org", django_capture_on_commit_callbacks)
    assert known.content == unknown.content
    assert "Check your email" in page_text(known)
    assert [m.to for m in mailoutbox] == [["grace@example.org"]]
    link = next(word for word in mailoutbox[0].body.split() if "/careers/status/" in word)
    fresh = client.get(path_of(link))
    assert fresh.status_code == 200
    assert statuses(fresh) == {"Compiler engineer": "Received"}


def test_a_person_with_no_application_gets_no_link(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    CandidateFactory(email="prospect@example.org")  # in the CRM, never applied
    ask_for_link(client, "prospect@example.org", django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_asking_with_an_invalid_email_shows_the_error(client, mailoutbox):
    response = client.post("/careers/status/", {"email": "grace at example"})
    assert response.status_code == 400
    assert "Enter a valid email address." in page_text(response)
    assert mailoutbox == []
