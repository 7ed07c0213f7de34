"""Job pages: the list, the job page (overview, requirements, hiring team, pipeline, questions,
status history), the create and edit forms, cloning and templates.

Everyone who may see a job sees its page; only those who may change it (the recruiting team)
get the forms and buttons, and any POST from anyone else is refused with 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ats import selectors, services
from ats.forms.jobs import (
    FromTemplateForm,
    JobForm,
    JobStatusForm,
    QuestionForm,
    StageAddForm,
    StageRenameForm,
    TeamMemberForm,
)
from ats.models import ApplicationQuestion, Job, JobMember, Stage
from ats.services.jobs import TRANSITIONS
from recruit.accounts.permissions import can_change, require_change
from recruit.messaging.models import EmailTemplate

TEMPLATES_TAB = "templates"


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    templates = status == TEMPLATES_TAB
    status = status if status in Job.Status.values or templates else ""
    jobs = selectors.job_list_with_counts(
        user=request.user, status="" if templates else status, templates=templates
    )
    page = Paginator(jobs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": Job.Status,
        "templates_tab": TEMPLATES_TAB,
        "can_create": can_change(request.user),
    }
    return render(request, "ats/job_list.html", context)


@require_http_methods(["GET", "POST"])
def job_create(request: HttpRequest) -> HttpResponse:
    require_change(request.user)
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = form.save(actor=request.user)
        if job is not None:
            messages.success(request, f"Draft “{job.title}” created. Open it when it is ready.")
            return redirect("ats:job-detail", pk=job.pk)
    templates = selectors.job_templates(user=request.user)
    context = {"form": form, "template_form": FromTemplateForm(templates=templates),
               "has_templates": templates.exists()}  # fmt: skip
    return render(request, "ats/job_form.html", context, status=_form_status(request))


@require_POST
def job_create_from_template(request: HttpRequest) -> HttpResponse:
    require_change(request.user)
    form = FromTemplateForm(request.POST, templates=selectors.job_templates(user=request.user))
    if not form.is_valid():
        messages.error(request, _errors(form))
        return redirect("ats:job-create")
    job = services.job_clone(
        job=form.cleaned_data["template"], actor=request.user, title=form.cleaned_data["title"]
    )
    messages.success(request, f"Draft “{job.title}” created from the template. Review it here.")
    return redirect("ats:job-edit", pk=job.pk)


@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(user=request.user, pk=pk)
    return _render_detail(request, job)


@require_http_methods(["GET", "POST"])
def job_edit(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_to_change(request, pk)
    form = JobForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        saved = form.save(actor=request.user)
        if saved is not None:
            messages.success(request, "Job saved.")
            return redirect("ats:job-detail", pk=saved.pk)
    # The form changed the instance in memory; the page heading shows the stored job.
    stored = selectors.job_get(user=request.user, pk=pk)
    context = {"form": form, "job": stored}
    return render(request, "ats/job_form.html", context, status=_form_status(request))


@require_POST
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_to_change(request, pk)
    form = JobStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(job)
    try:
        job = services.job_set_status(
            job=job,
            status=form.cleaned_data["status"],
            reason=form.cleaned_data["reason"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        reason = f" ({job.get_closed_reason_display().lower()})" if job.closed_reason else ""
        messages.success(request, f"The job is {job.get_status_display().lower()}{reason}.")
    return _back(job)


@require_POST
def job_clone(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_to_change(request, pk)
    as_template = request.POST.get("as_template") == "1"
    clone = services.job_clone(job=job, actor=request.user, as_template=as_template)
    if as_template:
        messages.success(request, f"Saved as the template “{clone.title}”.")
    else:
        messages.success(request, f"Cloned into the draft “{clone.title}”.")
    return redirect("ats:job-detail", pk=clone.pk)


@require_POST
def job_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_to_change(request, pk)
    form = TeamMemberForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, job, status=400, team_form=form)
    user, role = form.cleaned_data["user"], form.cleaned_data["role"]
    services.job_member_add(job=job, user=user, role=role, actor=request.user)
    messages.success(request, f"{user} is on the hiring team as {JobMember.Role(role).label}.")
    return _back(job, "team")


@require_POST
def job_member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    job = _job_to_change(request, pk)
    member = get_object_or_404(JobMember.objects.select_related("user"), pk=member_pk, job=job)
    services.job_member_remove(job=job, user=member.user, role=member.role, actor=request.user)
    messages.success(request, f"{member.user} is no longer {member.get_role_display()}.")
    return _back(job, "team")


@require_POST
def stage_add(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_to_change(request, pk)
    form = StageAddForm(request.POST)
    if form.is_valid():
        try:
            stage = services.stage_add(job=job, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Stage “{stage.name}” added.")
            return _back(job, "pipeline")
    return _render_detail(request, job, status=400, stage_form=form)


@require_POST
def stage_rename(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    job = _job_to_change(request, pk)
    stage = get_object_or_404(Stage, pk=stage_pk, job=job)
    form = StageRenameForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"“{stage.name}” was not renamed: {_errors(form)}")
        return _back(job, "pipeline")
    old = stage.name
    try:
        stage = services.stage_rename(stage=stage, name=form.cleaned_data["name"],
                                      actor=request.user)  # fmt: skip
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{old}” is now “{stage.name}”.")
    return _back(job, "pipeline")


@require_POST
def stage_move(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    """Move a stage one place up or down (the buttons beside each stage)."""
    job = _job_to_change(request, pk)
    stage = get_object_or_404(Stage, pk=stage_pk, job=job)
    order = [s.pk for s in selectors.job_stages(job=job)]
    index = order.index(stage.pk)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None or not 0 <= index + step < len(order):
        messages.error(request, f"“{stage.name}” cannot move that way.")
        return _back(job, "pipeline")
    order[index], order[index + step] = order[index + step], order[index]
    try:
        services.stages_reorder(job=job, stage_ids=order, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{stage.name}” moved {request.POST['direction']}.")
    return _back(job, f"stage-{stage.pk}")


@require_POST
def stage_entry_email(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    """Choose the email a candidate gets on entering the stage, or none."""
    job = _job_to_change(request, pk)
    stage = get_object_or_404(Stage, pk=stage_pk, job=job)
    chosen = request.POST.get("template", "")
    template = get_object_or_404(EmailTemplate, pk=chosen) if chosen.isdigit() else None
    services.stage_set_entry_email(stage=stage, template=template, actor=request.user)
    if template:
        messages.success(request, f"Candidates entering “{stage.name}” get “{template}”.")
    else:
        messages.success(request, f"Entering “{stage.name}” sends no email.")
    return _back(job, f"stage-{stage.pk}")


@require_POST
def stage_remove(request: HttpRequest, pk: int, stage_pk: int) -> HttpResponse:
    job = _job_to_change(request, pk)
    stage = get_object_or_404(Stage, pk=stage_pk, job=job)
    try:
        services.stage_remove(stage=stage, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Stage “{stage.name}” removed.")
    return _back(job, "pipeline")


@require_POST
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job_to_change(request, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            question = services.job_question_add(job=job, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, f"Question “{question.label}” added.")
            return _back(job, "questions")
    return _render_detail(request, job, status=400, question_form=form)


@require_POST
def question_remove(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    job = _job_to_change(request, pk)
    question = get_object_or_404(ApplicationQuestion, pk=question_pk, job=job)
    try:
        services.job_question_remove(question=question, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Question “{question.label}” removed.")
    return _back(job, "questions")


def _job_to_change(request: HttpRequest, pk: int) -> Job:
    """The job, or 404 when the user may not see it and 403 when they may not change it."""
    job = selectors.job_get(user=request.user, pk=pk)
    if not can_change(request.user, job):
        raise PermissionDenied
    return job


def _render_detail(request: HttpRequest, job: Job, *, status: int = 200, **forms) -> HttpResponse:
    editable = can_change(request.user, job)
    context = {
        "job": job,
        "overview": selectors.job_overview(job=job),
        "can_edit": editable,
        "status_actions": _status_actions(job) if editable else [],
    }
    if editable:
        context.update(
            team_form=forms.get("team_form") or TeamMemberForm(),
            stage_form=forms.get("stage_form") or StageAddForm(),
            question_form=forms.get("question_form") or QuestionForm(),
            email_templates=EmailTemplate.objects.only("pk", "name"),
        )
    return render(request, "ats/job_detail.html", context, status=status)


def _status_actions(job: Job) -> list[dict[str, str]]:
    """The buttons of the status workflow from where the job is now."""
    if job.is_template:
        return []
    allowed = TRANSITIONS[Job.Status(job.status)]
    actions = []
    if Job.Status.OPEN in allowed:
        label = "Reopen" if job.status == Job.Status.CLOSED else "Open"
        actions.append({"status": Job.Status.OPEN, "reason": "", "label": label})
    if Job.Status.PAUSED in allowed:
        actions.append({"status": Job.Status.PAUSED, "reason": "", "label": "Pause"})
    if Job.Status.CLOSED in allowed:
        for reason in Job.ClosedReason:
            label = f"Close as {reason.label.lower()}"
            actions.append({"status": Job.Status.CLOSED, "reason": reason.value, "label": label})
    return actions


def _back(job: Job, section: str = "") -> HttpResponse:
    url = reverse("ats:job-detail", args=[job.pk])
    return redirect(f"{url}#{section}" if section else url)


def _errors(form) -> str:
    return " ".join(error for errors in form.errors.values() for error in errors)


def _form_status(request: HttpRequest) -> int:
    """A form shown again after a POST is shown because its input was refused."""
    return 400 if request.method == "POST" else 200


urlpatterns = [
    path("jobs/", job_list, name="job-list"),
    path("jobs/new/", job_create, name="job-create"),
    path("jobs/new/from-template/", job_create_from_template, name="job-create-from-template"),
    path("jobs/<int:pk>/", job_detail, name="job-detail"),
    path("jobs/<int:pk>/edit/", job_edit, name="job-edit"),
    path("jobs/<int:pk>/status/", job_status, name="job-status"),
    path("jobs/<int:pk>/clone/", job_clone, name="job-clone"),
    path("jobs/<int:pk>/team/", job_member_add, name="job-member-add"),
    path("jobs/<int:pk>/team/<int:member_pk>/remove/", job_member_remove,
         name="job-member-remove"),
    path("jobs/<int:pk>/stages/", stage_add, name="stage-add"),
    path("jobs/<int:pk>/stages/<int:stage_pk>/rename/", stage_rename, name="stage-rename"),
    path("jobs/<int:pk>/stages/<int:stage_pk>/move/", stage_move, name="stage-move"),
    path("jobs/<int:pk>/stages/<int:stage_pk>/remove/", stage_remove, name="stage-remove"),
    path(
        "jobs/<int:pk>/stages/<int:stage_pk>/entry-email/", stage_entry_email,
        name="stage-entry-email",
    ),
    path("jobs/<int:pk>/questions/", question_add, name="question-add"),
    path("jobs/<int:pk>/questions/<int:question_pk>/remove/", question_remove,
         name="question-remove"),
]  # fmt: skip
