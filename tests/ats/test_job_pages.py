"""The job pages through real HTTP: the list, creating and editing, the status workflow, cloning
and templates, the hiring team, the pipeline editor and the application questions, and who may
see and do what."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ats.models import ApplicationQuestion, Job, JobMember, JobStatusChange, Stage
from ats.services import application_move
from recruit.accounts.roles import Role
from tests.factories import (
    ApplicationFactory,
    ApplicationQuestionFactory,
    DepartmentFactory,
    JobFactory,
    SkillFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"


def detail(job) -> str:
    return reverse("ats:job-detail", args=[job.pk])


def job_data(**overrides) -> dict:
    data = {
        "title": "Data Engineer",
        "department": DepartmentFactory(name="Engineering").pk,
        "employment_type": Job.EmploymentType.FULL_TIME,
        "seniority": Job.Seniority.SENIOR,
        "openings": 2,
        "location": "Berlin, Germany",
        "remote_policy": Job.RemotePolicy.REMOTE,
        "remote_countries": "de, pt ,PL",
        "salary_min": "70000",
        "salary_max": "90000",
        "salary_currency": "eur",
        "salary_period": Job.SalaryPeriod.YEAR,
        "description": "## The role\n\nYou build **pipelines**.",
        "min_years_experience": 4,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def stage_names(job) -> list[str]:
    return list(job.stages.order_by("position").values_list("name", flat=True))


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# The list


def test_job_list_shows_department_status_and_active_application_counts(login, recruiter):
    job = JobFactory(title="Platform Engineer", department=DepartmentFactory(name="Platform"))
    ApplicationFactory.create_batch(3, job=job)
    ApplicationFactory(job=job, status="rejected")
    JobFactory(title="Draft role", status=Job.Status.DRAFT)

    response = login(recruiter).get(reverse("ats:job-list"))

    assert response.status_code == 200
    rows = {job.title: job for job in response.context["page"].object_list}
    assert rows["Platform Engineer"].active_applications == 3
    assert rows["Draft role"].active_applications == 0
    html = response.content.decode()
    assert "Platform" in html and "status-open" in html and "status-draft" in html
    assert f'href="{detail(job)}"' in html
    assert reverse("ats:job-create") in html  # the New job button


def test_job_list_filters_by_status_and_lists_templates_apart(login, recruiter):
    JobFactory(title="Open role")
    JobFactory(title="Paused role", status=Job.Status.PAUSED)
    JobFactory(title="Template role", is_template=True, status=Job.Status.DRAFT)
    client = login(recruiter)

    paused = client.get(reverse("ats:job-list"), {"status": "paused"}).content.decode()
    assert "Paused role" in paused and "Open role" not in paused
    everything = client.get(reverse("ats:job-list")).content.decode()
    assert "Template role" not in everything
    templates = client.get(reverse("ats:job-list"), {"status": "templates"}).content.decode()
    assert "Template role" in templates and "Open role" not in templates


def test_job_list_takes_no_more_queries_for_30_jobs_than_for_3(
    login, recruiter, django_assert_max_num_queries
):
    def add_jobs(count: int) -> None:
        for job in JobFactory.create_batch(count):
            ApplicationFactory.create_batch(2, job=job)

    add_jobs(3)
    client = login(recruiter)
    client.get(reverse("ats:job-list"))  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(reverse("ats:job-list")).context["page"].object_list) == 3
    add_jobs(27)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("ats:job-list"))
    assert len(response.context["page"].object_list) == 30
    assert all(job.active_applications == 2 for job in response.context["page"].object_list)


def test_hiring_manager_sees_only_their_jobs_and_no_new_job_button(login, hiring_manager):
    JobFactory(title="Theirs", team=[(hiring_manager, "hiring_manager")])
    JobFactory(title="Someone else's")
    html = login(hiring_manager).get(reverse("ats:job-list")).content.decode()
    assert "Theirs" in html and "Someone else" not in html
    assert reverse("ats:job-create") not in html


# Creating and editing


def test_recruiter_creates_a_draft_job_with_requirements_and_the_default_pipeline(login, recruiter):
    python, django = SkillFactory(name="Python"), SkillFactory(name="Django")
    sql = SkillFactory(name="SQL")
    data = job_data(required_skills=[python.pk, django.pk], preferred_skills=[sql.pk])

    response = login(recruiter).post(reverse("ats:job-create"), data, follow=True)

    job = Job.objects.get(title="Data Engineer")
    assert response.redirect_chain[-1][0] == detail(job)
    assert job.status == Job.Status.DRAFT
    assert job.remote_countries == ["DE", "PT", "PL"]
    assert job.salary_currency == "EUR"
    assert (job.salary_min, job.salary_max) == (Decimal("70000"), Decimal("90000"))
    assert set(job.required_skills.all()) == {python, django}
    assert list(job.preferred_skills.all()) == [sql]
    assert stage_names(job) == [
        "Applied", "Screen", "Phone interview", "Onsite", "Offer", "Hired",
    ]  # fmt: skip
    assert JobStatusChange.objects.filter(job=job, to_status="draft", actor=recruiter).exists()
    html = response.content.decode()
    assert "<strong>pipelines</strong>" in html  # Markdown rendered
    assert "Python" in html and "4+ years" in html and "From DE, PT, PL" in html


def test_salary_band_upside_down_is_refused_with_a_clear_message(login, recruiter):
    data = job_data(salary_min="90000", salary_max="70000")
    response = login(recruiter).post(reverse("ats:job-create"), data)
    assert response.status_code == 400
    assert "upper end must be at least its lower end" in response.content.decode()
    assert not Job.objects.filter(title="Data Engineer").exists()


def test_unknown_country_codes_are_refused(login, recruiter):
    response = login(recruiter).post(
        reverse("ats:job-create"), job_data(remote_countries="DE, XX, Germany")
    )
    assert response.status_code == 400
    assert "Not an ISO country code: XX, GERMANY" in response.content.decode()
    assert not Job.objects.exists()


def test_a_skill_cannot_be_both_required_and_preferred(login, recruiter):
    python = SkillFactory(name="Python")
    data = job_data(required_skills=[python.pk], preferred_skills=[python.pk])
    response = login(recruiter).post(reverse("ats:job-create"), data)
    assert response.status_code == 400
    assert "Already required, so not also preferred: Python." in response.content.decode()


def test_html_in_a_title_is_shown_as_text(login, recruiter):
    response = login(recruiter).post(reverse("ats:job-create"), job_data(title=XSS), follow=True)
    html = response.content.decode()
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    listing = login(recruiter).get(reverse("ats:job-list")).content.decode()
    assert XSS not in listing and "&lt;script&gt;" in listing


def test_recruiter_edits_a_job(login, recruiter):
    job = JobFactory(title="Old title", remote_countries=["DE"])
    client = login(recruiter)
    form = client.get(reverse("ats:job-edit", args=[job.pk]))
    assert form.status_code == 200
    assert 'value="DE"' in form.content.decode()

    response = client.post(
        reverse("ats:job-edit", args=[job.pk]),
        job_data(title="New title", remote_countries="", salary_min="", salary_max=""),
        follow=True,
    )

    job.refresh_from_db()
    assert response.redirect_chain[-1][0] == detail(job)
    assert (job.title, job.remote_countries, job.salary_min) == ("New title", [], None)
    assert job.status == Job.Status.OPEN  # editing leaves the status alone
    assert "Job saved." in messages_of(response)


def test_edit_with_bad_input_keeps_the_stored_job(login, recruiter):
    job = JobFactory(title="Keep me")
    response = login(recruiter).post(
        reverse("ats:job-edit", args=[job.pk]), job_data(title="Changed", salary_currency="E1R")
    )
    assert response.status_code == 400
    assert "three-letter ISO currency code" in response.content.decode()
    job.refresh_from_db()
    assert job.title == "Keep me"


# The status workflow


def post_status(client, job, status, reason=""):
    return client.post(
        reverse("ats:job-status", args=[job.pk]), {"status": status, "reason": reason}, follow=True
    )


def test_status_goes_open_pause_close_and_reopen_with_history(login, recruiter):
    job = JobFactory(status=Job.Status.DRAFT, opened_at=None)
    client = login(recruiter)
    page = client.get(detail(job)).content.decode()
    assert ">Open</button>" in page and ">Pause</button>" not in page

    assert "The job is open." in messages_of(post_status(client, job, "open"))
    assert "The job is paused." in messages_of(post_status(client, job, "paused"))
    closed = post_status(client, job, "closed", "filled")
    assert "The job is closed (filled)." in messages_of(closed)
    assert ">Reopen</button>" in closed.content.decode()
    post_status(client, job, "open")

    job.refresh_from_db()
    assert job.status == Job.Status.OPEN and job.closed_reason == ""
    history = list(
        JobStatusChange.objects.filter(job=job)
        .order_by("at", "id")
        .values_list("from_status", "to_status", "reason")
    )
    assert history == [
        ("draft", "open", ""), ("open", "paused", ""), ("paused", "closed", "filled"),
        ("closed", "open", ""),
    ]  # fmt: skip
    page = client.get(detail(job)).content.decode()
    assert "Paused → Closed" in page


def test_closing_needs_a_reason_and_unknown_statuses_are_refused(login, recruiter):
    job = JobFactory()
    client = login(recruiter)

    no_reason = post_status(client, job, "closed")
    assert "Say why the job closes: filled or cancelled." in messages_of(no_reason)
    unknown = post_status(client, job, "archived")
    assert any("archived is not one of the available choices" in m for m in messages_of(unknown))
    draft = post_status(client, JobFactory(status=Job.Status.DRAFT), "paused")
    assert "A draft job cannot become paused." in messages_of(draft)

    job.refresh_from_db()
    assert job.status == Job.Status.OPEN
    assert not JobStatusChange.objects.exists()


# Cloning and templates


def test_clone_copies_the_job_as_a_draft(login, recruiter, hiring_manager):
    job = JobFactory(title="Designer", team=[(hiring_manager, "hiring_manager")])
    ApplicationQuestionFactory(job=job)
    ApplicationFactory(job=job)

    response = login(recruiter).post(reverse("ats:job-clone", args=[job.pk]), follow=True)

    clone = Job.objects.get(title="Designer (copy)")
    assert response.redirect_chain[-1][0] == detail(clone)
    assert clone.status == Job.Status.DRAFT and not clone.is_template
    assert stage_names(clone) == stage_names(job)
    assert clone.questions.count() == 1 and clone.members.count() == 1
    assert clone.applications.count() == 0
    assert "Cloned into the draft “Designer (copy)”." in messages_of(response)


def test_save_as_template_and_start_a_new_job_from_it(login, recruiter):
    job = JobFactory(title="Account Executive")
    client = login(recruiter)

    client.post(reverse("ats:job-clone", args=[job.pk]), {"as_template": "1"})
    template = Job.objects.get(is_template=True)
    assert template.title == "Account Executive (copy)"
    create_page = client.get(reverse("ats:job-create")).content.decode()
    assert "New job from a template" in create_page and "Account Executive (copy)" in create_page

    response = client.post(
        reverse("ats:job-create-from-template"),
        {"from-template": template.pk, "from-title": "Account Executive, Nordics"},
        follow=True,
    )

    new = Job.objects.get(title="Account Executive, Nordics")
    assert response.redirect_chain[-1][0] == reverse("ats:job-edit", args=[new.pk])
    assert not new.is_template and new.status == Job.Status.DRAFT
    assert stage_names(new) == stage_names(job)


def test_template_page_offers_use_instead_of_status_and_board(login, recruiter):
    template = JobFactory(is_template=True, status=Job.Status.DRAFT)
    html = login(recruiter).get(detail(template)).content.decode()
    assert "Use this template" in html
    assert reverse("ats:job-board", args=[template.pk]) not in html
    assert reverse("ats:job-status", args=[template.pk]) not in html


# The hiring team


def test_recruiter_adds_and_removes_team_members(login, recruiter):
    job = JobFactory()
    manager = UserFactory(full_name="Hana Manager", roles=[Role.HIRING_MANAGER])
    client = login(recruiter)

    response = client.post(
        reverse("ats:job-member-add", args=[job.pk]),
        {"member-user": manager.pk, "member-role": "hiring_manager"},
        follow=True,
    )
    assert "Hana Manager is on the hiring team as Hiring manager." in messages_of(response)
    member = JobMember.objects.get(job=job, user=manager, role="hiring_manager")
    assert "Hana Manager" in response.content.decode()

    client.post(reverse("ats:job-member-remove", args=[job.pk, member.pk]))
    assert not JobMember.objects.filter(job=job).exists()


def test_team_form_refuses_an_inactive_user_or_an_unknown_role(login, recruiter):
    job = JobFactory()
    gone = UserFactory(is_active=False)
    client = login(recruiter)
    bad_user = client.post(
        reverse("ats:job-member-add", args=[job.pk]),
        {"member-user": gone.pk, "member-role": "interviewer"},
    )
    bad_role = client.post(
        reverse("ats:job-member-add", args=[job.pk]),
        {"member-user": recruiter.pk, "member-role": "boss"},
    )
    assert bad_user.status_code == bad_role.status_code == 400
    assert "Select a valid choice" in bad_role.content.decode()
    assert not JobMember.objects.exists()


# The pipeline editor


def test_recruiter_adds_renames_reorders_and_removes_stages(login, recruiter):
    job = JobFactory()
    client = login(recruiter)

    client.post(
        reverse("ats:stage-add", args=[job.pk]),
        {"stage-name": "Take-home exercise", "stage-kind": "interview"},
    )
    assert stage_names(job) == [
        "Applied", "Screen", "Phone interview", "Onsite", "Offer", "Take-home exercise", "Hired",
    ]  # fmt: skip
    exercise = job.stages.get(name="Take-home exercise")

    client.post(reverse("ats:stage-rename", args=[job.pk, exercise.pk]), {"name": "Exercise"})
    client.post(reverse("ats:stage-move", args=[job.pk, exercise.pk]), {"direction": "up"})
    client.post(reverse("ats:stage-move", args=[job.pk, exercise.pk]), {"direction": "up"})
    assert stage_names(job) == [
        "Applied", "Screen", "Phone interview", "Exercise", "Onsite", "Offer", "Hired",
    ]  # fmt: skip

    response = client.post(reverse("ats:stage-remove", args=[job.pk, exercise.pk]), follow=True)
    assert "Stage “Exercise” removed." in messages_of(response)
    assert "Exercise" not in stage_names(job)
    assert list(job.stages.order_by("position").values_list("position", flat=True)) == list(
        range(6)
    )


def test_stage_edits_with_bad_input_say_why(login, recruiter):
    job = JobFactory()
    first = job.stages.order_by("position").first()
    client = login(recruiter)

    up = client.post(
        reverse("ats:stage-move", args=[job.pk, first.pk]), {"direction": "up"}, follow=True
    )
    assert "“Applied” cannot move that way." in messages_of(up)
    blank = client.post(reverse("ats:stage-rename", args=[job.pk, first.pk]), {"name": " "},
                        follow=True)  # fmt: skip
    assert any("was not renamed" in m or "needs a name" in m for m in messages_of(blank))
    bad_kind = client.post(
        reverse("ats:stage-add", args=[job.pk]), {"stage-name": "X", "stage-kind": "party"}
    )
    assert bad_kind.status_code == 400
    assert "Select a valid choice" in bad_kind.content.decode()
    assert stage_names(job)[0] == "Applied" and job.stages.count() == 6


def test_removing_a_stage_with_applications_is_refused_and_nothing_is_lost(login, recruiter):
    job = JobFactory()
    application = ApplicationFactory(job=job)
    screen = job.stages.get(name="Screen")
    application_move(application=application, to_stage=screen, actor=recruiter)
    client = login(recruiter)

    response = client.post(reverse("ats:stage-remove", args=[job.pk, screen.pk]), follow=True)

    assert "“Screen” has applications or history; it cannot go." in messages_of(response)
    assert Stage.objects.filter(pk=screen.pk).exists()
    application.refresh_from_db()
    assert application.stage == screen
    # Applied is empty now but its history still points at it.
    applied = job.stages.get(name="Applied")
    again = client.post(reverse("ats:stage-remove", args=[job.pk, applied.pk]), follow=True)
    assert "“Applied” has applications or history; it cannot go." in messages_of(again)
    assert job.stages.count() == 6


def test_a_stage_of_another_job_is_not_found(login, recruiter):
    job, other = JobFactory(), JobFactory()
    stage = other.stages.first()
    response = login(recruiter).post(reverse("ats:stage-remove", args=[job.pk, stage.pk]))
    assert response.status_code == 404
    assert Stage.objects.filter(pk=stage.pk).exists()


# Application questions


def test_recruiter_adds_questions_with_knockouts_and_removes_them(login, recruiter):
    job = JobFactory()
    client = login(recruiter)

    client.post(
        reverse("ats:question-add", args=[job.pk]),
        {"question-label": "Can you work in the EU?", "question-kind": "yes_no",
         "question-knockout_answers": "No", "question-required": "on"},
    )  # fmt: skip
    response = client.post(
        reverse("ats:question-add", args=[job.pk]),
        {"question-label": "Which shift?", "question-kind": "single",
         "question-choices": "Early\nLate\n\nNight", "question-knockout_answers": "night"},
        follow=True,
    )  # fmt: skip

    eu, shift = job.questions.order_by("position")
    assert (eu.kind, eu.knockout_answers, eu.required) == ("yes_no", ["no"], True)
    assert (shift.choices, shift.knockout_answers) == (["Early", "Late", "Night"], ["night"])
    html = response.content.decode()
    assert "Which shift?" in html and "Knockout" in html

    client.post(reverse("ats:question-remove", args=[job.pk, eu.pk]))
    assert list(job.questions.all()) == [shift]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question-kind": "single", "question-choices": "Only one"}, "at least two choices"),
        ({"question-kind": "yes_no", "question-knockout_answers": "maybe"}, "“yes” or “no”"),
        ({"question-kind": "number", "question-knockout_answers": "few"}, "rules like &lt;2"),
        ({"question-kind": "text", "question-knockout_answers": "no"}, "cannot have knockout"),
    ],
)
def test_questions_with_impossible_knockouts_are_refused(login, recruiter, data, message):
    job = JobFactory()
    response = login(recruiter).post(
        reverse("ats:question-add", args=[job.pk]), {"question-label": "Q?", **data}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not job.questions.exists()


def test_a_question_with_answers_cannot_be_removed(login, recruiter):
    job = JobFactory()
    question = ApplicationQuestionFactory(job=job)
    ApplicationFactory(job=job, answers={str(question.pk): "yes"})
    response = login(recruiter).post(
        reverse("ats:question-remove", args=[job.pk, question.pk]), follow=True
    )
    assert any("has answers already" in m for m in messages_of(response))
    assert ApplicationQuestion.objects.filter(pk=question.pk).exists()


# Who may see and do what


def all_posts(job) -> list[tuple[str, dict]]:
    stage = job.stages.first()
    return [
        (reverse("ats:job-edit", args=[job.pk]), job_data()),
        (reverse("ats:job-status", args=[job.pk]), {"status": "paused"}),
        (reverse("ats:job-clone", args=[job.pk]), {}),
        (reverse("ats:job-member-add", args=[job.pk]), {"member-user": 1, "member-role": "x"}),
        (reverse("ats:stage-add", args=[job.pk]), {"stage-name": "X", "stage-kind": "screen"}),
        (reverse("ats:stage-rename", args=[job.pk, stage.pk]), {"name": "X"}),
        (reverse("ats:stage-move", args=[job.pk, stage.pk]), {"direction": "down"}),
        (reverse("ats:stage-remove", args=[job.pk, stage.pk]), {}),
        (reverse("ats:question-add", args=[job.pk]),
         {"question-label": "Q", "question-kind": "text"}),
    ]  # fmt: skip


def test_hiring_manager_on_the_job_sees_it_read_only_and_may_not_change_it(login, hiring_manager):
    job = JobFactory(title="Their job", team=[(hiring_manager, "hiring_manager")])
    client = login(hiring_manager)

    page = client.get(detail(job))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Their job" in html and "Pipeline" in html and "Hiring team" in html
    assert "<form" not in html.split('id="main"')[1]  # no forms or action buttons
    assert reverse("ats:job-board", args=[job.pk]) in html
    assert client.get(reverse("ats:job-edit", args=[job.pk])).status_code == 403
    assert client.get(reverse("ats:job-create")).status_code == 403
    assert client.post(reverse("ats:job-create"), job_data()).status_code == 403
    for url, data in all_posts(job):
        assert client.post(url, data).status_code == 403, url
    job.refresh_from_db()
    assert (job.title, job.status, job.stages.count()) == ("Their job", "open", 6)
    assert Job.objects.count() == 1


@pytest.mark.parametrize("persona", ["hiring_manager", "interviewer", "outsider"])
def test_people_not_on_the_team_get_404(login, request, persona):
    user = request.getfixturevalue(persona)
    JobFactory(team=[(user, "interviewer")])  # on some other job
    job = JobFactory()
    client = login(user)
    assert client.get(detail(job)).status_code == 404
    for url, data in all_posts(job):
        assert client.post(url, data).status_code == 404, url


def test_coordinator_may_change_jobs(login, coordinator):
    job = JobFactory()
    response = post_status(login(coordinator), job, "paused")
    assert "The job is paused." in messages_of(response)


def test_recruiter_sets_a_stage_entry_email_and_it_goes_to_whoever_enters(
    login, recruiter, django_capture_on_commit_callbacks
):
    from django.core import mail

    from tests.factories import EmailTemplateFactory

    template = EmailTemplateFactory(name="Phone screen invite", subject="About {{ job.title }}")
    application = ApplicationFactory()
    job = application.job
    screen = job.stages.get(name="Screen")
    client = login(recruiter)
    page = client.get(detail(job)).content.decode()
    assert "Email: Phone screen invite" in page
    url = reverse("ats:stage-entry-email", args=[job.pk, screen.pk])
    client.post(url, {"template": template.pk})
    screen.refresh_from_db()
    assert screen.entry_email == template
    with django_capture_on_commit_callbacks(execute=True):
        application_move(application=application, to_stage=screen, actor=recruiter)
    assert [m.subject for m in mail.outbox] == [f"About {job.title}"]
    client.post(url, {"template": ""})
    screen.refresh_from_db()
    assert screen.entry_email is None


def test_a_hiring_manager_cannot_set_stage_emails(login, hiring_manager):
    job = JobFactory(team=[(hiring_manager, "hiring_manager")])
    stage = job.stages.first()
    response = login(hiring_manager).post(
        reverse("ats:stage-entry-email", args=[job.pk, stage.pk]), {"template": ""}
    )
    assert response.status_code == 403
    assert b"You cannot do that here" in response.content
