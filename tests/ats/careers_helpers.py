"""Shared helpers for the careers site's HTTP tests: the document fixtures (real small files in
tests/fixtures/careers/, written by make_fixtures.py there), applying through the two steps of the
form, and watching what Celery publishes."""

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from celery.signals import before_task_publish
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ats.careers_cache import GENERATION_KEY
from ats.models import CareersSite, Job

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "careers"
PRIVACY_VERSION = "2026-03"
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".rtf": "application/rtf",
    ".txt": "text/plain",
}

# The fields of step 1 (who you are) and step 2 (the application) a person fills in.
PERSON = {
    "first_name": "Grace",
    "last_name": "Hopper",
    "email": "grace.hopper@example.org",
    "phone": "+1 415 555 0100",
    "consent": "on",
}
APPLICATION = {
    "cover_letter": "I would like to build compilers with you.",
    "linkedin_url": "https://www.linkedin.com/in/grace-hopper",
    "portfolio_url": "https://grace.example.org",
    "location": "Arlington",
    "consent": "on",
}


# Documents ------------------------------------------------------------------------------------


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def upload(fixture: str, as_name: str | None = None, content_type: str = "") -> SimpleUploadedFile:
    """A fixture file as a browser would upload it, under the name the person's disk gave it."""
    name = as_name or fixture
    content_type = content_type or CONTENT_TYPES.get(Path(name).suffix, "application/octet-stream")
    return SimpleUploadedFile(name, fixture_bytes(fixture), content_type=content_type)


def stored_files() -> list[Path]:
    """Every file written under MEDIA_ROOT (a fresh tmp dir per test)."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# The cache ---------------------------------------------------------------------------------------


@contextmanager
def own_cache(test_settings) -> Iterator[None]:
    """An empty cache for one test: the careers pages and the rate-limit counters under a key
    prefix of its own. Not cache.clear(): on Redis that is a FLUSHDB, which would empty the
    counters, pages and Celery queues of every test process sharing the server (pytest -n 2)."""
    default = test_settings.CACHES["default"]
    test_settings.CACHES = {"default": {**default, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}}
    try:
        yield
    finally:
        cache.delete(GENERATION_KEY)  # the one careers key kept without a timeout


# The site and applying ---------------------------------------------------------------------


def careers_site_with_version() -> CareersSite:
    site = CareersSite.load()
    site.privacy_notice_version = PRIVACY_VERSION
    site.save()
    return site


def apply_url(job: Job) -> str:
    return f"/careers/{job.slug}/apply/"


def start(client: Client, job: Job, **fields) -> str:
    """Step 1; returns the step-2 address it redirects to."""
    response = client.post(apply_url(job), {**PERSON, **fields})
    assert response.status_code == 302, response.content.decode()[:2000]
    step2 = response["Location"]
    assert step2.startswith(apply_url(job)) and step2 != apply_url(job)
    return step2


def finish(client: Client, step2: str, resume=None, **fields):
    """Step 2 with a resume (the PDF fixture unless given); returns the response."""
    data = {**APPLICATION, **fields, "resume": resume or upload("resume.pdf", "Grace CV.pdf")}
    return client.post(step2, {k: v for k, v in data.items() if v is not None})


def apply(client: Client, job: Job, *, person=None, resume=None, **fields):
    """Both steps; returns step 2's response (a redirect to the thank-you page)."""
    step2 = start(client, job, **(person or {}))
    response = finish(client, step2, resume=resume, **fields)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def thanks_heading(client: Client, response) -> str:
    """The heading of the thank-you page a step-2 response redirected to."""
    location = response["Location"]
    assert "/thanks/" in location, location
    page = client.get(location)
    assert page.status_code == 200
    return re.search(r"<h1>(.*?)</h1>", page.content.decode(), re.S).group(1).strip()


def path_of(url: str) -> str:
    return urlsplit(url).path


def page_text(response) -> str:
    return response.content.decode()


# Celery -----------------------------------------------------------------------------------------


@contextmanager
def published_tasks() -> Iterator[list[tuple[str, tuple]]]:
    """Collect (task name, args) of every task published to the broker meanwhile."""
    published: list[tuple[str, tuple]] = []

    def receiver(sender=None, body=None, **kwargs):
        args = body[0] if isinstance(body, (list, tuple)) and body else ()
        published.append((sender, tuple(args)))

    before_task_publish.connect(receiver, weak=False)
    try:
        yield published
    finally:
        before_task_publish.disconnect(receiver)
