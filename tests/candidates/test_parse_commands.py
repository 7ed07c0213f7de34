"""`manage.py reparse` and `manage.py parse_resume`, run as people run them."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from recruit.candidates.models import CandidateDocument
from recruit.candidates.services import document_add
from tests.factories import CandidateFactory

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
RESUME = b"Ada Lovelace\nada@example.org\n\nSKILLS\nPython, k8s, Postgres\n"


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_reparse_all_parses_every_resume_again():
    documents = [
        document_add(candidate=CandidateFactory(), parse=False,
                     upload=ContentFile(RESUME + bytes([65 + n]), name=f"r{n}.txt"))[0]
        for n in range(3)
    ]  # fmt: skip
    output = run("reparse", "--all")
    assert output.strip().endswith("Done: 3 parsed.")
    for document in documents:
        document.refresh_from_db()
        assert document.parse_status == CandidateDocument.ParseStatus.PARSED
        assert document.candidate.skills.filter(name="Kubernetes").exists()


@pytest.mark.django_db
def test_reparse_by_id_and_its_mistakes():
    document, _ = document_add(
        candidate=CandidateFactory(), parse=False, upload=ContentFile(RESUME, name="r.txt")
    )
    assert f"{document.pk}: parsed" in run("reparse", str(document.pk))
    with pytest.raises(CommandError, match="No resume with id 999999"):
        run("reparse", str(document.pk), "999999")
    with pytest.raises(CommandError, match="not both"):
        run("reparse")


@pytest.mark.django_db  # the command reads the skills admins added
def test_parse_resume_prints_the_json_result():
    output = run("parse_resume", str(FIXTURES / "careers" / "resume.pdf"))
    report = json.loads(output)
    assert report["status"] == "parsed" and report["type"] == "PDF"
    assert report["resume"]["basics"]["name"] == "Grace Hopper"
    assert {"name": "PostgreSQL"} in [{"name": s["name"]} for s in report["resume"]["skills"]]


@pytest.mark.django_db
def test_parse_resume_says_why_a_file_cannot_be_parsed():
    with pytest.raises(CommandError, match="not a PDF, DOCX"):
        run("parse_resume", str(FIXTURES / "careers" / "program.exe"))
    with pytest.raises(CommandError, match="Cannot read"):
        run("parse_resume", "/nonexistent/cv.pdf")
    with pytest.raises(CommandError, match="Could not parse"):
        run("parse_resume", str(FIXTURES / "careers" / "truncated.pdf"))
