"""A candidate's status page, reached by the signed, expiring link in their emails: their
applications with a public status only, and what they may do: withdraw, send a new resume, ask
for a copy or the deletion of their data. An expired link offers to email a fresh one."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from ats.forms.careers import DataRequestForm, ResumeUpdateForm, StatusLinkForm
from ats.selectors.careers import (
    StatusLinkError,
    candidate_from_status_token,
    candidate_public_applications,
)
from ats.services.careers import (
    application_withdraw_by_candidate,
    candidate_resume_update,
    status_link_send,
)
from ats.views.careers import careers_site, too_many
from recruit.accounts.ratelimit import rate_limit_exceeded
from recruit.candidates.services import data_request_make


def _with_candidate(view):
    """Resolve the token to the person, or answer with the expired/invalid page."""

    def wrapped(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        try:
            candidate = candidate_from_status_token(token)
        except StatusLinkError as error:
            context = {"site": careers_site(), "expired": error.expired, "form": StatusLinkForm()}
            return render(request, "careers/status_link.html", context, status=403)
        return view(request, candidate, token, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return login_not_required(wrapped)


def _page(request, candidate, token, *, resume_form=None, data_form=None, status=200):
    context = {
        "site": careers_site(),
        "candidate": candidate,
        "token": token,
        "applications": candidate_public_applications(candidate),
        "resume_form": resume_form or ResumeUpdateForm(),
        "data_form": data_form or DataRequestForm(),
    }
    response = render(request, "careers/status.html", context, status=status)
    response["Cache-Control"] = "no-store"  # personal data behind a link
    return response


@require_http_methods(["GET"])
@_with_candidate
def status_page(request: HttpRequest, candidate, token: str) -> HttpResponse:
    return _page(request, candidate, token)


@require_POST
@_with_candidate
def withdraw(request: HttpRequest, candidate, token: str, pk: int) -> HttpResponse:
    try:
        application = application_withdraw_by_candidate(candidate=candidate, application_id=pk)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"You withdrew your application for {application.job.title}.")
    return redirect("careers:status", token=token)


@require_POST
@_with_candidate
def resume_update(request: HttpRequest, candidate, token: str) -> HttpResponse:
    form = ResumeUpdateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            candidate_resume_update(candidate=candidate, upload=form.cleaned_data["resume"])
        except ValidationError as error:
            form.add_error("resume", error)
        else:
            messages.success(request, "Thank you: we have your new resume.")
            return redirect("careers:status", token=token)
    return _page(request, candidate, token, resume_form=form, status=400)


@require_POST
@_with_candidate
def data_request(request: HttpRequest, candidate, token: str) -> HttpResponse:
    form = DataRequestForm(request.POST)
    if not form.is_valid():
        return _page(request, candidate, token, data_form=form, status=400)
    _, created = data_request_make(
        candidate=candidate,
        kind=form.cleaned_data["kind"],
        how="candidate status page",
        message=form.cleaned_data["message"],
    )
    messages.success(
        request,
        "We have your request and will answer by email within a month."
        if created
        else "We already have this request of yours and are working on it.",
    )
    return redirect("careers:status", token=token)


@login_not_required
@require_http_methods(["GET", "POST"])
def status_link_request(request: HttpRequest) -> HttpResponse:
    """Ask for a fresh link by email. The answer is the same whether or not we know the address."""
    site = careers_site()
    form = StatusLinkForm(request.POST or None)
    if request.method == "POST":
        if rate_limit_exceeded(request, scope="status-link", rate=settings.CAREERS_RATE_LIMIT):
            return too_many(request, site)
        if form.is_valid() and not form.is_bot:
            status_link_send(email=form.cleaned_data["email"])
        if form.is_valid() or form.is_bot:
            return render(request, "careers/status_link_sent.html", {"site": site})
    context = {"site": site, "form": form, "expired": False, "asking": True}
    return render(
        request, "careers/status_link.html", context, status=400 if form.is_bound else 200
    )
