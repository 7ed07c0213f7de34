"""Interview pages: scheduling, rescheduling and cancelling (the recruiting team, from the
application page), the application page's interviews and feedback, "My interviews" (everyone on a
hiring team), the scorecard form, and overdue feedback. Views parse input, call one service and
render; the rules live in ats.services.interviews and ats.services.scorecards."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ats import selectors
from ats.forms.interviews import CancelForm, InterviewForm, ScorecardForm
from ats.models import Application, Interview, Rating, Scorecard, ScorecardAttribute
from ats.selectors import interviews as interview_selectors
from ats.services.interviews import (
    InterviewClash,
    interview_cancel,
    interview_reschedule,
    interview_schedule,
)
from ats.services.scorecards import scorecard_amend, scorecard_submit
from recruit.accounts.permissions import is_recruiting_team
from recruit.accounts.timezones import format_in_zone

OVERDUE_PAGE_SIZE = 50
GET_OR_POST = require_http_methods(["GET", "POST"])


def _require_scheduler(user) -> None:
    if not is_recruiting_team(user):
        raise PermissionDenied("Only recruiters and coordinators schedule interviews.")


def _application_url(application_id: int) -> str:
    return reverse("ats:application-detail", args=[application_id]) + "#interviews"


def _when(interview: Interview, viewer) -> str:
    start = format_in_zone(interview.start_at, viewer, "D j M, H:i")
    return f"{start} to {format_in_zone(interview.end_at, viewer, 'H:i T')}"


def _label(user, application: Application) -> tuple[bool, str]:
    """Whether blind review hides the candidate from `user`, and what to call them."""
    blind = selectors.is_blind_for(user=user, job=application.job, stage=application.stage)
    return blind, f"Candidate #{application.candidate_id}" if blind else str(application.candidate)


def _is_participant(user, interview: Interview) -> bool:
    return any(p.user_id == user.pk for p in interview.participants.all())


# Scheduling, rescheduling, cancelling


def _save(form: InterviewForm, perform: Callable[[dict], Interview]) -> Interview | None:
    """Run the service with the form's input; its refusals go back into the form: a clash as
    a warning with "Schedule anyway", every other error next to its field."""
    if not form.is_valid():
        return None
    try:
        return perform(form.service_arguments())
    except InterviewClash as clash:
        form.show_clashes(clash)
    except ValidationError as error:
        form.add_service_error(error)
    return None


def _form_page(request, form: InterviewForm, application: Application, interview=None):
    # A clash is a question, not an error: 200, so the page reads as a normal answer.
    status = 400 if form.is_bound and form.errors else 200
    context = {
        "form": form,
        "application": application,
        "interview": interview,
        "job": application.job,
        "label": _label(request.user, application)[1],
    }
    return render(request, "ats/interviews/form.html", context, status=status)


@GET_OR_POST
def interview_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Schedule an interview of the application."""
    application = selectors.application_get(user=request.user, pk=pk)
    _require_scheduler(request.user)
    data = request.POST if request.method == "POST" else None
    form = InterviewForm(data, application=application, user=request.user)
    if form.is_bound:
        interview = _save(form, lambda arguments: interview_schedule(
            application=application, actor=request.user, **arguments))  # fmt: skip
        if interview is not None:
            when = _when(interview, request.user)
            messages.success(request, f"Scheduled “{interview.title}”, {when}.")
            return redirect(_application_url(application.pk))
    return _form_page(request, form, application)


@GET_OR_POST
def interview_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Reschedule an interview: its time, interviewers, place and notes."""
    interview = interview_selectors.interview_get(user=request.user, pk=pk)
    _require_scheduler(request.user)
    application = interview.application
    if interview.status != Interview.Status.SCHEDULED:
        messages.error(request, f"This interview is {interview.get_status_display().lower()}; "
                                "it cannot be rescheduled.")  # fmt: skip
        return redirect(_application_url(application.pk))
    data = request.POST if request.method == "POST" else None
    form = InterviewForm(data, application=application, user=request.user, interview=interview)
    if form.is_bound:
        moved = _save(form, lambda arguments: interview_reschedule(
            interview=interview, actor=request.user, **arguments))  # fmt: skip
        if moved is not None:
            when = _when(moved, request.user)
            messages.success(request, f"Rescheduled “{moved.title}”: {when}.")
            return redirect(_application_url(application.pk))
    return _form_page(request, form, application, interview)


@GET_OR_POST
def interview_cancel_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for the reason, then cancel the interview."""
    interview = interview_selectors.interview_get(user=request.user, pk=pk)
    _require_scheduler(request.user)
    back = _application_url(interview.application_id)
    if interview.status != Interview.Status.SCHEDULED:
        messages.info(
            request, f"This interview is already {interview.get_status_display().lower()}."
        )
        return redirect(back)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            interview_cancel(interview=interview, actor=request.user,
                             reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            when = _when(interview, request.user)
            messages.success(request, f"Cancelled “{interview.title}” ({when}).")
        return redirect(back)
    context = {
        "form": form,
        "interview": interview,
        "application": interview.application,
        "label": _label(request.user, interview.application)[1],
    }
    status = 400 if form.is_bound else 200
    return render(request, "ats/interviews/cancel.html", context, status=status)


# The application page's section: its interviews and the feedback on them


def _summary_rows(summary) -> list[dict]:
    return [
        {"name": row.name, "category": row.category,
         "counts": [(label, row.counts[value]) for value, label in Rating.choices]}
        for row in summary.attributes
    ]  # fmt: skip


def application_interviews_section(*, user, application: Application) -> dict:
    """What the application page shows of interviews: the list (each with what the viewer may
    do on it), the feedback summary, the scorecards blind feedback lets the viewer read, and
    how many it hides."""
    interviews = interview_selectors.application_interviews(user=user, application=application)
    can_schedule, now = is_recruiting_team(user), timezone.now()
    for interview in interviews:
        interview.has_ended = interview.end_at <= now
        interview.is_mine = _is_participant(user, interview)
        interview.can_change = can_schedule and interview.status == Interview.Status.SCHEDULED
    summary = interview_selectors.feedback_summary(application=application, user=user)
    visible = interview_selectors.scorecards_visible(user=user, application=application)
    return {
        "interviews": interviews,
        "can_schedule": can_schedule and application.status == Application.Status.ACTIVE,
        "summary": summary,
        "summary_rows": _summary_rows(summary),
        "overall_counts": [(label, summary.overall[value]) for value, label in Rating.choices],
        "scorecards": list(visible),
        "hidden": interview_selectors.scorecards_hidden_count(user=user, application=application),
        "takes_part": any(interview.is_mine for interview in interviews),
    }


# "My interviews" and overdue feedback


@require_GET
def my_interviews(request: HttpRequest) -> HttpResponse:
    """The user's upcoming interviews with their kits, and those waiting for their feedback."""
    user = request.user
    mine = interview_selectors.my_interviews(user=user)
    rows = mine.upcoming + mine.needing_feedback
    resumes = interview_selectors.interview_resumes(user=user, interviews=rows)
    for interview in rows:
        application = interview.application
        interview.blind, interview.label = _label(user, application)
        interview.resume = None if interview.blind else resumes.get(application.candidate_id)
        interview.others = [p.user for p in interview.participants.all() if p.user_id != user.pk]
    context = {
        "upcoming": mine.upcoming,
        "needing_feedback": mine.needing_feedback,
        "can_see_overdue": is_recruiting_team(user),
    }
    return render(request, "ats/interviews/mine.html", context)


def _job_id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
def overdue_feedback(request: HttpRequest) -> HttpResponse:
    """The recruiting team's list of interviewers whose feedback is overdue, longest first."""
    user = request.user
    if not is_recruiting_team(user):
        raise PermissionDenied("Overdue feedback is for the recruiting team.")
    job_id = _job_id(request.GET.get("job"))
    overdue = interview_selectors.overdue_feedback_visible(user=user)
    jobs = selectors.job_list(user=user).filter(
        pk__in=overdue.values("interview__application__job")
    )
    rows = overdue.filter(interview__application__job_id=job_id) if job_id else overdue
    page = Paginator(rows, OVERDUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "jobs": jobs.order_by("title"), "job_id": job_id}
    return render(request, "ats/interviews/overdue.html", context)


# The scorecard


def _attributes(interview: Interview) -> list[ScorecardAttribute]:
    step = interview.step
    if step is None or step.scorecard_template is None:
        return []
    return list(step.scorecard_template.attributes.all())  # prefetched, in order


@GET_OR_POST
def scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    """An interviewer's scorecard for one interview: submit it, then amend it."""
    user = request.user
    interview = interview_selectors.interview_get(user=user, pk=pk)
    if not _is_participant(user, interview):
        raise PermissionDenied("Only the interview's interviewers give feedback on it.")
    own = interview_selectors.scorecard_of(interview=interview, interviewer=user)
    submitted = own if own is not None and own.submitted_at else None
    attributes = _attributes(interview)
    status = 200
    if request.method == "POST":
        form, status = _scorecard_post(request, interview, submitted, attributes)
        if form is None:
            return redirect("ats:interview-scorecard", pk=pk)
        if form.amending and submitted is None:  # submitted at the same instant elsewhere
            submitted = interview_selectors.scorecard_of(interview=interview, interviewer=user)
    else:
        initial = ScorecardForm.initial_from(own) if own else None
        form = ScorecardForm(attributes=attributes, amending=bool(submitted), initial=initial)
    context = {
        "interview": interview,
        "label": _label(user, interview.application)[1],
        "form": form,
        "scorecard": submitted if submitted and submitted.submitted_at else None,
        "amend_open": request.method == "POST",
        "not_started": interview.start_at > timezone.now(),
        "cancelled": interview.status == Interview.Status.CANCELLED,
    }
    return render(request, "ats/interviews/scorecard.html", context, status=status)


def _scorecard_post(request, interview: Interview, submitted: Scorecard | None, attributes):
    """(None, 200) once saved; otherwise the form to show again, with what was typed. A
    second submission (from another tab) turns into the amendment form, what was typed kept."""
    amending = submitted is not None and request.POST.get("intent") == "amend"
    form = ScorecardForm(request.POST, attributes=attributes, amending=amending)
    if not form.is_valid():
        return form, 400
    try:
        level, message = _scorecard_save(request.user, interview, form, submitted if amending
                                         else None)  # fmt: skip
    except ValidationError as error:
        if any(one.code == "already_submitted" for one in error.error_list):
            messages.error(request, f"{error.messages[0]} What you typed is in the form: say "
                                    "why, and amend.")  # fmt: skip
            amend = ScorecardForm(attributes=attributes, amending=True, initial=form.cleaned_data)
            return amend, 400
        form.add_error(None, error)
        return form, 400
    messages.add_message(request, level, message)
    return None, 200


def _scorecard_save(user, interview: Interview, form: ScorecardForm, amending: Scorecard | None):
    """Submit the scorecard, or amend `amending`; the message to show."""
    data = form.cleaned_data
    content = {"overall": data["overall"], "notes": data["notes"], "ratings": form.ratings()}
    if amending is None:
        scorecard_submit(interview=interview, interviewer=user, actor=user, **content)
        return messages.SUCCESS, f"Thank you: your feedback on “{interview.title}” is submitted."
    before = amending.amended_at
    saved = scorecard_amend(scorecard=amending, actor=user, reason=data["reason"], **content)
    if saved.amended_at == before:
        return messages.INFO, "Nothing changed: your scorecard stays as it was."
    return messages.SUCCESS, "Your scorecard is amended; the earlier version is kept."


urlpatterns = [
    path("applications/<int:pk>/interviews/new/", interview_new, name="interview-new"),
    path("interviews/mine/", my_interviews, name="my-interviews"),
    path("interviews/overdue/", overdue_feedback, name="interviews-overdue"),
    path("interviews/<int:pk>/reschedule/", interview_move, name="interview-reschedule"),
    path("interviews/<int:pk>/cancel/", interview_cancel_confirm, name="interview-cancel"),
    path("interviews/<int:pk>/scorecard/", scorecard, name="interview-scorecard"),
]
