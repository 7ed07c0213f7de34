"""The ATS API: who may do what (a role by endpoint matrix), 404 for what is hidden, 409 on a stale
version, clear 400s that change nothing, blind review, filters, constant query counts, the
OpenAPI schema and the documentation page under the strict CSP."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.utils import timezone
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from ats.models import Application, Job, JobStatusChange, StageChange, StageKind
from ats.selectors import is_blind_for
from recruit.accounts.roles import Role
from recruit.candidates.models import Note
from recruit.messaging.models import OutboundEmail
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    DepartmentFactory,
    EmailTemplateFactory,
    JobFactory,
    NoteFactory,
    RejectionReasonFactory,
    SkillFactory,
    SourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "recruiter",
    "coordinator",
    "manager",
    "other_manager",
    "interviewer",
    "outsider",
    "anonymous",
]
SEES = {"recruiter", "coordinator", "manager", "interviewer"}  # the job's applications
ACTS = {"recruiter", "coordinator", "manager"}  # moves, rejects, hires them
CREATES = {"recruiter", "coordinator"}  # applies candidates to jobs
REFUSED_ANONYMOUS = (401, 403)


def api_for(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(
            HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}"
        )
    return client


def stage_of(job, kind: str):
    return job.stages.filter(kind=kind).order_by("position").first()


@pytest.fixture
def other_manager(db):
    return UserFactory(email="omar.manager@example.com", roles=[Role.HIRING_MANAGER])


@pytest.fixture
def job(hiring_manager, interviewer):
    return JobFactory(
        title="Data engineer",
        team=[(hiring_manager, "hiring_manager"), (interviewer, "interviewer")],
    )


@pytest.fixture
def other_job(other_manager):
    return JobFactory(title="Designer", team=[(other_manager, "hiring_manager")])


@pytest.fixture
def application(job):
    candidate = CandidateFactory(
        first_name="Grace", last_name="Hopper", email="grace@example.org", phone="+14155550100"
    )
    return ApplicationFactory(candidate=candidate, job=job)


@pytest.fixture
def reason():
    return RejectionReasonFactory(name="Missing required skills")


@pytest.fixture
def persona(request):
    """The user named by the test's `who` parameter (None for anonymous)."""

    def _persona(who: str):
        if who == "anonymous":
            return None
        if who == "other_manager":
            request.getfixturevalue("other_job")  # a hiring manager, of another job
        return request.getfixturevalue({"manager": "hiring_manager"}.get(who, who))

    return _persona


def snapshot(application) -> tuple:
    application = Application.objects.get(pk=application.pk)
    return (application.version, application.stage_id, application.status,
            StageChange.objects.filter(application=application).count())  # fmt: skip


# The role by endpoint matrix.


@pytest.mark.parametrize("who", PERSONAS)
def test_listing_applications_shows_only_the_jobs_you_are_on(persona, who, application):
    response = api_for(persona(who)).get("/api/applications/")
    if who == "anonymous":
        assert response.status_code in REFUSED_ANONYMOUS
        return
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert ids == ([application.pk] if who in SEES else [])


@pytest.mark.parametrize("who", PERSONAS)
def test_retrieving_an_application_is_404_unless_you_may_see_it(persona, who, application):
    response = api_for(persona(who)).get(f"/api/applications/{application.pk}/")
    if who == "anonymous":
        assert response.status_code in REFUSED_ANONYMOUS
    elif who in SEES:
        assert response.status_code == 200
        assert response.json()["candidate"]["last_name"] == "Hopper"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", PERSONAS)
def test_only_the_recruiting_team_applies_candidates_to_jobs(persona, who, job):
    candidate = CandidateFactory()
    response = api_for(persona(who)).post(
        "/api/applications/", {"candidate": candidate.pk, "job": job.pk}, format="json"
    )
    if who == "anonymous":
        assert response.status_code in REFUSED_ANONYMOUS
    else:
        assert response.status_code == (201 if who in CREATES else 403)
    assert Application.objects.filter(candidate=candidate).exists() == (who in CREATES)


@pytest.mark.parametrize("who", PERSONAS)
@pytest.mark.parametrize("verb", ["move", "reject", "hire"])
def test_acting_on_an_application_by_role(persona, who, verb, application, reason):
    bodies = {
        "move": {"stage": stage_of(application.job, StageKind.SCREEN).pk},
        "reject": {"reason": reason.pk},
        "hire": {},
    }
    before = snapshot(application)
    response = api_for(persona(who)).post(
        f"/api/applications/{application.pk}/{verb}/", bodies[verb], format="json"
    )
    if who == "anonymous":
        assert response.status_code in REFUSED_ANONYMOUS
    elif who in ACTS:
        assert response.status_code == 200, response.json()
        expected_status = {"move": "active", "reject": "rejected", "hire": "hired"}[verb]
        assert response.json()["status"] == expected_status
        assert response.json()["version"] == before[0] + 1
        return
    else:
        # Seen but not allowed (an interviewer) is 403; not even seen is 404.
        assert response.status_code == (403 if who in SEES else 404)
    assert snapshot(application) == before


# Hidden things stay hidden.


def test_a_hiring_manager_guessing_another_jobs_ids_gets_404_everywhere(
    other_manager, application, reason
):
    client = api_for(other_manager)
    candidate_id, job_id = application.candidate_id, application.job_id
    before = snapshot(application)
    for url in (
        f"/api/applications/{application.pk}/",
        f"/api/candidates/{candidate_id}/",
        f"/api/candidates/{candidate_id}/notes/",
        f"/api/jobs/{job_id}/",
        f"/api/jobs/{job_id}/stages/",
    ):
        assert client.get(url).status_code == 404, url
    for url, body in (
        (f"/api/applications/{application.pk}/reject/", {"reason": reason.pk}),
        (f"/api/applications/{application.pk}/withdraw/", {}),
        (f"/api/candidates/{candidate_id}/notes/", {"body": "Who is this?"}),
        (f"/api/jobs/{job_id}/status/", {"status": "paused"}),
    ):
        assert client.post(url, body, format="json").status_code == 404, url
    assert snapshot(application) == before
    assert not Note.objects.exists()


def test_a_huge_or_unknown_id_is_a_plain_404(recruiter):
    client = api_for(recruiter)
    assert client.get("/api/applications/424242/").status_code == 404
    assert client.get("/api/applications/99999999999999999999/").status_code == 404


def test_an_unknown_candidate_is_a_400_naming_the_field(recruiter, job):
    response = api_for(recruiter).post(
        "/api/applications/", {"candidate": 987654, "job": job.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"candidate": ['Invalid pk "987654" - object does not exist.']}
    assert not Application.objects.exists()


# Moves, conflicts and bad input.


def test_move_writes_history_and_answers_with_the_new_version(hiring_manager, application):
    interview = stage_of(application.job, StageKind.INTERVIEW)
    response = api_for(hiring_manager).post(
        f"/api/applications/{application.pk}/move/",
        {"stage": interview.pk, "expected_version": application.version, "note": "Strong CV"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["stage"] == {
        "id": interview.pk, "name": interview.name, "kind": "interview",
        "position": interview.position,
    }  # fmt: skip
    assert body["version"] == application.version + 1
    change = StageChange.objects.get(application=application, to_stage=interview)
    assert change.actor == hiring_manager and change.note == "Strong CV"


def test_a_stale_version_is_a_409_with_the_current_state_and_nothing_changes(
    recruiter, application
):
    screen = stage_of(application.job, StageKind.SCREEN)
    interview = stage_of(application.job, StageKind.INTERVIEW)
    client = api_for(recruiter)
    seen = application.version
    assert client.post(f"/api/applications/{application.pk}/move/",
                       {"stage": screen.pk, "expected_version": seen}, format="json"
                       ).status_code == 200  # fmt: skip
    before = snapshot(application)
    response = client.post(
        f"/api/applications/{application.pk}/move/",
        {"stage": interview.pk, "expected_version": seen},
        format="json",
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["version"] == seen + 1 and body["stage"] == screen.pk and body["status"] == "active"
    assert "changed by someone else" in body["detail"] and "Screen" in body["detail"]
    assert snapshot(application) == before


@pytest.mark.parametrize("verb", ["reject", "hire", "withdraw"])
def test_every_write_refuses_a_stale_version(recruiter, application, reason, verb):
    body = {"expected_version": application.version + 5}
    if verb == "reject":
        body["reason"] = reason.pk
    before = snapshot(application)
    response = api_for(recruiter).post(
        f"/api/applications/{application.pk}/{verb}/", body, format="json"
    )
    assert response.status_code == 409
    assert snapshot(application) == before


def test_a_conflict_under_blind_review_does_not_name_the_candidate(hiring_manager, application):
    Job.objects.filter(pk=application.job_id).update(blind_review=True)
    response = api_for(hiring_manager).post(
        f"/api/applications/{application.pk}/move/",
        {"stage": stage_of(application.job, StageKind.SCREEN).pk, "expected_version": 99},
        format="json",
    )
    assert response.status_code == 409
    assert b"Hopper" not in response.content and b"Grace" not in response.content


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"stage": "abc"}, "stage", "A stage is given by its id (a number), not str."),
        ({"stage": 987654}, "stage", "Stage 987654 is not a stage of this application's job."),
        ({}, "stage", "This field is required."),
        ({"stage": None}, "stage", "This field may not be null."),
        ({"stage": "SCREEN", "expected_version": "x"}, "expected_version",
         "A valid integer is required."),
        ({"stage": "SCREEN", "expected_version": 0}, "expected_version",
         "Ensure this value is greater than or equal to 1."),
    ],
)  # fmt: skip
def test_bad_moves_are_400_with_a_clear_message_and_change_nothing(
    recruiter, application, body, field, message
):
    if body.get("stage") == "SCREEN":
        body = {**body, "stage": stage_of(application.job, StageKind.SCREEN).pk}
    before = snapshot(application)
    response = api_for(recruiter).post(
        f"/api/applications/{application.pk}/move/", body, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {field: [message]}
    assert snapshot(application) == before


def test_moving_to_another_jobs_stage_is_400_and_does_not_reveal_it(
    recruiter, application, other_job
):
    foreign = stage_of(other_job, StageKind.INTERVIEW)
    before = snapshot(application)
    response = api_for(recruiter).post(
        f"/api/applications/{application.pk}/move/", {"stage": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "stage": [f"Stage {foreign.pk} is not a stage of this application's job."]
    }
    assert snapshot(application) == before


def test_a_body_that_is_not_json_is_a_400(recruiter, application):
    response = api_for(recruiter).post(
        f"/api/applications/{application.pk}/move/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_moving_a_rejected_application_is_a_400_from_the_service(recruiter, application, reason):
    client = api_for(recruiter)
    client.post(f"/api/applications/{application.pk}/reject/", {"reason": reason.pk})
    before = snapshot(application)
    response = client.post(
        f"/api/applications/{application.pk}/move/",
        {"stage": stage_of(application.job, StageKind.SCREEN).pk},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This application is rejected; reopen it first."]
    }
    assert snapshot(application) == before


# Reject, hire, withdraw, reopen.


def test_reject_needs_a_reason_and_says_so(recruiter, application):
    before = snapshot(application)
    response = api_for(recruiter).post(
        f"/api/applications/{application.pk}/reject/", {"note": "No"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"reason": ["Give a rejection reason (its id)."]}
    assert snapshot(application) == before


def test_reject_refuses_a_reason_no_longer_in_use(recruiter, application):
    retired = RejectionReasonFactory(name="Retired reason", active=False)
    response = api_for(recruiter).post(
        f"/api/applications/{application.pk}/reject/", {"reason": retired.pk}, format="json"
    )
    assert response.status_code == 400
    assert "no longer a rejection reason in use" in response.json()["non_field_errors"][0]
    assert Application.objects.get(pk=application.pk).status == "active"


def test_reject_with_a_delayed_email_and_keep_in_touch(recruiter, application, reason):
    template = EmailTemplateFactory()
    response = api_for(recruiter).post(
        f"/api/applications/{application.pk}/reject/",
        {
            "reason": reason.pk,
            "note": "Good, not now",
            "keep_in_touch": True,
            "email_template": template.pk,
            "email_delay_minutes": 30,
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "rejected" and body["keep_in_touch"] is True
    assert body["rejection_reason"] == {"id": reason.pk, "name": reason.name}
    assert body["rejection_note"] == "Good, not now"
    email = OutboundEmail.objects.get()
    assert email.status == OutboundEmail.Status.SCHEDULED
    assert email.to_email == "grace@example.org"
    due_in = email.send_after - timezone.now()
    assert timedelta(minutes=29) < due_in <= timedelta(minutes=30)


def test_reject_with_bad_email_options_is_400(recruiter, application, reason):
    response = api_for(recruiter).post(
        f"/api/applications/{application.pk}/reject/",
        {"reason": reason.pk, "email_template": 987654, "email_delay_minutes": -5},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"email_template", "email_delay_minutes"}
    assert not OutboundEmail.objects.exists()


def test_hire_moves_to_the_hired_stage(hiring_manager, application):
    response = api_for(hiring_manager).post(f"/api/applications/{application.pk}/hire/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "hired" and body["stage"]["kind"] == "hired"
    assert body["hired_at"]


def test_withdraw_then_reopen(recruiter, application):
    client = api_for(recruiter)
    response = client.post(
        f"/api/applications/{application.pk}/withdraw/", {"note": "Took another offer"}
    )
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    version = response.json()["version"]
    response = client.post(
        f"/api/applications/{application.pk}/reopen/", {"expected_version": version}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "active" and response.json()["withdrawn_at"] is None
    again = client.post(f"/api/applications/{application.pk}/reopen/")
    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": ["Only a rejected or withdrawn application can be reopened."]
    }


def test_an_interviewer_can_neither_withdraw_nor_reopen(interviewer, application):
    client = api_for(interviewer)
    assert client.post(f"/api/applications/{application.pk}/withdraw/").status_code == 403
    assert client.post(f"/api/applications/{application.pk}/reopen/").status_code == 403


# Creating applications: idempotent.


def test_applying_twice_returns_the_existing_application_never_a_duplicate(recruiter, job):
    candidate = CandidateFactory()
    source = SourceFactory(kind="referral", name="Referral")
    client = api_for(recruiter)
    body = {"candidate": candidate.pk, "job": job.pk, "source": source.pk,
            "answers": {"notice": "1 month"}}  # fmt: skip
    first = client.post("/api/applications/", body, format="json")
    assert first.status_code == 201
    created = first.json()
    assert created["stage"]["kind"] == "applied"
    assert created["source"] == {"id": source.pk, "kind": "referral", "name": "Referral"}
    assert created["answers"] == {"notice": "1 month"}
    second = client.post("/api/applications/", {**body, "answers": {}}, format="json")
    assert second.status_code == 200
    assert second.json()["id"] == created["id"]
    assert second.json()["answers"] == {"notice": "1 month"}  # untouched
    assert Application.objects.filter(candidate=candidate, job=job).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"job": "JOB"}, "candidate"),
        ({"candidate": "x", "job": "JOB"}, "candidate"),
        ({"candidate": "CANDIDATE"}, "job"),
        ({"candidate": "CANDIDATE", "job": "JOB", "answers": ["not", "a", "dict"]}, "answers"),
        ({"candidate": "CANDIDATE", "job": "JOB", "source": 987654}, "source"),
    ],
)
def test_bad_applications_are_400_and_create_nothing(recruiter, job, body, field):
    candidate = CandidateFactory()
    ids = {"JOB": job.pk, "CANDIDATE": candidate.pk}
    body = {key: ids.get(value, value) if isinstance(value, str) else value
            for key, value in body.items()}  # fmt: skip
    response = api_for(recruiter).post("/api/applications/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Application.objects.exists()


def test_a_job_template_takes_no_applications(recruiter):
    template = JobFactory(is_template=True)
    response = api_for(recruiter).post(
        "/api/applications/", {"candidate": CandidateFactory().pk, "job": template.pk}
    )
    assert response.status_code == 400
    assert "does not exist" in response.json()["job"][0]
    assert not Application.objects.exists()


# Blind review.


@pytest.fixture
def blind_application(job):
    Job.objects.filter(pk=job.pk).update(blind_review=True)
    job.refresh_from_db()
    candidate = CandidateFactory(
        first_name="Ada", last_name="Lovelace", email="ada@example.org", phone="+14155550199",
        linkedin_url="https://www.linkedin.com/in/ada",
    )  # fmt: skip
    return ApplicationFactory(candidate=candidate, job=job)


IDENTITY = [b"Ada", b"Lovelace", b"ada@example.org", b"+14155550199", b"linkedin.com/in/ada"]


def test_blind_review_shows_reviewers_only_an_alias(hiring_manager, blind_application):
    client = api_for(hiring_manager)
    for url in ("/api/applications/", f"/api/applications/{blind_application.pk}/"):
        response = client.get(url)
        assert response.status_code == 200
        for secret in IDENTITY:
            assert secret not in response.content, (url, secret)
    candidate = client.get(f"/api/applications/{blind_application.pk}/").json()["candidate"]
    assert candidate == {"display_name": f"Candidate #{blind_application.pk}", "blind": True}


def test_blind_review_does_not_hide_anyone_from_the_recruiting_team(recruiter, blind_application):
    candidate = (
        api_for(recruiter).get(f"/api/applications/{blind_application.pk}/").json()["candidate"]
    )
    assert candidate["blind"] is False and candidate["email"] == "ada@example.org"


def test_blind_candidates_are_not_reachable_through_the_candidate_endpoint(
    hiring_manager, blind_application
):
    client = api_for(hiring_manager)
    candidate_id = blind_application.candidate_id
    assert client.get("/api/candidates/").json()["count"] == 0
    assert client.get("/api/candidates/", {"q": "Lovelace"}).json()["count"] == 0
    assert client.get(f"/api/candidates/{candidate_id}/").status_code == 404
    assert client.get(f"/api/candidates/{candidate_id}/notes/").status_code == 404


def test_the_identity_shows_once_the_application_reaches_an_interview(
    recruiter, hiring_manager, blind_application
):
    interview = stage_of(blind_application.job, StageKind.INTERVIEW)
    api_for(recruiter).post(
        f"/api/applications/{blind_application.pk}/move/", {"stage": interview.pk}
    )
    client = api_for(hiring_manager)
    candidate = client.get(f"/api/applications/{blind_application.pk}/").json()["candidate"]
    assert candidate["blind"] is False and candidate["last_name"] == "Lovelace"
    assert client.get(f"/api/candidates/{blind_application.candidate_id}/").status_code == 200


@pytest.mark.parametrize("kind", StageKind.values)
def test_the_candidate_endpoint_follows_is_blind_for_in_every_stage(
    hiring_manager, blind_application, kind
):
    stage = stage_of(blind_application.job, kind)
    Application.objects.filter(pk=blind_application.pk).update(stage=stage)
    blind = is_blind_for(user=hiring_manager, job=blind_application.job, stage=stage)
    client = api_for(hiring_manager)
    response = client.get(f"/api/candidates/{blind_application.candidate_id}/")
    assert response.status_code == (404 if blind else 200)
    nested = client.get(f"/api/applications/{blind_application.pk}/").json()["candidate"]
    assert nested["blind"] is blind


# Filters.


def test_application_filters(recruiter, job, other_job):
    referral = SourceFactory(kind="referral", name="Referral")
    now = timezone.now()
    old = ApplicationFactory(job=job, match_score=90, applied_at=now - timedelta(days=40))
    referred = ApplicationFactory(job=job, source=referral, match_score=40, applied_at=now)
    elsewhere = ApplicationFactory(job=other_job, match_score=70, applied_at=now)
    screen = stage_of(job, StageKind.SCREEN)
    Application.objects.filter(pk=referred.pk).update(stage=screen, status="rejected")
    client = api_for(recruiter)

    def ids(**params):
        response = client.get("/api/applications/", params)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {old.pk, referred.pk, elsewhere.pk}
    assert ids(job=job.pk) == {old.pk, referred.pk}
    assert ids(stage=screen.pk) == {referred.pk}
    assert ids(status="rejected") == {referred.pk}
    assert ids(source=referral.pk) == {referred.pk}
    assert ids(min_score=70) == {old.pk, elsewhere.pk}
    since = (now - timedelta(days=1)).date().isoformat()
    assert ids(applied_after=since) == {referred.pk, elsewhere.pk}
    assert ids(applied_before=since) == {old.pk}
    assert ids(job=job.pk, min_score=50) == {old.pk}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "sleeping"}, "status"),
        ({"job": "abc"}, "job"),
        ({"min_score": "lots"}, "min_score"),
        ({"applied_after": "last tuesday"}, "applied_after"),
    ],
)
def test_bad_filters_are_a_400_naming_the_filter(recruiter, params, field):
    response = api_for(recruiter).get("/api/applications/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_filtering_by_a_job_you_cannot_see_finds_nothing(hiring_manager, job, other_job):
    ApplicationFactory(job=other_job)
    response = api_for(hiring_manager).get("/api/applications/", {"job": other_job.pk})
    assert response.json()["count"] == 0


# Jobs and stages.


def test_job_list_is_scoped_and_filtered(recruiter, hiring_manager, job, other_job):
    sales = DepartmentFactory(name="Sales")
    paused = JobFactory(title="Account executive", department=sales, status=Job.Status.PAUSED)
    JobFactory(title="A template", is_template=True)

    def titles(user, **params):
        response = api_for(user).get("/api/jobs/", params)
        assert response.status_code == 200
        return {row["title"] for row in response.json()["results"]}

    assert titles(recruiter) == {job.title, other_job.title, paused.title}
    assert titles(recruiter, status="paused") == {paused.title}
    assert titles(recruiter, department=sales.pk) == {paused.title}
    assert titles(hiring_manager) == {job.title}
    assert api_for(recruiter).get("/api/jobs/", {"status": "nope"}).status_code == 400


def test_the_recruiting_team_creates_a_job_with_its_own_pipeline(recruiter, hiring_manager):
    body = {"title": "Site reliability engineer", "location": "Berlin, DE",
            "remote_policy": "hybrid", "salary_min": "60000", "salary_max": "80000",
            "salary_currency": "EUR"}  # fmt: skip
    assert api_for(hiring_manager).post("/api/jobs/", body, format="json").status_code == 403
    response = api_for(recruiter).post("/api/jobs/", body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "draft" and created["slug"] == "site-reliability-engineer"
    job = Job.objects.get(pk=created["id"])
    assert [s.kind for s in job.stages.order_by("position")] == [
        "applied", "screen", "interview", "interview", "offer", "hired"
    ]  # fmt: skip
    assert JobStatusChange.objects.filter(job=job, to_status="draft").exists()


def test_job_updates_go_through_the_service_and_report_model_errors(recruiter, job):
    client = api_for(recruiter)
    response = client.patch(f"/api/jobs/{job.pk}/", {"location": "Lisbon, PT"}, format="json")
    assert response.status_code == 200 and response.json()["location"] == "Lisbon, PT"
    response = client.patch(
        f"/api/jobs/{job.pk}/", {"salary_min": "90000", "salary_max": "50000"}, format="json"
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    job.refresh_from_db()
    assert job.salary_min is None and job.location == "Lisbon, PT"
    response = client.patch(f"/api/jobs/{job.pk}/", {"openings": "many"}, format="json")
    assert response.status_code == 400 and "openings" in response.json()
    assert client.put(f"/api/jobs/{job.pk}/", {"title": "X"}).status_code == 405
    assert client.delete(f"/api/jobs/{job.pk}/").status_code == 405


def test_a_hiring_manager_reads_but_does_not_edit_their_job(hiring_manager, job):
    client = api_for(hiring_manager)
    assert client.get(f"/api/jobs/{job.pk}/").status_code == 200
    assert client.patch(f"/api/jobs/{job.pk}/", {"title": "Mine now"}).status_code == 403
    assert client.post(f"/api/jobs/{job.pk}/status/", {"status": "paused"}).status_code == 403
    job.refresh_from_db()
    assert job.title == "Data engineer" and job.status == Job.Status.OPEN


def test_job_status_workflow(recruiter, job):
    client = api_for(recruiter)
    response = client.post(f"/api/jobs/{job.pk}/status/", {"status": "paused"})
    assert response.status_code == 200 and response.json()["status"] == "paused"
    response = client.post(f"/api/jobs/{job.pk}/status/", {"status": "closed"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["Say why the job closes: filled or cancelled."]}
    response = client.post(f"/api/jobs/{job.pk}/status/", {"status": "draft"})
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["A paused job cannot become draft."]}
    response = client.post(f"/api/jobs/{job.pk}/status/", {"status": "closed", "reason": "filled"})
    assert response.status_code == 200
    assert response.json()["status"] == "closed" and response.json()["closed_reason"] == "filled"
    assert client.post(f"/api/jobs/{job.pk}/status/", {"status": "gone"}).status_code == 400


def test_stages_in_order_and_reordered(recruiter, interviewer, job):
    stages = list(job.stages.order_by("position"))
    response = api_for(interviewer).get(f"/api/jobs/{job.pk}/stages/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == [s.pk for s in stages]
    new_order = [stages[0].pk, stages[2].pk, stages[1].pk, *[s.pk for s in stages[3:]]]
    url = f"/api/jobs/{job.pk}/stages/reorder/"
    assert api_for(interviewer).post(url, {"stages": new_order}, format="json").status_code == 403
    response = api_for(recruiter).post(url, {"stages": new_order[:2]}, format="json")
    assert response.status_code == 400
    assert "exactly once" in response.json()["non_field_errors"][0]
    response = api_for(recruiter).post(url, {"stages": new_order}, format="json")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()] == new_order
    assert list(job.stages.order_by("position").values_list("pk", flat=True)) == new_order


def test_rejection_reasons_are_listed_for_anyone_signed_in(interviewer):
    RejectionReasonFactory(name="Retired", active=False)
    response = api_for(interviewer).get("/api/rejection-reasons/")
    names = [row["name"] for row in response.json()["results"]]
    assert "Missing required skills" in names and "Retired" not in names
    assert APIClient().get("/api/rejection-reasons/").status_code in REFUSED_ANONYMOUS


# Notes.


def test_notes_private_ones_for_the_recruiting_team_only(recruiter, hiring_manager, application):
    candidate = application.candidate
    NoteFactory(candidate=candidate, author=recruiter, body="Public note")
    NoteFactory(candidate=candidate, author=recruiter, body="Salary talk", is_private=True)
    url = f"/api/candidates/{candidate.pk}/notes/"
    recruiter_sees = [n["body"] for n in api_for(recruiter).get(url).json()["results"]]
    manager_sees = [n["body"] for n in api_for(hiring_manager).get(url).json()["results"]]
    assert sorted(recruiter_sees) == ["Public note", "Salary talk"]
    assert manager_sees == ["Public note"]


def test_adding_notes_through_note_add(recruiter, hiring_manager, interviewer, application):
    url = f"/api/candidates/{application.candidate_id}/notes/"
    response = api_for(hiring_manager).post(url, {"body": "Great portfolio"}, format="json")
    assert response.status_code == 201
    assert response.json()["body"] == "Great portfolio"
    assert response.json()["is_private"] is False
    refused = api_for(interviewer).post(url, {"body": "Psst", "is_private": True}, format="json")
    assert refused.status_code == 400
    assert refused.json() == {
        "non_field_errors": ["Only the recruiting team can write private notes."]
    }
    assert api_for(recruiter).post(url, {"body": "   "}, format="json").status_code == 400
    response = api_for(recruiter).post(url, {"body": "Offer range ok", "is_private": True})
    assert response.status_code == 201 and response.json()["is_private"] is True
    assert list(Note.objects.values_list("body", flat=True).order_by("id")) == [
        "Great portfolio",
        "Offer range ok",
    ]


# Authentication.


def test_token_authentication(recruiter, application):
    assert api_for(recruiter).get("/api/applications/").json()["count"] == 1
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get("/api/applications/")
    assert response.status_code in REFUSED_ANONYMOUS
    assert response.json() == {"detail": "Invalid token."}


def test_session_authentication_needs_csrf_for_writes(login, recruiter, application, reason):
    session = login(recruiter)
    assert session.get("/api/applications/").json()["count"] == 1
    strict = APIClient(enforce_csrf_checks=True)
    strict.cookies = session.cookies
    response = strict.post(f"/api/applications/{application.pk}/reject/", {"reason": reason.pk})
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert Application.objects.get(pk=application.pk).status == "active"


# Constant query counts.


def _assert_constant_queries(django_assert_max_num_queries, client, url, grow):
    grow(3)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    grow(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.json()["count"] >= 30


@pytest.mark.parametrize("who", ["recruiter", "hiring_manager"])
def test_application_list_runs_a_constant_number_of_queries(
    request, django_assert_max_num_queries, job, who
):
    source = SourceFactory(kind="referral", name="Referral")
    reason = RejectionReasonFactory()
    Job.objects.filter(pk=job.pk).update(blind_review=True)

    def grow(n):
        for i in range(n):
            extra = {"rejection_reason": reason, "status": "rejected"} if i % 2 else {}
            ApplicationFactory(job=job, source=source, **extra)

    client = api_for(request.getfixturevalue(who))
    _assert_constant_queries(django_assert_max_num_queries, client, "/api/applications/", grow)


def test_job_list_runs_a_constant_number_of_queries(recruiter, django_assert_max_num_queries):
    def grow(n):
        for _ in range(n):
            job = JobFactory()
            job.required_skills.set([SkillFactory()])
            job.preferred_skills.set([SkillFactory()])

    client = api_for(recruiter)
    _assert_constant_queries(django_assert_max_num_queries, client, "/api/jobs/", grow)


def test_candidate_list_for_a_hiring_manager_runs_a_constant_number_of_queries(
    hiring_manager, job, django_assert_max_num_queries
):
    def grow(n):
        ApplicationFactory.create_batch(n, job=job)

    client = api_for(hiring_manager)
    _assert_constant_queries(django_assert_max_num_queries, client, "/api/candidates/", grow)


def test_note_list_runs_a_constant_number_of_queries(
    recruiter, application, django_assert_max_num_queries
):
    def grow(n):
        NoteFactory.create_batch(n, candidate=application.candidate)

    client = api_for(recruiter)
    url = f"/api/candidates/{application.candidate_id}/notes/"
    _assert_constant_queries(django_assert_max_num_queries, client, url, grow)


# The schema and the documentation page.


def test_the_schema_lists_the_endpoints_and_needs_a_login(recruiter):
    assert APIClient().get("/api/schema/").status_code in REFUSED_ANONYMOUS
    response = api_for(recruiter).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/jobs/", "/api/jobs/{id}/", "/api/jobs/{id}/status/", "/api/jobs/{id}/stages/",
        "/api/jobs/{id}/stages/reorder/", "/api/applications/", "/api/applications/{id}/",
        "/api/applications/{id}/move/", "/api/applications/{id}/reject/",
        "/api/applications/{id}/hire/", "/api/applications/{id}/withdraw/",
        "/api/applications/{id}/reopen/", "/api/candidates/", "/api/candidates/{id}/notes/",
        "/api/rejection-reasons/",
    ):  # fmt: skip
        assert path in paths, path
    filters = {p["name"] for p in paths["/api/applications/"]["get"]["parameters"]}
    assert {"job", "stage", "status", "source", "min_score", "applied_after",
            "applied_before"} <= filters  # fmt: skip
    assert "409" in paths["/api/applications/{id}/move/"]["post"]["responses"]


def test_the_schema_generates_and_validates_without_warnings(tmp_path):
    GENERATOR_STATS.reset()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml")
    )
    assert "/api/applications/{id}/move/" in (tmp_path / "schema.yml").read_text()


DOCS_ASSETS = [
    "/static/vendor/swagger-ui/swagger-ui-bundle.js",
    "/static/vendor/swagger-ui/swagger-ui.css",
    "/static/js/api-docs.js",
]


def test_the_docs_page_needs_a_login(client):
    response = client.get("/api/docs/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_docs_page_renders_with_local_assets_under_the_strict_csp(login, recruiter):
    client = login(recruiter)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-schema-url="/api/schema/"' in html
    for asset in DOCS_ASSETS:
        assert asset in html
    # No inline script or style: every <script> has a src, no style attributes or elements.
    assert html.count("<script") == html.count("<script src=")
    assert "<style" not in html and " style=" not in html
    assert not re.search(r'(src|href)="(https?:)?//', html), "no asset from another origin"
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for asset in DOCS_ASSETS:
        served = client.get(asset)
        assert served.status_code == 200, asset
        assert served.getvalue(), asset
        served.close()


def test_swagger_ui_is_vendored_with_its_licence_and_version_row():
    assert finders.find("vendor/swagger-ui/LICENSE")
    assert finders.find("vendor/swagger-ui/swagger-ui.css.map")  # the stylesheet names it
    assert "swagger-ui-dist" in Path(finders.find("vendor/VERSIONS.md")).read_text()


def test_application_pages_keep_the_newest_first_order_across_pages(recruiter):
    from datetime import timedelta

    from django.utils import timezone

    job = JobFactory()
    now = timezone.now()
    made = [ApplicationFactory(job=job, applied_at=now - timedelta(hours=n)) for n in range(60)]
    client = api_for(recruiter)
    first = client.get("/api/applications/", {"job": job.pk}).json()
    second = client.get("/api/applications/", {"job": job.pk, "page": 2}).json()
    assert first["count"] == 60
    ids = [row["id"] for row in first["results"] + second["results"]]
    assert ids == [application.pk for application in made]
