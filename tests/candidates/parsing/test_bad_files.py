"""Every hostile or broken file of the corpus ends in a clear state, through the same
isolated parse the worker runs (a child process with memory, CPU and time limits)."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from recruit.candidates.files import sniff_document_type
from recruit.candidates.models import Activity, Candidate, CandidateDocument
from recruit.candidates.parsing.isolation import Limits
from recruit.candidates.parsing.pipeline import NO_TEXT_REASON, ParseSettings, parse_bytes
from recruit.candidates.resumes import document_parse
from recruit.candidates.services import document_add
from tests.factories import CandidateFactory

BAD = Path(__file__).resolve().parents[2] / "fixtures" / "resumes" / "bad"
TODAY = date(2026, 11, 22)
# Tighter than the defaults (512 MB, 20 s) so the bombs are stopped quickly and surely.
OPTIONS = ParseSettings(max_pages=10, region="US",
                        limits=Limits(memory_mb=256, cpu_seconds=10, wall_seconds=20))  # fmt: skip


def parse(name: str):
    path = BAD / name
    with path.open("rb") as stream:
        file_type = sniff_document_type(stream)
    assert file_type is not None, f"{name} should be sniffed as a document"
    return parse_bytes(path.read_bytes(), file_type, options=OPTIONS, today=TODAY)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("corrupt.pdf", "could not be read"),
        ("encrypted-user-password.pdf", "encrypted (password protected)"),
        ("flate-bomb.pdf", "more than"),  # memory (256 MB) or processor time
        ("deep-nesting.pdf", "nested too deeply"),
        ("zip-bomb.docx", "expands to more than 100 MB"),
        ("deep-groups.rtf", "nested too deeply"),
    ],
)
def test_a_hostile_or_broken_file_fails_with_a_reason(name, reason):
    outcome = parse(name)
    assert outcome.status == "failed"
    assert reason in outcome.reason
    assert outcome.text == "" and outcome.result is None


def test_a_pdf_with_only_an_owner_password_is_read():
    outcome = parse("encrypted-owner-only.pdf")
    assert outcome.status == "parsed"
    assert outcome.result["basics"]["email"]


@pytest.mark.parametrize("name", ["blank-page.pdf", "pages-2000.pdf"])
def test_a_pdf_without_text_is_flagged_for_ocr(name):
    outcome = parse(name)
    assert outcome.status == "no_text"
    assert outcome.reason == NO_TEXT_REASON
    assert outcome.pages <= OPTIONS.max_pages


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["empty.pdf", "no-document-xml.docx", "truncated.pdf"])
def test_files_that_are_no_document_are_refused_at_upload(name):
    candidate = CandidateFactory()
    with pytest.raises(ValidationError):
        document_add(candidate=candidate, upload=ContentFile((BAD / name).read_bytes(), name=name))
    assert not CandidateDocument.objects.exists()


@pytest.mark.django_db
def test_the_person_and_the_file_are_kept_when_parsing_fails(settings):
    settings.PARSE_MEMORY_MB = 256
    candidate = CandidateFactory(first_name="Kept")
    data = (BAD / "deep-nesting.pdf").read_bytes()
    document, _ = document_add(
        candidate=candidate, upload=ContentFile(data, name="cv.pdf"), parse=False
    )
    document = document_parse(document_id=document.pk)

    assert document.parse_status == CandidateDocument.ParseStatus.FAILED
    assert document.file.read() == data
    assert Candidate.objects.get(pk=candidate.pk).first_name == "Kept"
    entry = Activity.objects.get(candidate=candidate, verb="document.parsed")
    assert entry.details["status"] == "failed" and "nested too deeply" in entry.details["reason"]
