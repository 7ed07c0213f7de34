"""The demo seed: complete, idempotent, with real PDF resumes and a password that works."""

from io import BytesIO, StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from pdfminer.high_level import extract_text

from recruit.accounts.models import User
from recruit.accounts.roles import Role
from recruit.candidates.models import Candidate, CandidateDocument

pytestmark = pytest.mark.django_db

ADMIN_EMAIL = "admin@demo.recruit.local"


@pytest.fixture(autouse=True)
def _var_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_second_run_changes_no_row_count_of_any_model():
    seed()
    first = row_counts()
    seed()
    assert row_counts() == first
    assert first["ats.Job"] >= 8
    assert first["candidates.Candidate"] >= 60


def test_every_candidate_has_one_pdf_resume_with_their_name_in_it():
    seed()
    candidates = Candidate.objects.prefetch_related("documents")
    assert len(candidates) >= 60
    for candidate in candidates:
        documents = list(candidate.documents.all())
        assert [d.kind for d in documents] == [CandidateDocument.Kind.RESUME], candidate
        document = documents[0]
        assert document.content_type == "application/pdf"
        with document.file.open("rb") as stored:
            content = stored.read()
        assert content.startswith(b"%PDF-")
        assert candidate.last_name in extract_text(BytesIO(content))


def test_printed_password_is_the_saved_one_and_logs_the_admin_in(settings):
    output = seed()
    password = (settings.VAR_DIR / "demo-password").read_text().strip()
    assert password in output
    assert ADMIN_EMAIL in output
    assert Client().login(username=ADMIN_EMAIL, password=password)
    # Printed again on later runs, which read the same file.
    assert password in seed()


def test_existing_password_file_is_used_for_the_demo_users(settings):
    settings.VAR_DIR.mkdir(parents=True)
    (settings.VAR_DIR / "demo-password").write_text("let-me-in-please\n")
    assert "let-me-in-please" in seed()
    assert Client().login(username="rita.alvarez@demo.recruit.local", password="let-me-in-please")


def test_demo_team_has_the_right_roles():
    seed()
    demo_users = User.objects.filter(email__endswith="@demo.recruit.local")
    expected = {
        Role.RECRUITER: 3,
        Role.COORDINATOR: 1,
        Role.HIRING_MANAGER: 3,
        Role.INTERVIEWER: 3,
    }
    for role, count in expected.items():
        members = demo_users.filter(groups__name=role)
        assert members.count() == count, role
        assert all(user.full_name and user.time_zone for user in members)
    admin = User.objects.get(email=ADMIN_EMAIL)
    assert admin.is_superuser and admin.is_staff
    assert len({user.time_zone for user in demo_users}) > 1


def test_lost_password_file_gets_a_new_password_that_works(settings):
    seed()
    (settings.VAR_DIR / "demo-password").unlink()
    output = seed()
    password = (settings.VAR_DIR / "demo-password").read_text().strip()
    assert password in output
    assert Client().login(username=ADMIN_EMAIL, password=password)
