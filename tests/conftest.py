"""Personas shared by the whole suite: a recruiter, a coordinator, a hiring manager, an
interviewer, an admin and an outsider with no role."""

import pytest

from ats import careers_cache
from recruit.accounts.roles import Role
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_careers_pages():
    """Cached careers pages outlive a test's rolled-back rows: each test starts a new
    generation, so it never sees a page another test built."""
    careers_cache.bump_generation()


@pytest.fixture
def recruiter(db):
    return UserFactory(
        email="rita.recruiter@example.com", full_name="Rita Recruiter", roles=[Role.RECRUITER]
    )


@pytest.fixture
def coordinator(db):
    return UserFactory(email="cody.coordinator@example.com", roles=[Role.COORDINATOR])


@pytest.fixture
def hiring_manager(db):
    return UserFactory(email="hana.manager@example.com", roles=[Role.HIRING_MANAGER])


@pytest.fixture
def interviewer(db):
    return UserFactory(email="ivan.interviewer@example.com", roles=[Role.INTERVIEWER])


@pytest.fixture
def outsider(db):
    return UserFactory(email="olga.outsider@example.com")


@pytest.fixture
def admin_user(db):
    return UserFactory(email="ada.admin@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def login(client):
    """Log `user` in on Django's test client through the real login form."""

    def _login(user):
        response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.content[:500]
        return client

    return _login
