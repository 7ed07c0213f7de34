"""Jobs: creating, editing, the status workflow, cloning, hiring teams and pipelines."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from ats.models import (
    Application,
    ApplicationQuestion,
    Job,
    JobLocation,
    JobMember,
    JobStatusChange,
    PipelineTemplate,
    Stage,
    StageKind,
)
from ats.services.locations import parse_locations
from ats.signals import job_status_changed
from recruit.accounts.models import acting_user

Status = Job.Status
# Which status may follow which. Closing needs a reason (filled or cancelled).
TRANSITIONS = {
    Status.DRAFT: {Status.OPEN, Status.CLOSED},
    Status.OPEN: {Status.PAUSED, Status.CLOSED},
    Status.PAUSED: {Status.OPEN, Status.CLOSED},
    Status.CLOSED: {Status.OPEN},
}
# Fields job_create/job_update accept; the many-to-many skills are handled apart.
EDITABLE_FIELDS = {
    "title", "department", "location", "remote_policy", "remote_countries", "employment_type",
    "seniority", "openings", "salary_min", "salary_max", "salary_currency", "salary_period",
    "salary_published", "description", "min_years_experience", "target_hire_date",
    "internal_notes", "blind_review", "apply_by", "knockout_email",
}  # fmt: skip
MATCH_FIELDS = {"location", "remote_policy", "remote_countries", "min_years_experience"}


# Paths of the careers site that a job's page (/careers/<slug>/) must not shadow.
RESERVED_SLUGS = {"community", "status", "feeds", "logo", "sitemap", "brand"}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "job"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Job.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS - {"required_skills", "preferred_skills"}
    if unknown:
        raise TypeError(f"Unknown job fields: {', '.join(sorted(unknown))}")


def _save_validated(job: Job, fields: dict[str, Any]) -> None:
    skills = {name: fields.pop(name) for name in ("required_skills", "preferred_skills")
              if name in fields}  # fmt: skip
    for name, value in fields.items():
        setattr(job, name, value)
    job.full_clean(exclude=["slug"])
    job.save()
    for name, value in skills.items():
        getattr(job, name).set(value)
    if "location" in fields:
        _save_locations(job)


def _save_locations(job: Job) -> None:
    """The job's places, structured from its location text (see services/locations.py)."""
    job.locations.all().delete()
    JobLocation.objects.bulk_create(
        JobLocation(job=job, position=n, city=place.city, region=place.region,
                    country=place.country)
        for n, place in enumerate(parse_locations(job.location))
    )  # fmt: skip


@transaction.atomic
def job_create(
    *, actor, title: str, pipeline: PipelineTemplate | None = None, **fields: Any
) -> Job:
    """A draft job with its own copy of a pipeline (the default one unless named)."""
    _check_fields(fields)
    job = Job(title=title, slug=_unique_slug(title), status=Status.DRAFT)
    _save_validated(job, fields)
    template = pipeline or PipelineTemplate.objects.filter(is_default=True).first()
    stages = list(template.stages.all()) if template else []
    if not stages:
        raise ValidationError("There is no pipeline template to copy stages from.")
    Stage.objects.bulk_create(
        Stage(job=job, name=s.name, kind=s.kind, position=i) for i, s in enumerate(stages)
    )
    JobStatusChange.objects.create(job=job, to_status=Status.DRAFT, actor=acting_user(actor))
    return job


@transaction.atomic
def job_update(*, job: Job, actor, **fields: Any) -> Job:
    """Change a job's fields. Match scores follow when a requirement changed."""
    from ats.services.matching import match_refresh_for_job_on_commit

    _check_fields(fields)
    requirements_changed = bool(
        MATCH_FIELDS & set(fields) or {"required_skills", "preferred_skills"} & set(fields)
    )
    _save_validated(job, fields)
    if requirements_changed:
        match_refresh_for_job_on_commit(job)
    return job


@transaction.atomic
def job_set_status(*, job: Job, status: str, actor, reason: str = "") -> Job:
    """Move a job through draft → open ⇄ paused → closed (filled or cancelled), reopenable."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if status == job.status:
        return job
    if status not in Status.values:
        raise ValidationError(f"Unknown job status {status!r}.")
    if status not in TRANSITIONS[job.status]:
        now_label, new_label = job.get_status_display().lower(), Status(status).label.lower()
        raise ValidationError(f"A {now_label} job cannot become {new_label}.")
    if status == Status.CLOSED and reason not in Job.ClosedReason.values:
        raise ValidationError("Say why the job closes: filled or cancelled.")
    now = timezone.now()
    previous = job.status
    job.status = status
    job.closed_reason = reason if status == Status.CLOSED else ""
    if status == Status.OPEN:
        job.opened_at = job.opened_at or now
        job.closed_at = None
    if status == Status.CLOSED:
        job.closed_at = now
    job.save(update_fields=["status", "closed_reason", "opened_at", "closed_at", "updated_at"])
    JobStatusChange.objects.create(
        job=job,
        from_status=previous,
        to_status=status,
        reason=job.closed_reason,
        actor=acting_user(actor),
        at=now,
    )
    job_status_changed.send(
        sender=Job, job=job, actor=acting_user(actor), from_status=previous, to_status=status
    )
    return job


@transaction.atomic
def job_clone(*, job: Job, actor, title: str = "", as_template: bool = False) -> Job:
    """A draft copy of `job` (or a job from a template): fields, skills, questions, pipeline
    and hiring team. Applications stay with the original."""
    clone = Job.objects.get(pk=job.pk)
    clone.pk = None
    max_title = Job._meta.get_field("title").max_length
    clone.title = title or (
        job.title if job.is_template else f"{job.title[: max_title - 7]} (copy)"
    )
    clone.slug = _unique_slug(clone.title)
    clone.is_template = as_template
    clone.status, clone.closed_reason = Status.DRAFT, ""
    clone.opened_at = clone.closed_at = None
    clone.created_at = timezone.now()
    clone.save()
    clone.required_skills.set(job.required_skills.all())
    clone.preferred_skills.set(job.preferred_skills.all())
    copied = ((Stage, job.stages.all()), (JobMember, job.members.all()),
              (ApplicationQuestion, job.questions.all()),
              (JobLocation, job.locations.all()))  # fmt: skip
    for model, rows in copied:
        copies = list(rows)
        for row in copies:
            row.pk, row.job = None, clone
        model.objects.bulk_create(copies)
    JobStatusChange.objects.create(job=clone, to_status=Status.DRAFT, actor=acting_user(actor))
    return clone


def job_member_add(*, job: Job, user, role: str, actor) -> JobMember:
    member, _ = JobMember.objects.get_or_create(job=job, user=user, role=role)
    return member


def job_member_remove(*, job: Job, user, role: str, actor) -> None:
    JobMember.objects.filter(job=job, user=user, role=role).delete()


@transaction.atomic
def stage_add(*, job: Job, name: str, kind: str, actor, position: int | None = None) -> Stage:
    """Add a stage; at `position` (0-based) or before the hired stage by default."""
    name = name.strip()
    if not name:
        raise ValidationError("A stage needs a name.")
    if kind not in StageKind.values:
        raise ValidationError(f"Unknown stage kind {kind!r}.")
    stages = list(Stage.objects.select_for_update().filter(job=job).order_by("position", "id"))
    if position is None:
        hired = [i for i, s in enumerate(stages) if s.kind == StageKind.HIRED]
        position = hired[0] if hired else len(stages)
    stage = Stage(job=job, name=name, kind=kind, position=0)
    stages.insert(max(0, min(position, len(stages))), stage)
    stage.save()
    _renumber(stages)
    return stage


def stage_rename(*, stage: Stage, name: str, actor) -> Stage:
    name = name.strip()
    if not name:
        raise ValidationError("A stage needs a name.")
    stage.name = name[:80]
    stage.save(update_fields=["name"])
    return stage


def stage_set_entry_email(*, stage: Stage, template, actor) -> Stage:
    """Email `template` to every candidate who enters `stage` from now on (None: no email)."""
    stage.entry_email = template
    stage.save(update_fields=["entry_email"])
    return stage


@transaction.atomic
def stages_reorder(*, job: Job, stage_ids: list[int], actor) -> list[Stage]:
    """Put the job's stages in the order given; every stage of the job must be named once."""
    stages = {s.pk: s for s in Stage.objects.select_for_update().filter(job=job)}
    if sorted(stage_ids) != sorted(stages):
        raise ValidationError("Name every stage of this job exactly once to reorder them.")
    ordered = [stages[pk] for pk in stage_ids]
    _renumber(ordered)
    return ordered


@transaction.atomic
def stage_remove(*, stage: Stage, actor) -> None:
    """Remove a stage no application has ever been in (the history must stay readable)."""
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if (
        stage.applications.exists()
        or stage.job.applications.filter(
            Q(stage_changes__to_stage=stage) | Q(stage_changes__from_stage=stage)
        ).exists()
    ):
        raise ValidationError(f"“{stage.name}” has applications or history; it cannot go.")
    if Stage.objects.filter(job=stage.job).count() == 1:
        raise ValidationError("A job needs at least one stage.")
    job = stage.job
    stage.delete()
    _renumber(list(Stage.objects.filter(job=job).order_by("position", "id")))


QUESTION_CHOICE_KINDS = {ApplicationQuestion.Kind.SINGLE, ApplicationQuestion.Kind.MULTIPLE}
QUESTION_KNOCKOUT_KINDS = QUESTION_CHOICE_KINDS | {
    ApplicationQuestion.Kind.YES_NO, ApplicationQuestion.Kind.NUMBER,
}  # fmt: skip
_NUMBER_RULE = re.compile(r"(<=|>=|<|>|=)?\s*-?\d+(\.\d+)?")


@transaction.atomic
def job_question_add(
    *,
    job: Job,
    actor,
    label: str,
    kind: str,
    choices: list[str] | None = None,
    required: bool = False,
    knockout_answers: list[str] | None = None,
    help_text: str = "",
) -> ApplicationQuestion:
    """Add a question to the job's application form, last. Knockout answers must be answers
    the question can get: yes/no, one of its choices, or a number rule like "<2"."""
    Kind = ApplicationQuestion.Kind
    label = label.strip()
    if not label:
        raise ValidationError("A question needs a label.")
    if kind not in Kind.values:
        raise ValidationError(f"Unknown question kind {kind!r}.")
    is_choice = kind in QUESTION_CHOICE_KINDS
    choices = [c.strip() for c in choices or [] if c.strip()] if is_choice else []
    if is_choice and len(choices) < 2:
        raise ValidationError("A choice question needs at least two choices.")
    knockout = [k.strip() for k in knockout_answers or [] if k.strip()]
    if knockout and kind not in QUESTION_KNOCKOUT_KINDS:
        raise ValidationError(f"{Kind(kind).label} questions cannot have knockout answers.")
    if kind == Kind.YES_NO:
        knockout = [k.lower() for k in knockout]
        if set(knockout) - {"yes", "no"}:
            raise ValidationError("A yes / no question's knockout answer is “yes” or “no”.")
    if is_choice:
        unknown = {k.lower() for k in knockout} - {c.lower() for c in choices}
        if unknown:
            raise ValidationError("Knockout answers must be among the question's choices.")
    if kind == Kind.NUMBER and not all(_NUMBER_RULE.fullmatch(k) for k in knockout):
        raise ValidationError("A number's knockout answers are rules like <2, >=10 or 0.")
    last = job.questions.order_by("-position").values_list("position", flat=True).first()
    question = ApplicationQuestion(
        job=job,
        label=label,
        help_text=help_text.strip(),
        kind=kind,
        choices=choices,
        required=required,
        knockout_answers=knockout,
        position=0 if last is None else last + 1,
    )
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def job_question_remove(*, question: ApplicationQuestion, actor) -> None:
    """Remove a question nobody has answered yet (answers must stay readable)."""
    if Application.objects.filter(job=question.job_id, answers__has_key=str(question.pk)).exists():
        raise ValidationError(f"“{question.label}” has answers already; it cannot go.")
    question.delete()


def _renumber(stages: list[Stage]) -> None:
    for position, stage in enumerate(stages):
        stage.position = position
    Stage.objects.bulk_update(stages, ["position"])
