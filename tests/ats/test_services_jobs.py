"""Jobs through their services: creation with a pipeline, editing, the status workflow, cloning
and each job's own pipeline of stages."""

from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ats.models import Job, JobStatusChange, PipelineTemplate, Stage
from ats.services import (
    application_create,
    application_move,
    job_clone,
    job_create,
    job_set_status,
    job_update,
    stage_add,
    stage_remove,
    stage_rename,
    stages_reorder,
)
from ats.signals import job_status_changed
from tests.factories import (
    ApplicationFactory,
    ApplicationQuestionFactory,
    CandidateFactory,
    JobFactory,
    PipelineTemplateFactory,
    PipelineTemplateStageFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db
Status = Job.Status

DEFAULT_PIPELINE = [
    ("Applied", "applied"),
    ("Screen", "screen"),
    ("Phone interview", "interview"),
    ("Onsite", "interview"),
    ("Offer", "offer"),
    ("Hired", "hired"),
]


def pipeline_of(job: Job) -> list[tuple[str, str]]:
    return [(s.name, s.kind) for s in Stage.objects.filter(job=job).order_by("position", "id")]


def positions_of(job: Job) -> list[int]:
    return list(
        Stage.objects.filter(job=job).order_by("position").values_list("position", flat=True)
    )


@contextmanager
def received(signal):
    """The keyword arguments of every `signal` sent inside the block."""
    calls: list[dict] = []

    def handler(sender, **kwargs):
        calls.append(kwargs)

    signal.connect(handler, weak=False)
    try:
        yield calls
    finally:
        signal.disconnect(handler)


def one_stage_template(name: str = "Only") -> PipelineTemplate:
    template = PipelineTemplateFactory(name=f"{name} pipeline")
    PipelineTemplateStageFactory(template=template, name=name, kind="applied", position=0)
    return template


# Creating ---------------------------------------------------------------------------------------


def test_a_new_job_is_a_draft_with_its_own_copy_of_the_default_pipeline(recruiter):
    job = job_create(actor=recruiter, title="Backend engineer", location="Berlin, Germany")

    assert job.status == Status.DRAFT
    assert job.opened_at is None and job.closed_at is None
    assert pipeline_of(job) == DEFAULT_PIPELINE
    assert positions_of(job) == [0, 1, 2, 3, 4, 5]
    [change] = JobStatusChange.objects.filter(job=job)
    assert (change.from_status, change.to_status, change.actor) == ("", Status.DRAFT, recruiter)
    # The job owns its stages: editing the template later leaves it alone.
    PipelineTemplate.objects.get(is_default=True).stages.filter(name="Screen").update(name="Call")
    assert pipeline_of(job) == DEFAULT_PIPELINE


def test_a_new_job_copies_the_pipeline_template_it_names(recruiter):
    template = PipelineTemplateFactory(name="Design pipeline")
    for position, (name, kind) in enumerate(
        [("Applied", "applied"), ("Portfolio review", "screen"), ("Hired", "hired")]
    ):
        PipelineTemplateStageFactory(template=template, name=name, kind=kind, position=position)

    job = job_create(actor=recruiter, title="Product designer", pipeline=template)

    assert pipeline_of(job) == [
        ("Applied", "applied"),
        ("Portfolio review", "screen"),
        ("Hired", "hired"),
    ]


def test_a_pipeline_template_without_stages_is_refused_and_no_job_is_left(recruiter):
    empty = PipelineTemplateFactory(name="Empty")
    with pytest.raises(ValidationError, match="no pipeline template"):
        job_create(actor=recruiter, title="Backend engineer", pipeline=empty)
    assert not Job.objects.filter(title="Backend engineer").exists()


def test_jobs_with_the_same_title_get_distinct_slugs(recruiter):
    slugs = [job_create(actor=recruiter, title="Backend Engineer").slug for _ in range(3)]
    assert slugs == ["backend-engineer", "backend-engineer-2", "backend-engineer-3"]


def test_a_title_without_slug_characters_still_gets_a_slug(recruiter):
    assert job_create(actor=recruiter, title="!!!").slug == "job"


def test_skills_are_set_on_create(recruiter):
    python, docker = SkillFactory(name="Python"), SkillFactory(name="Docker")
    job = job_create(
        actor=recruiter, title="Backend", required_skills=[python], preferred_skills=[docker]
    )
    assert list(job.required_skills.all()) == [python]
    assert list(job.preferred_skills.all()) == [docker]


def test_an_unknown_field_on_create_is_a_programming_error(recruiter):
    with pytest.raises(TypeError, match="status"):
        job_create(actor=recruiter, title="Backend", status=Status.OPEN)
    assert not Job.objects.filter(title="Backend").exists()


# The description: Markdown rendered, then sanitised ---------------------------------------------


def test_the_markdown_description_is_rendered_to_html(recruiter):
    job = job_create(
        actor=recruiter,
        title="Backend",
        description="# About the role\n\nYou know **Python**.\n\n- Django\n- PostgreSQL\n",
    )
    assert "<h1>About the role</h1>" in job.description_html
    assert "<strong>Python</strong>" in job.description_html
    assert "<li>Django</li>" in job.description_html


def test_a_script_in_the_markdown_never_reaches_the_html(recruiter):
    job = job_create(
        actor=recruiter,
        title="Backend",
        description=(
            "Hello <script>alert(1)</script>\n\n"
            '<img src="x" onerror="alert(2)">\n\n'
            "[click me](javascript:alert(3))\n"
        ),
    )
    html = job.description_html.lower()
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript:' not in html
    stored = Job.objects.get(pk=job.pk).description_html.lower()
    assert "<script" not in stored


def test_links_in_the_description_open_safely(recruiter):
    job = job_create(
        actor=recruiter, title="Backend", description="Read [our blog](https://example.com/blog)."
    )
    assert 'href="https://example.com/blog"' in job.description_html
    assert 'rel="noopener noreferrer nofollow"' in job.description_html


def test_editing_the_description_renders_it_again(recruiter):
    job = job_create(actor=recruiter, title="Backend", description="Old")
    job_update(job=job, actor=recruiter, description="*New* <script>x()</script>")
    job.refresh_from_db()
    assert "<em>New</em>" in job.description_html
    assert "<script" not in job.description_html


# The status workflow ----------------------------------------------------------------------------

ALLOWED = [
    (Status.DRAFT, Status.OPEN),
    (Status.DRAFT, Status.CLOSED),
    (Status.OPEN, Status.PAUSED),
    (Status.OPEN, Status.CLOSED),
    (Status.PAUSED, Status.OPEN),
    (Status.PAUSED, Status.CLOSED),
    (Status.CLOSED, Status.OPEN),
]
REFUSED = [
    (Status.DRAFT, Status.PAUSED),
    (Status.OPEN, Status.DRAFT),
    (Status.PAUSED, Status.DRAFT),
    (Status.CLOSED, Status.DRAFT),
    (Status.CLOSED, Status.PAUSED),
]


@pytest.mark.parametrize(("start", "target"), ALLOWED)
def test_an_allowed_status_change_is_recorded_and_announced(recruiter, start, target):
    job = JobFactory(status=start, closed_reason="filled" if start == Status.CLOSED else "")
    reason = "filled" if target == Status.CLOSED else ""

    with received(job_status_changed) as calls:
        changed = job_set_status(job=job, status=target, actor=recruiter, reason=reason)

    assert changed.status == target
    job.refresh_from_db()
    assert job.status == target
    [change] = JobStatusChange.objects.filter(job=job)
    assert (change.from_status, change.to_status, change.reason, change.actor) == (
        start,
        target,
        reason,
        recruiter,
    )
    [call] = calls
    assert call["job"].pk == job.pk and call["actor"] == recruiter
    assert (call["from_status"], call["to_status"]) == (start, target)


@pytest.mark.parametrize(("start", "target"), REFUSED)
def test_a_refused_status_change_writes_nothing(recruiter, start, target):
    job = JobFactory(status=start, closed_reason="filled" if start == Status.CLOSED else "")

    with received(job_status_changed) as calls, pytest.raises(ValidationError, match="cannot"):
        job_set_status(job=job, status=target, actor=recruiter, reason="filled")

    job.refresh_from_db()
    assert job.status == start
    assert not JobStatusChange.objects.filter(job=job).exists()
    assert calls == []


def test_an_unknown_status_is_refused(recruiter):
    job = JobFactory(status=Status.OPEN)
    with pytest.raises(ValidationError, match="Unknown job status"):
        job_set_status(job=job, status="archived", actor=recruiter)


def test_setting_the_status_a_job_already_has_changes_nothing(recruiter):
    job = JobFactory(status=Status.OPEN)
    with received(job_status_changed) as calls:
        job_set_status(job=job, status=Status.OPEN, actor=recruiter)
    assert calls == [] and not JobStatusChange.objects.filter(job=job).exists()


@pytest.mark.parametrize("reason", ["", "bored", "FILLED"])
def test_closing_needs_a_reason_filled_or_cancelled(recruiter, reason):
    job = JobFactory(status=Status.OPEN)
    with pytest.raises(ValidationError, match="filled or cancelled"):
        job_set_status(job=job, status=Status.CLOSED, actor=recruiter, reason=reason)
    job.refresh_from_db()
    assert job.status == Status.OPEN and job.closed_at is None


@pytest.mark.parametrize("reason", ["filled", "cancelled"])
def test_a_closed_job_keeps_its_reason_and_closing_time(recruiter, reason):
    job = JobFactory(status=Status.OPEN)
    job_set_status(job=job, status=Status.CLOSED, actor=recruiter, reason=reason)
    job.refresh_from_db()
    assert job.status == Status.CLOSED
    assert job.closed_reason == reason and job.closed_at is not None


def test_opened_at_is_set_once_and_kept_when_the_job_reopens(recruiter):
    job = job_create(actor=recruiter, title="Backend")

    job = job_set_status(job=job, status=Status.OPEN, actor=recruiter)
    first_opened = job.opened_at
    assert first_opened is not None and job.closed_at is None
    job = job_set_status(job=job, status=Status.PAUSED, actor=recruiter)
    job = job_set_status(job=job, status=Status.OPEN, actor=recruiter)
    assert job.opened_at == first_opened
    job = job_set_status(job=job, status=Status.CLOSED, actor=recruiter, reason="cancelled")
    assert job.closed_at is not None and job.closed_reason == "cancelled"
    job = job_set_status(job=job, status=Status.OPEN, actor=recruiter)

    job.refresh_from_db()
    assert job.opened_at == first_opened
    assert job.closed_at is None and job.closed_reason == ""
    history = list(
        JobStatusChange.objects.filter(job=job)
        .order_by("at", "id")
        .values_list("from_status", "to_status")
    )
    assert history == [
        ("", "draft"),
        ("draft", "open"),
        ("open", "paused"),
        ("paused", "open"),
        ("open", "closed"),
        ("closed", "open"),
    ]


def test_a_draft_closed_without_ever_opening_has_no_opening_time(recruiter):
    job = job_create(actor=recruiter, title="Backend")
    job = job_set_status(job=job, status=Status.CLOSED, actor=recruiter, reason="cancelled")
    assert job.opened_at is None and job.closed_at is not None


# Editing ----------------------------------------------------------------------------------------


def test_a_salary_minimum_above_the_maximum_is_refused_and_nothing_is_saved(recruiter):
    job = JobFactory(salary_min=Decimal("50000"), salary_max=Decimal("70000"))
    with pytest.raises(ValidationError):
        job_update(job=job, actor=recruiter, salary_min=Decimal("90000"))
    job.refresh_from_db()
    assert job.salary_min == Decimal("50000")


def test_an_invalid_choice_is_refused(recruiter):
    job = JobFactory()
    with pytest.raises(ValidationError):
        job_update(job=job, actor=recruiter, remote_policy="on the moon")


@pytest.mark.parametrize("field", ["status", "slug", "opened_at", "salary"])
def test_an_unknown_or_protected_field_is_a_programming_error(recruiter, field):
    job = JobFactory()
    with pytest.raises(TypeError, match=field):
        job_update(job=job, actor=recruiter, **{field: "x"})


def test_editing_saves_fields_and_skills(recruiter):
    job = JobFactory(title="Backend")
    python = SkillFactory(name="Python")
    job_update(
        job=job,
        actor=recruiter,
        title="Senior backend engineer",
        salary_min=Decimal("60000"),
        salary_max=Decimal("80000"),
        salary_currency="EUR",
        required_skills=[python],
    )
    job.refresh_from_db()
    assert job.title == "Senior backend engineer"
    assert (job.salary_min, job.salary_max) == (Decimal("60000"), Decimal("80000"))
    assert list(job.required_skills.all()) == [python]


def test_changing_a_requirement_rescores_after_commit_and_other_edits_do_not(
    recruiter, django_capture_on_commit_callbacks
):
    job = JobFactory()
    with django_capture_on_commit_callbacks(execute=False) as title_edit:
        job_update(job=job, actor=recruiter, title="Renamed")
    with django_capture_on_commit_callbacks(execute=False) as requirement_edit:
        job_update(job=job, actor=recruiter, min_years_experience=3)
    assert title_edit == []
    assert len(requirement_edit) == 1


# Cloning ----------------------------------------------------------------------------------------


def test_a_clone_copies_fields_skills_questions_stages_and_team_but_not_applications(
    recruiter, hiring_manager
):
    python, docker = SkillFactory(name="Python"), SkillFactory(name="Docker")
    job = JobFactory(
        title="Backend engineer",
        location="Berlin, Germany",
        description="**Great** job",
        min_years_experience=4,
        salary_min=Decimal("60000"),
        salary_max=Decimal("80000"),
        blind_review=True,
        team=[(hiring_manager, "hiring_manager"), (recruiter, "recruiter")],
    )
    job.required_skills.set([python])
    job.preferred_skills.set([docker])
    ApplicationQuestionFactory(job=job, label="Work permit?", knockout_answers=["no"])
    stage_add(job=job, name="Take-home", kind="interview", actor=recruiter)
    ApplicationFactory(job=job)

    clone = job_clone(job=job, actor=recruiter)

    assert clone.pk != job.pk and clone.slug != job.slug
    assert clone.title == "Backend engineer (copy)"
    assert clone.status == Status.DRAFT and clone.opened_at is None and clone.closed_at is None
    assert (clone.location, clone.min_years_experience, clone.blind_review) == (
        "Berlin, Germany",
        4,
        True,
    )
    assert (clone.salary_min, clone.salary_max) == (Decimal("60000"), Decimal("80000"))
    assert "<strong>Great</strong>" in clone.description_html
    assert list(clone.required_skills.all()) == [python]
    assert list(clone.preferred_skills.all()) == [docker]
    assert list(clone.questions.values_list("label", "knockout_answers")) == [
        ("Work permit?", ["no"])
    ]
    assert pipeline_of(clone) == pipeline_of(job)
    assert not set(clone.stages.values_list("pk", flat=True)) & set(
        job.stages.values_list("pk", flat=True)
    )
    assert set(clone.members.values_list("user", "role")) == {
        (hiring_manager.pk, "hiring_manager"),
        (recruiter.pk, "recruiter"),
    }
    assert clone.applications.count() == 0
    assert job.applications.count() == 1
    [change] = JobStatusChange.objects.filter(job=clone)
    assert change.to_status == Status.DRAFT


def test_a_clone_can_be_given_a_title(recruiter):
    job = JobFactory(title="Backend engineer")
    assert job_clone(job=job, actor=recruiter, title="Backend engineer, Lisbon").title == (
        "Backend engineer, Lisbon"
    )


def test_a_job_made_from_a_template_keeps_its_title_and_is_a_real_job(recruiter):
    template = JobFactory(title="Designer", is_template=True, status=Status.DRAFT)
    ApplicationQuestionFactory(job=template, label="Portfolio link")

    job = job_clone(job=template, actor=recruiter)

    assert job.title == "Designer" and not job.is_template
    assert job.slug != template.slug
    assert list(job.questions.values_list("label", flat=True)) == ["Portfolio link"]
    assert pipeline_of(job) == DEFAULT_PIPELINE


def test_a_job_saved_as_a_template_is_a_template(recruiter):
    job = JobFactory(title="Backend engineer")
    template = job_clone(job=job, actor=recruiter, title="Backend template", as_template=True)
    assert template.is_template and template.status == Status.DRAFT


def test_a_job_with_the_longest_title_can_be_cloned(recruiter):
    job = job_create(actor=recruiter, title="x" * 200)
    clone = job_clone(job=job, actor=recruiter)
    assert len(clone.title) <= 200


# Stages -----------------------------------------------------------------------------------------


def test_a_new_stage_goes_before_hired_by_default(recruiter):
    job = job_create(actor=recruiter, title="Backend")
    stage = stage_add(job=job, name="  Take-home  ", kind="interview", actor=recruiter)
    assert stage.name == "Take-home"
    assert [name for name, _ in pipeline_of(job)] == [
        "Applied", "Screen", "Phone interview", "Onsite", "Offer", "Take-home", "Hired",
    ]  # fmt: skip
    assert positions_of(job) == list(range(7))


@pytest.mark.parametrize(("position", "index"), [(0, 0), (2, 2), (99, 6), (-3, 0)])
def test_a_new_stage_goes_where_it_is_asked(recruiter, position, index):
    job = job_create(actor=recruiter, title="Backend")
    stage_add(job=job, name="Extra", kind="screen", actor=recruiter, position=position)
    names = [name for name, _ in pipeline_of(job)]
    assert names.index("Extra") == index
    assert positions_of(job) == list(range(7))


@pytest.mark.parametrize(("name", "kind"), [("   ", "interview"), ("Extra", "coffee")])
def test_a_stage_needs_a_name_and_a_known_kind(recruiter, name, kind):
    job = job_create(actor=recruiter, title="Backend")
    with pytest.raises(ValidationError):
        stage_add(job=job, name=name, kind=kind, actor=recruiter)
    assert job.stages.count() == 6


def test_a_stage_is_renamed_and_an_empty_name_is_refused(recruiter):
    job = JobFactory()
    stage = job.stages.get(name="Screen")
    stage_rename(stage=stage, name="  Recruiter call ", actor=recruiter)
    stage.refresh_from_db()
    assert stage.name == "Recruiter call"
    with pytest.raises(ValidationError, match="needs a name"):
        stage_rename(stage=stage, name="   ", actor=recruiter)
    stage.refresh_from_db()
    assert stage.name == "Recruiter call"


def test_stages_are_reordered_when_every_stage_is_named_once(recruiter):
    job = JobFactory()
    ids = list(job.stages.order_by("position").values_list("pk", flat=True))
    new_order = [ids[0], ids[2], ids[1], *ids[3:]]
    stages_reorder(job=job, stage_ids=new_order, actor=recruiter)
    assert list(job.stages.order_by("position").values_list("pk", flat=True)) == new_order
    assert positions_of(job) == list(range(6))


def _bad_orders(ids, other_job_stage):
    return {
        "missing one": ids[:-1],
        "one twice": [*ids[:-1], ids[0]],
        "named twice": [*ids, ids[0]],
        "another job's stage": [*ids[:-1], other_job_stage],
    }


@pytest.mark.parametrize("case", ["missing one", "one twice", "named twice", "another job's stage"])
def test_a_reorder_that_does_not_name_every_stage_once_is_refused(recruiter, case):
    job = JobFactory()
    ids = list(job.stages.order_by("position").values_list("pk", flat=True))
    other = JobFactory().stages.first().pk
    with pytest.raises(ValidationError, match="exactly once"):
        stages_reorder(job=job, stage_ids=_bad_orders(ids, other)[case], actor=recruiter)
    assert list(job.stages.order_by("position").values_list("pk", flat=True)) == ids


def test_an_empty_stage_is_removed_and_the_others_renumbered(recruiter):
    job = JobFactory()
    stage_remove(stage=job.stages.get(name="Phone interview"), actor=recruiter)
    assert [name for name, _ in pipeline_of(job)] == [
        "Applied", "Screen", "Onsite", "Offer", "Hired",
    ]  # fmt: skip
    assert positions_of(job) == list(range(5))


def test_a_stage_with_an_application_in_it_cannot_be_removed(recruiter):
    job = JobFactory()
    application_create(candidate=CandidateFactory(), job=job, actor=recruiter)
    applied = job.stages.get(name="Applied")
    with pytest.raises(ValidationError, match="cannot go"):
        stage_remove(stage=applied, actor=recruiter)
    assert Stage.objects.filter(pk=applied.pk).exists()


def test_a_stage_an_application_has_passed_through_cannot_be_removed(recruiter):
    job = JobFactory()
    application, _ = application_create(candidate=CandidateFactory(), job=job, actor=recruiter)
    screen = job.stages.get(name="Screen")
    application = application_move(application=application, to_stage=screen, actor=recruiter)
    application_move(
        application=application, to_stage=job.stages.get(name="Onsite"), actor=recruiter
    )
    with pytest.raises(ValidationError, match="history"):
        stage_remove(stage=screen, actor=recruiter)
    assert Stage.objects.filter(pk=screen.pk).exists()


def test_the_last_stage_of_a_job_cannot_be_removed(recruiter):
    job = job_create(actor=recruiter, title="Backend", pipeline=one_stage_template())
    [only] = job.stages.all()
    with pytest.raises(ValidationError, match="at least one stage"):
        stage_remove(stage=only, actor=recruiter)
    assert job.stages.count() == 1


def test_a_status_change_by_the_system_has_no_actor():
    job = JobFactory(status=Status.OPEN)
    job_set_status(job=job, status=Status.PAUSED, actor=None)
    assert JobStatusChange.objects.get(job=job).actor is None
