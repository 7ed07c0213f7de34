"""Who reaches which ATS page: every role against every page, reading and writing.

Personas: a recruiter and a coordinator (the recruiting team), a hiring manager and an
interviewer on the job, a hiring manager on another job, an outsider with no role, and an
anonymous visitor. What they may not see is a 404 (we never confirm it exists); what they may see
but not change is a 403; anonymous visitors are sent to log in.
"""

import pytest
from django.urls import reverse

from tests.factories import ApplicationFactory, JobFactory, RejectionReasonFactory, UserFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["recruiter", "coordinator", "manager_on_job", "interviewer_on_job",
            "manager_elsewhere", "outsider", "anonymous"]  # fmt: skip
TEAM = {"recruiter", "coordinator"}
ON_JOB = {"manager_on_job", "interviewer_on_job"}


@pytest.fixture
def world(recruiter, coordinator):
    roles = ("Hiring manager", "Interviewer", "Hiring manager")
    manager, interviewer, elsewhere = (UserFactory(roles=[role]) for role in roles)
    job = JobFactory(team=[(manager, "hiring_manager"), (interviewer, "interviewer")])
    JobFactory(team=[(elsewhere, "hiring_manager")])
    application = ApplicationFactory(job=job)
    users = {
        "recruiter": recruiter, "coordinator": coordinator, "manager_on_job": manager,
        "interviewer_on_job": interviewer, "manager_elsewhere": elsewhere,
        "outsider": UserFactory(), "anonymous": None,
    }  # fmt: skip
    return {"job": job, "application": application, "users": users}


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


def expected_read(persona: str) -> int:
    if persona == "anonymous":
        return 302
    return 200 if persona in TEAM | ON_JOB else 404


READ_PAGES = {
    "job detail": lambda w: reverse("ats:job-detail", args=[w["job"].pk]),
    "board": lambda w: reverse("ats:job-board", args=[w["job"].pk]),
    "applications list": lambda w: reverse("ats:job-applications", args=[w["job"].pk]),
    "application page": lambda w: reverse("ats:application-detail", args=[w["application"].pk]),
    "candidate page": lambda w: reverse("candidates:detail", args=[w["application"].candidate_id]),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", READ_PAGES)
def test_reading_pages(client, world, persona, page):
    response = client_for(client, world["users"][persona]).get(READ_PAGES[page](world))
    assert response.status_code == expected_read(persona), (persona, page)
    if response.status_code == 200 and page != "job detail":
        assert world["application"].candidate.last_name in response.content.decode()


@pytest.mark.parametrize("persona", PERSONAS)
def test_moving_an_application(client, world, persona):
    application = world["application"]
    screen = application.job.stages.get(name="Screen")
    url = reverse("ats:application-move", args=[application.pk])
    response = client_for(client, world["users"][persona]).post(
        url, {"stage": screen.pk, "version": application.version}
    )
    allowed = persona in TEAM | {"manager_on_job"}
    expected = {True: (200, 302), False: (403,)}[allowed]
    if persona == "anonymous":
        expected = (302,)
    elif persona not in TEAM | ON_JOB:
        expected = (404,)
    assert response.status_code in expected, (persona, response.status_code)
    application.refresh_from_db()
    assert (application.stage == screen) is allowed


@pytest.mark.parametrize("persona", PERSONAS)
def test_rejecting_an_application(client, world, persona):
    application = world["application"]
    url = reverse("ats:application-reject", args=[application.pk])
    form = {"reject-reason": RejectionReasonFactory().pk, "reject-version": application.version}
    response = client_for(client, world["users"][persona]).post(url, form)
    application.refresh_from_db()
    rejected = application.status == "rejected"
    assert rejected is (persona in TEAM | {"manager_on_job"})
    if persona in ("interviewer_on_job",):
        assert response.status_code == 403
    if persona in ("manager_elsewhere", "outsider"):
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_editing_a_job_is_for_the_recruiting_team(client, world, persona):
    job = world["job"]
    response = client_for(client, world["users"][persona]).post(
        reverse("ats:job-status", args=[job.pk]), {"status": "paused"}
    )
    job.refresh_from_db()
    assert (job.status == "paused") is (persona in TEAM)
    if persona in ON_JOB:
        assert response.status_code == 403
    if persona in ("manager_elsewhere", "outsider"):
        assert response.status_code == 404


@pytest.mark.parametrize("persona", ["manager_on_job", "interviewer_on_job", "manager_elsewhere"])
def test_guessing_another_jobs_candidate_is_404_on_pages_and_api(client, world, persona):
    other = ApplicationFactory(job=JobFactory())
    logged_in = client_for(client, world["users"][persona])
    for url in (
        reverse("candidates:detail", args=[other.candidate_id]),
        reverse("ats:application-detail", args=[other.pk]),
        f"/api/candidates/{other.candidate_id}/",
        f"/api/applications/{other.pk}/",
    ):
        assert logged_in.get(url).status_code == 404, url
