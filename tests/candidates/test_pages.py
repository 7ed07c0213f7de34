"""The candidates pages and the document seam, through real HTTP."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from recruit.candidates.models import Activity, CandidateDocument
from recruit.candidates.services import activity_record, document_add
from tests.factories import CandidateFactory, TagFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, candidate, name, data, kind="resume"):
    file = ContentFile(data, name=name)
    url = reverse("candidates:document-upload", args=[candidate.pk])
    return client.post(url, {"file": file, "kind": kind}, follow=True)


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/candidates/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_recruiter_lists_and_searches_candidates(login, recruiter):
    CandidateFactory(first_name="Grace", last_name="Hopper", current_company="Navy")
    CandidateFactory(first_name="Alan", last_name="Turing", current_company="Bletchley")
    client = login(recruiter)
    page = client.get("/candidates/")
    assert b"Grace Hopper" in page.content and b"Alan Turing" in page.content
    found = client.get("/candidates/", {"q": "hopper navy"})
    assert b"Grace Hopper" in found.content and b"Alan Turing" not in found.content
    none = client.get("/candidates/", {"q": "nobody"})
    assert b"No matches" in none.content


def test_htmx_search_returns_only_the_results_fragment(login, recruiter):
    CandidateFactory(first_name="Grace")
    response = login(recruiter).get("/candidates/", {"q": "grace"}, HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content
    assert b"Grace" in response.content


def test_list_pages_through_candidates(login, recruiter):
    CandidateFactory.create_batch(30)
    client = login(recruiter)
    assert b"Page 1 of 2" in client.get("/candidates/").content
    second = client.get("/candidates/", {"page": 2})
    assert second.status_code == 200 and b"Page 2 of 2" in second.content
    assert client.get("/candidates/", {"page": "nonsense"}).status_code == 200


def test_candidate_list_query_count_does_not_grow_with_candidates(
    login, recruiter, django_assert_max_num_queries
):
    client = login(recruiter)
    CandidateFactory.create_batch(3, tags=[TagFactory()])
    # The page, the count, the tags, the filters' choices (sources, jobs), session and user.
    with django_assert_max_num_queries(10) as few:
        client.get("/candidates/")
    CandidateFactory.create_batch(20, tags=[TagFactory()])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/candidates/")


def test_candidate_page_shows_profile_documents_and_timeline_newest_first(login, recruiter):
    candidate = CandidateFactory(first_name="Grace", last_name="Hopper")
    activity_record(candidate=candidate, verb="note.added", details={"subject": "First note"})
    activity_record(candidate=candidate, verb="note.added", details={"subject": "Second note"})
    document_add(candidate=candidate, upload=ContentFile(PDF, name="cv.pdf"))
    response = login(recruiter).get(reverse("candidates:detail", args=[candidate.pk]))
    html = response.content.decode()
    assert "Grace Hopper" in html and "cv.pdf" in html
    assert html.index("Document added") < html.index("Second note") < html.index("First note")


def test_candidate_page_query_count_is_constant(login, recruiter, django_assert_max_num_queries):
    candidate = CandidateFactory()
    client = login(recruiter)
    url = reverse("candidates:detail", args=[candidate.pk])
    client.get(url)
    # 18: the page's sections, including whether the viewer may edit and the newest parsed resume.
    with django_assert_max_num_queries(18) as before:
        client.get(url)
    for n in range(15):
        activity_record(
            candidate=candidate,
            verb="note.added",
            actor=recruiter,
            details={"subject": f"note {n}"},
        )
        document_add(candidate=candidate, upload=ContentFile(PDF + bytes([n]), name=f"{n}.pdf"))
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def test_phone_numbers_are_shown_the_way_people_write_them(login, recruiter):
    candidate = CandidateFactory(phone="+14155550163")
    html = login(recruiter).get(reverse("candidates:detail", args=[candidate.pk])).content
    assert b'href="tel:+14155550163">+1 415-555-0163</a>' in html


def test_user_content_is_escaped(login, recruiter):
    candidate = CandidateFactory(first_name="<script>alert(1)</script>", summary="<b>bold</b>")
    html = login(recruiter).get(reverse("candidates:detail", args=[candidate.pk])).content
    assert b"<script>alert(1)</script>" not in html
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert b"&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize("persona", ["hiring_manager", "interviewer", "outsider"])
def test_guessing_a_candidate_or_document_url_answers_404(request, login, persona):
    candidate = CandidateFactory()
    document, _ = document_add(candidate=candidate, upload=ContentFile(PDF, name="cv.pdf"))
    client = login(request.getfixturevalue(persona))
    assert client.get(reverse("candidates:detail", args=[candidate.pk])).status_code == 404
    assert (
        client.get(reverse("candidates:document-download", args=[document.pk])).status_code == 404
    )
    assert upload(client, candidate, "x.pdf", PDF).status_code == 404
    assert client.get("/candidates/").content.count(candidate.email.encode()) == 0
    assert CandidateDocument.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("resume.pdf", PDF, "application/pdf"),
        (
            "resume.docx",
            None,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("resume.rtf", b"{\\rtf1\\ansi Hello}", "application/rtf"),
        ("resume.txt", "Jos\u00e9 Garc\u00eda, engineer".encode(), "text/plain"),
        ("no-extension", PDF + b"x", "application/pdf"),
    ],
)
def test_recruiter_uploads_a_document_typed_from_its_bytes(
    login, recruiter, name, data, content_type
):
    candidate = CandidateFactory()
    data = data if data is not None else _docx_bytes()
    response = upload(login(recruiter), candidate, name, data)
    assert response.status_code == 200
    document = CandidateDocument.objects.get(candidate=candidate)
    assert document.content_type == content_type
    assert document.original_name == name
    assert document.file.name.endswith(document.extension)
    assert name not in document.file.name  # stored name never comes from the uploader
    assert Activity.objects.filter(candidate=candidate, verb="document.added").count() == 1
    download = login(recruiter).get(reverse("candidates:document-download", args=[document.pk]))
    assert download["Content-Type"] == content_type
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == data


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.pdf", b"", "The file is empty"),
        ("evil.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "not a document we accept"),
        ("photo.pdf", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a document we accept"),
        ("fake.docx", b"PK\x03\x04not really a zip", "not a document we accept"),
    ],
)
def test_bad_uploads_get_a_clear_error_and_store_nothing(login, recruiter, name, data, message):
    candidate = CandidateFactory()
    response = upload(login(recruiter), candidate, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CandidateDocument.objects.count() == 0


def test_oversize_upload_is_refused_with_the_limit_named(login, recruiter, settings):
    settings.MAX_UPLOAD_SIZE = 1024
    candidate = CandidateFactory()
    response = upload(login(recruiter), candidate, "big.pdf", PDF + b"0" * 2048)
    assert "the limit is 1.0\xa0KB" in response.content.decode()
    assert CandidateDocument.objects.count() == 0


def test_identical_reupload_is_not_stored_twice(login, recruiter):
    candidate = CandidateFactory()
    client = login(recruiter)
    upload(client, candidate, "cv.pdf", PDF)
    response = upload(client, candidate, "cv-again.pdf", PDF)
    assert "was already on file" in response.content.decode()
    assert CandidateDocument.objects.filter(candidate=candidate).count() == 1
