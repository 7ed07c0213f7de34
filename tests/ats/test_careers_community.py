"""The talent community through HTTP: the form on /careers/ and /careers/community/, who it
creates or updates, the consents and CRM interests it records, and what it refuses."""

import re

import pytest

from ats.models import Application, JobBoard
from crm.models import Prospect
from recruit.candidates.models import Activity, Candidate, Consent
from tests.ats.careers_helpers import (
    PRIVACY_VERSION,
    apply,
    page_text,
)
from tests.factories import CandidateFactory, DepartmentFactory, JobFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site")]
COMMUNITY = "/careers/community/"
JOINED = "You are in our talent community"


@pytest.fixture
def engineering(db):
    return DepartmentFactory(name="Engineering")


@pytest.fixture
def design(db):
    return DepartmentFactory(name="Design")


@pytest.fixture(autouse=True)
def jobs(engineering, design):
    return [
        JobFactory(title="Compiler engineer", department=engineering, location="Berlin, DE"),
        JobFactory(title="Product designer", department=design, location="Lisbon, PT"),
    ]


def join(client, extra=None, **fields):
    """Post the talent community form; `extra` are request headers (REMOTE_ADDR, ...)."""
    data = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org",
            "consent": "on", **fields}  # fmt: skip
    data = {name: value for name, value in data.items() if value is not None}
    return client.post(COMMUNITY, data, **(extra or {}))


def consents_of(candidate) -> list[tuple[str, str]]:
    return sorted(
        Consent.objects.filter(candidate=candidate).values_list("purpose", "wording_version")
    )


def test_the_careers_list_carries_the_form_with_the_open_jobs_teams_and_places(client, engineering):
    text = page_text(client.get("/careers/"))
    form = re.search(r'<form method="post" action="/careers/community/".*?</form>', text, re.S)
    assert form, "no talent community form on /careers/"
    offered = set(re.findall(r'name="(departments|locations)" value="([^"]+)"', form.group(0)))
    assert ("departments", str(engineering.pk)) in offered
    assert {("locations", "Berlin"), ("locations", "DE"), ("locations", "Lisbon")} <= offered


def test_joining_from_the_careers_list_makes_a_prospect_with_interests_and_no_application(
    client, engineering
):
    client.get("/careers/")
    response = join(client, departments=[engineering.pk], locations=["Berlin", "DE"],
                    extra={"HTTP_REFERER": "http://testserver/careers/"})  # fmt: skip
    assert response.status_code == 200
    assert JOINED in page_text(response)
    ada = Candidate.objects.get()
    assert (ada.first_name, ada.last_name, ada.email) == ("Ada", "Lovelace", "ada@example.org")
    assert consents_of(ada) == [
        (Consent.Purpose.MARKETING, PRIVACY_VERSION),
        (Consent.Purpose.TALENT_COMMUNITY, PRIVACY_VERSION),
    ]
    prospect = Prospect.objects.get(candidate=ada)
    assert list(prospect.interest_departments.all()) == [engineering]
    assert prospect.interest_locations == ["Berlin", "Germany"]
    assert prospect.joined_community_at is not None
    assert not Application.objects.exists()
    assert Activity.objects.filter(candidate=ada, verb="talent_community.joined").count() == 1


def test_the_community_page_shows_the_form(client):
    response = client.get(COMMUNITY)
    assert response.status_code == 200
    assert "Join our talent community" in page_text(response)
    assert 'name="consent"' in page_text(response)


def test_joining_again_updates_the_person_and_adds_interests(client, engineering, design):
    known = CandidateFactory(first_name="Ada", last_name="", email="ada@example.org", location="")
    join(client, email="ADA@example.org", departments=[engineering.pk], locations=["Berlin"])
    join(client, email="ada@example.org", last_name="King", departments=[design.pk],
         locations=["Lisbon", "Berlin"])  # fmt: skip
    assert Candidate.objects.count() == 1
    known.refresh_from_db()
    assert (known.first_name, known.last_name) == ("Ada", "Lovelace")  # blank filled, then kept
    prospect = Prospect.objects.get(candidate=known)
    assert set(prospect.interest_departments.all()) == {engineering, design}
    assert prospect.interest_locations == ["Berlin", "Lisbon"]
    # Consents still active are not given twice.
    assert len(consents_of(known)) == 2


def test_joining_without_consent_is_refused_and_nothing_is_stored(client):
    response = join(client, consent=None)
    assert response.status_code == 400
    assert "This field is required." in page_text(response)
    assert not Candidate.objects.exists() and not Prospect.objects.exists()


def test_an_invalid_email_is_refused(client):
    response = join(client, email="ada@")
    assert response.status_code == 400
    assert "Enter a valid email address." in page_text(response)
    assert not Candidate.objects.exists()


def test_a_team_with_no_open_job_is_not_a_choice(client):
    closed_team = DepartmentFactory(name="Legal")
    response = join(client, departments=[closed_team.pk])
    assert response.status_code == 400
    assert "Select a valid choice" in page_text(response)
    assert not Candidate.objects.exists()


def test_a_filled_honeypot_looks_joined_but_stores_nothing(client):
    response = join(client, website="https://spam.example")
    assert response.status_code == 200
    assert JOINED in page_text(response)
    assert not Candidate.objects.exists() and not Consent.objects.exists()


def test_joining_is_rate_limited_per_address(client, settings):
    settings.CAREERS_RATE_LIMIT = "3/h"
    for n in range(3):
        assert join(client, email=f"ada{n}@example.org").status_code == 200
    limited = join(client, email="ada3@example.org")
    assert limited.status_code == 429
    assert "Please try again later" in page_text(limited)
    assert not Candidate.objects.filter(email="ada3@example.org").exists()
    elsewhere = join(client, {"REMOTE_ADDR": "203.0.113.9"}, email="ada4@example.org")
    assert elsewhere.status_code == 200


def test_a_board_link_is_the_new_persons_source(client):
    client.get("/careers/", {"src": "glassdoor"})
    join(client)
    assert Candidate.objects.get().source == JobBoard.objects.get(code="glassdoor").source


def test_the_opt_in_when_applying_joins_the_community_with_the_jobs_team_and_places(
    client, jobs, engineering
):
    apply(client, jobs[0], talent_community="on")
    grace = Candidate.objects.get()
    purposes = {purpose for purpose, _ in consents_of(grace)}
    assert purposes == {"application", "talent_community", "marketing"}
    prospect = Prospect.objects.get(candidate=grace)
    assert list(prospect.interest_departments.all()) == [engineering]
    assert prospect.interest_locations == ["Berlin, Germany"]


def test_applying_without_the_opt_in_does_not_join(client, jobs):
    apply(client, jobs[0])
    grace = Candidate.objects.get()
    assert not Prospect.objects.filter(candidate=grace).exists()
    assert {purpose for purpose, _ in consents_of(grace)} == {"application"}
