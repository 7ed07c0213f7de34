"""The UI shell: login, logout, password reset, navigation pages, error pages, time zones."""

import re
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, ActivityFactory, CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db
NAV_PAGES = [
    "/",
    "/ats/jobs/",
    "/candidates/",
    "/crm/prospects/",
    "/crm/pools/",
    "/campaigns/",
    "/ats/reports/",
]


@pytest.mark.parametrize("url", NAV_PAGES)
def test_every_navigation_page_needs_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", NAV_PAGES)
def test_every_navigation_page_renders_with_the_nav(login, recruiter, url):
    response = login(recruiter).get(url)
    assert response.status_code == 200
    for label in (b"Jobs", b"Candidates", b"Prospects", b"Talent pools", b"Campaigns", b"Reports"):
        assert label in response.content


def test_login_with_the_email_in_any_case_and_logout(client, recruiter):
    response = client.post(
        "/accounts/login/", {"username": "RITA.Recruiter@example.com", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302


def test_wrong_password_shows_an_error_and_no_session(client, recruiter):
    response = client.post("/accounts/login/", {"username": recruiter.email, "password": "nope"})
    assert response.status_code == 200
    assert b"Please enter a correct" in response.content
    assert client.get("/").status_code == 302


def test_csrf_is_enforced_on_login():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a@b.org", "password": "x"})
    assert response.status_code == 403


def test_password_reset_emails_a_working_link(client, recruiter):
    client.post("/accounts/password_reset/", {"email": recruiter.email})
    [email] = mail.outbox
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", email.body).group(1)
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-long-passphrase", "new_password2": "a-new-long-passphrase"},
    )
    assert response.status_code == 302
    assert Client().login(username=recruiter.email, password="a-new-long-passphrase")


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(
        "/accounts/password_reset/", {"email": "nobody@example.org"}, follow=True
    )
    assert b"Check your email" in response.content
    assert mail.outbox == []


def test_unknown_page_is_the_styled_404(login, recruiter):
    response = login(recruiter).get("/no-such-page/")
    assert response.status_code == 404
    assert b"We could not find that page" in response.content


def test_server_error_page_is_styled_and_needs_nothing_from_the_request(rf):
    from recruit.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


def test_times_are_shown_in_the_viewers_time_zone(login, recruiter):
    candidate = CandidateFactory()
    ActivityFactory(candidate=candidate, created_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    recruiter.time_zone = "Asia/Tokyo"
    recruiter.save()
    page = login(recruiter).get(f"/candidates/{candidate.pk}/").content.decode()
    assert "Mar 2, 2026 08:30" in page  # 23:30 UTC is 08:30 the next day in Tokyo


def test_job_list_filters_by_status(login, recruiter):
    JobFactory(title="Open role", status="open")
    JobFactory(title="Draft role", status="draft")
    client = login(recruiter)
    page = client.get("/ats/jobs/", {"status": "open"}).content
    assert b"Open role" in page and b"Draft role" not in page
    assert b"Draft role" in client.get("/ats/jobs/", {"status": "bogus"}).content


def test_hiring_manager_dashboard_and_lists_show_nothing_of_others(login, hiring_manager):
    CandidateFactory(email="private@example.org")
    JobFactory(title="Someone else's role")
    client = login(hiring_manager)
    for url in ("/", "/candidates/", "/ats/jobs/"):
        content = client.get(url).content
        assert b"private@example.org" not in content and b"Someone else" not in content


def test_security_headers_are_sent(login, recruiter):
    response = login(recruiter).get("/candidates/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
