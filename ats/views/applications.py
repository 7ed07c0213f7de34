"""The applications list of a job (filters, sorting, bulk actions), the application page (its
actions and notes), and what the ATS adds to the candidate page (the person's applications and
an email form). Views parse input, call one service and render; the rules live in services."""

import dataclasses
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_POST

from ats import selectors, services
from ats.forms.applications import (
    ApplicationFilterForm,
    BulkActionForm,
    CandidateEmailForm,
    MoveForm,
    RejectForm,
    VersionForm,
    WithdrawForm,
    first_error,
)
from ats.models import Application, Job, StageKind
from ats.services.applications import BulkResult
from ats.views.interviews import application_interviews_section
from recruit.accounts.permissions import (
    can_change,
    changeable_by,
    is_recruiting_team,
    require_change,
    visible_to,
)
from recruit.candidates.forms import NoteForm
from recruit.candidates.models import Candidate
from recruit.candidates.resumes import resume_overview
from recruit.candidates.selectors import candidate_get
from recruit.candidates.services import candidate_tag_add, note_add
from recruit.candidates.views import register_candidate_section
from recruit.messaging.services import email_render_and_queue, merge_context

PAGE_SIZE = 50
MAX_FAILURE_MESSAGES = 20
# Sortable columns and the direction a first click sorts them in.
SORTABLE = {"name": "name", "score": "-score", "applied": "-applied", "days": "-days"}
SORT_CHOICES = [
    ("-applied", "Newest first"),
    ("applied", "Oldest first"),
    ("-score", "Best match first"),
    ("score", "Weakest match first"),
    ("-days", "Longest in stage"),
    ("days", "Shortest in stage"),
    ("name", "Name A to Z"),
    ("-name", "Name Z to A"),
]


# Blind review: reviewers outside the recruiting team see "Candidate #<id>" on jobs that ask
# for it, until the first interview stage (ats.selectors.is_blind_for decides).


def _blind(user, application: Application) -> bool:
    return selectors.is_blind_for(user=user, job=application.job, stage=application.stage)


def _label(application: Application, blind: bool) -> str:
    return f"Candidate #{application.candidate_id}" if blind else str(application.candidate)


def _unblind_safe(message: str, application: Application, blind: bool) -> str:
    """A service's message names the candidate; a blind reviewer sees the label instead."""
    name = str(application.candidate)
    return message.replace(name, _label(application, True)) if blind and name else message


# The applications list of a job


@require_GET
def job_applications(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(user=request.user, pk=pk)
    return _list_page(request, job)


def _may_act_on(user, job: Job) -> bool:
    """The recruiting team, or those the permission layer lets change this job's applications
    (its hiring managers)."""
    return can_change(user) or changeable_by(user, Application.objects.filter(job=job)).exists()


def _list_page(request, job: Job, *, bulk_form: BulkActionForm | None = None, status=200):
    user = request.user
    filter_form = ApplicationFilterForm(request.GET, job=job)
    filters = filter_form.filters()
    names_hidden = job.blind_review and not is_recruiting_team(user)
    if names_hidden and filters.sort in ("name", "-name"):
        # Sorting by a hidden name would still reveal something about it.
        filters = dataclasses.replace(filters, sort=selectors.DEFAULT_APPLICATION_SORT)
    applications = selectors.application_list(user=user, job=job, filters=filters)
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    checked = set(bulk_form.data.getlist("bulk-applications")) if bulk_form else set()
    for application in page.object_list:
        application.job = job  # the same job for every row: no query per row
        application.blind = _blind(user, application)
        application.label = _label(application, application.blind)
        application.days_in_stage = max((now - application.stage_entered_at).days, 0)
        application.checked = str(application.pk) in checked
    can_act = _may_act_on(user, job)
    if can_act and bulk_form is None:
        bulk_form = BulkActionForm(applications=Application.objects.none(), job=job)
    context = {
        "job": job,
        "page": page,
        "filter_form": filter_form,
        "filters": filters,
        "filtered": dataclasses.replace(filters, sort=selectors.DEFAULT_APPLICATION_SORT)
        != selectors.ApplicationFilters(),
        "sorts": _sort_links(filters.sort, names_hidden),
        "sort_choices": [c for c in SORT_CHOICES if not (names_hidden and "name" in c[0])],
        "bulk_form": bulk_form if can_act else None,
        "can_act": can_act,
        "query": request.GET.urlencode(),
    }
    return render(request, "ats/applications/list.html", context, status=status)


def _sort_links(current: str, names_hidden: bool) -> dict[str, dict[str, str]]:
    """For each sortable column: the sort a click on its header asks for, and aria-sort."""
    links = {}
    for column, first in SORTABLE.items():
        if column == "name" and names_hidden:
            continue
        if current.lstrip("-") == column:
            descending = current.startswith("-")
            links[column] = {
                "value": column if descending else f"-{column}",
                "aria": "descending" if descending else "ascending",
            }
        else:
            links[column] = {"value": first, "aria": "none"}
    return links


@require_POST
def job_applications_bulk(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get(user=request.user, pk=pk)
    user = request.user
    if not _may_act_on(user, job):
        raise PermissionDenied
    visible = visible_to(user, Application.objects.filter(job=job))
    form = BulkActionForm(
        request.POST, applications=visible.select_related("candidate", "job", "stage"), job=job
    )
    if not form.is_valid():
        messages.error(request, first_error(form))
        return _list_page(request, job, bulk_form=form, status=400)
    chosen = list(form.cleaned_data["applications"])
    allowed = set(
        changeable_by(user, Application.objects.filter(pk__in=[a.pk for a in chosen]))
        .values_list("pk", flat=True)
    )  # fmt: skip
    result = _bulk_perform(form, [a for a in chosen if a.pk in allowed], user)
    for application in chosen:
        if application.pk not in allowed:
            result.failed[application.pk] = "You may not change this application."
    _bulk_report(request, form, result, {a.pk: a for a in chosen})
    url = reverse("ats:job-applications", args=[job.pk])
    return redirect(f"{url}?{_without_page(request.GET)}")


def _without_page(query: QueryDict) -> str:
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()


def _bulk_perform(form: BulkActionForm, applications: list[Application], user) -> BulkResult:
    data = form.cleaned_data
    action = data["action"]
    if action == form.MOVE:
        return services.application_bulk_move(
            applications=applications, to_stage=data["stage"], actor=user
        )
    if action == form.REJECT:
        return services.application_bulk_reject(
            applications=applications,
            actor=user,
            reason=data["reason"],
            note=data["note"],
            keep_in_touch=data["keep_in_touch"],
            email_template=data["rejection_template"],
            email_delay=form.email_delay,
        )
    if action == form.EMAIL:
        return services.application_bulk_email(
            applications=applications, template=data["email_template"], actor=user
        )
    return _bulk_tag(applications, form, user)


def _bulk_tag(applications: list[Application], form: BulkActionForm, user) -> BulkResult:
    """Tags belong to the person: only candidates the user may change are tagged."""
    result = BulkResult(done=[], failed={})
    candidate_ids = [application.candidate_id for application in applications]
    allowed = set(
        changeable_by(user, Candidate.objects.filter(pk__in=candidate_ids))
        .values_list("pk", flat=True)
    )  # fmt: skip
    taggable = [a for a in applications if a.candidate_id in allowed]
    for application in applications:
        if application.candidate_id not in allowed:
            result.failed[application.pk] = "Only the recruiting team can tag candidates."
    if taggable:
        candidates = [a.candidate for a in taggable]
        try:
            tag = candidate_tag_add(candidates=candidates, name=form.cleaned_data["tag"],
                                    actor=user)  # fmt: skip
        except ValidationError as error:
            result.failed.update({a.pk: error.messages[0] for a in taggable})
        else:
            form.cleaned_data["tag"] = tag.name  # an existing tag keeps its spelling
            result.done.extend(taggable)
    return result


def _bulk_report(request, form: BulkActionForm, result: BulkResult, chosen: dict) -> None:
    data, done = form.cleaned_data, len(result.done)
    plural = "s" if done != 1 else ""
    if done:
        action = data["action"]
        if action == form.MOVE:
            text = f"Moved {done} application{plural} to “{data['stage']}”."
        elif action == form.REJECT:
            text = f"Rejected {done} application{plural}."
            if data["rejection_template"]:
                at = timezone.localtime(timezone.now() + form.email_delay)
                text += (
                    f" The rejection email{plural} go{'' if plural else 'es'} at "
                    f"{date_format(at, 'M j, H:i T')} unless cancelled on the application page."
                )
        elif action == form.TAG:
            text = f"Tagged {done} candidate{plural} “{data['tag']}”."
        else:
            text = f"Emailed {done} candidate{plural} “{data['email_template']}”."
        messages.success(request, text)
    failed = list(result.failed.items())
    if failed:
        messages.error(request, f"{len(failed)} could not be changed:")
    for application_id, why in failed[:MAX_FAILURE_MESSAGES]:
        application = chosen[application_id]
        blind = _blind(request.user, application)
        label = _label(application, blind)
        messages.error(request, f"{label}: {_unblind_safe(why, application, blind)}")
    if len(failed) > MAX_FAILURE_MESSAGES:
        messages.error(request, f"…and {len(failed) - MAX_FAILURE_MESSAGES} more.")


# The application page


@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    return _detail(request, application)


def _detail(request, application: Application, *, forms: dict | None = None, status=200):
    user = request.user
    forms = forms or {}
    blind = _blind(user, application)
    others = [
        other
        for other in selectors.candidate_applications(user=user, candidate=application.candidate)
        if other.pk != application.pk
    ]
    context = {
        "application": application,
        "job": application.job,
        "candidate": application.candidate,
        "blind": blind,
        "label": _label(application, blind),
        "resume": resume_overview(candidate=application.candidate, blind=blind),
        "history": selectors.application_stage_history(application=application),
        "answers": selectors.application_answers(application=application),
        "application_documents": list(application.documents.all()),
        "others": others,
        "notes": selectors.application_notes(user=user, application=application),
        "note_form": forms.get("note") or NoteForm(user=user),
        "note_action": reverse("ats:application-note-add", args=[application.pk]),
        "email": application.rejection_email,
        "can_act": can_change(user, application),
        "is_active": application.status == Application.Status.ACTIVE,
        "days_in_stage": max((timezone.now() - application.stage_entered_at).days, 0),
        "has_hired_stage": any(s.kind == StageKind.HIRED for s in _stages(application)),
        "interviews_section": application_interviews_section(user=user, application=application),
    }
    if context["can_act"]:
        context.update(
            move_form=forms.get("move") or MoveForm(application=application),
            reject_form=forms.get("reject") or RejectForm(application=application),
            withdraw_form=forms.get("withdraw") or WithdrawForm(application=application),
            reopen_form=forms.get("reopen") or VersionForm(application=application,
                                                           prefix="reopen"),
            hire_form=forms.get("hire") or VersionForm(application=application, prefix="hire"),
        )  # fmt: skip
    return render(request, "ats/applications/detail.html", context, status=status)


def _stages(application: Application):
    if not hasattr(application, "_job_stages"):
        application._job_stages = list(application.job.stages.order_by("position", "id"))
    return application._job_stages


def _act(request, pk: int, name: str, form_factory, perform: Callable[..., str]) -> HttpResponse:
    """Run one action from the application page. A stale version (someone else changed the
    application meanwhile) or a refused change comes back as a message on the page, with
    what was typed still in the form."""
    application = selectors.application_get(user=request.user, pk=pk)
    require_change(request.user, application)
    form = form_factory(request.POST, application=application)
    blind = _blind(request.user, application)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return _detail(request, application, forms={name: form}, status=400)
    try:
        done = perform(application, form, request.user)
    except services.ApplicationConflict as conflict:
        current = selectors.application_get(user=request.user, pk=pk)
        form.refresh_version(current)
        messages.error(request, _unblind_safe(str(conflict), current, blind))
        messages.info(request, "This page now shows the latest state; what you typed is kept.")
        return _detail(request, current, forms={name: form}, status=409)
    except ValidationError as error:
        messages.error(request, _unblind_safe(" ".join(error.messages), application, blind))
        return _detail(request, application, forms={name: form}, status=400)
    messages.success(request, done)
    return redirect("ats:application-detail", pk=pk)


def _version(form) -> int:
    return form.cleaned_data["version"]


def _move(application, form, user) -> str:
    stage = form.cleaned_data["stage"]
    moved = services.application_move(application=application, to_stage=stage, actor=user,
                                      expected_version=_version(form),
                                      note=form.cleaned_data["note"])  # fmt: skip
    if moved.status == Application.Status.HIRED:
        return f"Hired: moved to “{stage}”."
    return f"Moved to “{stage}”."


def _reject(application, form, user) -> str:
    data = form.cleaned_data
    rejected = services.application_reject(
        application=application,
        reason=data["reason"],
        actor=user,
        note=data["note"],
        keep_in_touch=data["keep_in_touch"],
        email_template=data["email_template"],
        email_delay=form.email_delay,
        expected_version=_version(form),
    )
    email = rejected.rejection_email
    if email is None:
        return "Rejected. No email was sent."
    if email.status == email.Status.SCHEDULED:
        at = date_format(timezone.localtime(email.send_after), "M j, H:i T")
        return f"Rejected. The rejection email goes at {at}; you can cancel it until then."
    return f"Rejected. The rejection email: {email.get_status_display().lower()}."


def _withdraw(application, form, user) -> str:
    services.application_withdraw(application=application, actor=user,
                                  note=form.cleaned_data["note"],
                                  expected_version=_version(form))  # fmt: skip
    return "Marked as withdrawn by the candidate."


def _reopen(application, form, user) -> str:
    reopened = services.application_reopen(application=application, actor=user,
                                           expected_version=_version(form))  # fmt: skip
    return f"Reopened: active again in “{reopened.stage}”."


def _hire(application, form, user) -> str:
    hired = services.application_hire(application=application, actor=user,
                                      expected_version=_version(form))  # fmt: skip
    return f"Hired: moved to “{hired.stage}”."


def _version_form(prefix: str):
    return lambda data, application: VersionForm(data, application=application, prefix=prefix)


@require_POST
def application_move(request, pk):
    return _act(request, pk, "move", MoveForm, _move)


@require_POST
def application_reject(request, pk):
    return _act(request, pk, "reject", RejectForm, _reject)


@require_POST
def application_withdraw(request, pk):
    return _act(request, pk, "withdraw", WithdrawForm, _withdraw)


@require_POST
def application_reopen(request, pk):
    return _act(request, pk, "reopen", _version_form("reopen"), _reopen)


@require_POST
def application_hire(request, pk):
    return _act(request, pk, "hire", _version_form("hire"), _hire)


@require_POST
def application_rejection_email_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(user=request.user, pk=pk)
    require_change(request.user, application)
    if services.application_rejection_email_cancel(application=application, actor=request.user):
        messages.success(request, "The rejection email was cancelled: it will not be sent.")
    else:
        messages.warning(request, "There was no rejection email waiting to go: nothing to cancel.")
    return redirect("ats:application-detail", pk=pk)


@require_POST
def application_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone who sees the application may write a note about it; mentions notify."""
    application = selectors.application_get(user=request.user, pk=pk)
    form = NoteForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            note = note_add(
                candidate=application.candidate,
                author=request.user,
                body=form.cleaned_data["body"],
                is_private=form.cleaned_data.get("is_private", False),
                about=application,
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, "Note added.")
            url = reverse("ats:application-detail", args=[pk])
            return redirect(f"{url}#note-{note.pk}")
    messages.error(request, "The note was not saved: " + " ".join(form.errors.get("body", [])))
    return _detail(request, application, forms={"note": form}, status=400)


# The candidate page: the person's applications, and an email from a template


def _candidate_applications_section(request, candidate: Candidate) -> dict:
    return {
        "applications": list(
            selectors.candidate_applications(user=request.user, candidate=candidate)
        )
    }


def _candidate_email_section(request, candidate: Candidate) -> dict | None:
    if not is_recruiting_team(request.user):
        return None
    return {"email_form": CandidateEmailForm()}


@require_POST
def candidate_email(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = candidate_get(user=request.user, pk=pk)
    require_change(request.user, candidate)
    form = CandidateEmailForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
    elif not candidate.email:
        messages.error(request, f"{candidate} has no email address to write to.")
    else:
        outbound = email_render_and_queue(
            template=form.cleaned_data["template"],
            to=candidate.email,
            context=merge_context(candidate=candidate, sender=request.user),
            candidate=candidate,
            reply_to=request.user.email,
            actor=request.user,
        )
        if outbound.status == outbound.Status.QUEUED:
            messages.success(request, f"Email “{outbound.subject}” sent to {outbound.to_email}.")
        else:
            messages.error(request, f"{outbound.get_status_display()}: {outbound.to_email}.")
    return redirect("candidates:detail", pk=pk)


register_candidate_section(
    "ats/applications/_candidate_applications.html", _candidate_applications_section, column="main"
)
register_candidate_section(
    "ats/applications/_candidate_email.html", _candidate_email_section, column="side"
)


urlpatterns = [
    path("jobs/<int:pk>/applications/", job_applications, name="job-applications"),
    path("jobs/<int:pk>/applications/bulk/", job_applications_bulk, name="job-applications-bulk"),
    path("applications/<int:pk>/", application_detail, name="application-detail"),
    # "move/" is the board's (ats:application-move); the application page changes stage here.
    path("applications/<int:pk>/stage/", application_move, name="application-stage"),
    path("applications/<int:pk>/reject/", application_reject, name="application-reject"),
    path("applications/<int:pk>/withdraw/", application_withdraw, name="application-withdraw"),
    path("applications/<int:pk>/reopen/", application_reopen, name="application-reopen"),
    path("applications/<int:pk>/hire/", application_hire, name="application-hire"),
    path(
        "applications/<int:pk>/rejection-email/cancel/",
        application_rejection_email_cancel,
        name="application-rejection-email-cancel",
    ),
    path("applications/<int:pk>/notes/", application_note_add, name="application-note-add"),
    path("candidates/<int:pk>/email/", candidate_email, name="candidate-email"),
]
