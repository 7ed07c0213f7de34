"""A real Celery worker (prefork, Redis broker) parses resumes: a decompression bomb and a
file that never ends end as "could not parse" with a reason, the worker survives them, and
the next resume in the queue is parsed."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from recruit.candidates.models import CandidateDocument
from recruit.candidates.services import document_add
from recruit.candidates.tasks import parse_document
from tests.factories import CandidateFactory

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "resumes"
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = connection.settings_dict
    host = db["HOST"] or "127.0.0.1"
    user = f"{db['USER']}@" if db["USER"] else ""
    return f"postgres://{user}{host}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def parse_worker(settings):
    """A prefork worker on a queue of its own, on this test's database and media folder, with
    tight parsing limits so the test stays short."""
    queue = f"test-parse-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recruit.settings_test",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PARSE_MEMORY_MB": "256",
        "PARSE_CPU_SECONDS": "5",
        "PARSE_TIMEOUT_SECONDS": "8",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "recruit",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            f"--queues={queue}",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield queue, worker
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()


def _stored(name: str, data: bytes) -> CandidateDocument:
    document, _ = document_add(
        candidate=CandidateFactory(email="", phone=""),
        upload=ContentFile(data, name=name),
        parse=False,
    )
    return document


def _wait_until_parsed(documents, worker, timeout=90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and worker.poll() is None:
        pending = CandidateDocument.objects.filter(
            pk__in=[d.pk for d in documents], parse_status=CandidateDocument.ParseStatus.PENDING
        )
        if not pending.exists():
            return
        time.sleep(0.25)
    if worker.poll() is not None:
        pytest.fail(f"the worker exited:\n{worker.stdout.read()}")
    pytest.fail("the worker did not parse every document in time")


def test_a_worker_survives_hostile_files_and_parses_the_next_resume(parse_worker):
    queue, worker = parse_worker
    bomb = _stored("bomb.pdf", (CORPUS / "bad" / "flate-bomb.pdf").read_bytes())
    zip_bomb = _stored("bomb.docx", (CORPUS / "bad" / "zip-bomb.docx").read_bytes())
    good = _stored("cv.pdf", (CORPUS / "01-software-engineer-single.pdf").read_bytes())

    started = time.monotonic()
    for document in (bomb, zip_bomb, good):
        parse_document.apply_async(args=[document.pk], queue=queue)
    _wait_until_parsed([bomb, zip_bomb, good], worker)

    for hostile in (bomb, zip_bomb):
        hostile.refresh_from_db()
        assert hostile.parse_status == CandidateDocument.ParseStatus.FAILED
        assert hostile.parse_error, "a reason people can read"
        assert hostile.candidate_id  # the person and their file are kept
    good.refresh_from_db()
    assert good.parse_status == CandidateDocument.ParseStatus.PARSED
    assert good.candidate.email  # filled from the resume
    assert worker.poll() is None, "the worker is still running"
    assert time.monotonic() - started < 60
