"""Applying on the careers site, in two steps: (1) who you are, then (2) your resume, answers
and consent. Step 2's address carries a signed token for the step-1 draft, so the person can
come back to it; the thank-you page is reached by redirect, so a reload never posts again."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ats.forms.careers import ApplyStartForm, ApplySubmitForm
from ats.models import Application, ApplicationDraft, Job
from ats.selectors.careers import careers_job, is_public
from ats.services.careers import application_start, application_submit
from ats.views.careers import arrival, careers_site, gone_page, too_many
from recruit.accounts.ratelimit import rate_limit_exceeded

DRAFT_SALT = "ats.apply-draft"
THANKS_SALT = "ats.apply-thanks"
DRAFT_MAX_AGE = 14 * 86400  # a draft link works for two weeks


def _public_job_or_gone(request: HttpRequest, slug: str) -> tuple[Job | None, HttpResponse | None]:
    job = careers_job(slug)
    if job is None:
        raise Http404("No such job.")
    if not is_public(job):
        return None, HttpResponse(gone_page(job, careers_site()), status=410)
    return job, None


def _refused(request: HttpRequest, form, job: Job, site) -> HttpResponse | None:
    """Past the rate limit: 429. A bot (the honeypot is filled): what a person would see on
    success, with nothing stored. Otherwise None: go on."""
    if rate_limit_exceeded(request, scope="apply", rate=settings.CAREERS_RATE_LIMIT):
        return too_many(request, site)
    if form.is_bot:
        return redirect("careers:thanks", slug=job.slug, token=_thanks_token(None, True))
    return None


@login_not_required
@require_http_methods(["GET", "POST"])
def apply_start(request: HttpRequest, slug: str) -> HttpResponse:
    job, gone = _public_job_or_gone(request, slug)
    if gone:
        return gone
    site = careers_site()
    form = ApplyStartForm(request.POST or None)
    if request.method == "POST":
        if refused := _refused(request, form, job, site):
            return refused
        if form.is_valid():
            try:
                draft = application_start(
                    job=job,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    tracking=arrival(request),
                    privacy_version=site.privacy_notice_version,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                token = signing.dumps(draft.pk, salt=DRAFT_SALT)
                return redirect("careers:apply-finish", slug=job.slug, token=token)
    status = 400 if form.is_bound else 200
    context = {"site": site, "job": job, "form": form, "step": 1}
    return render(request, "careers/apply_start.html", context, status=status)


def _draft(job: Job, token: str) -> ApplicationDraft | None:
    try:
        pk = signing.loads(token, salt=DRAFT_SALT, max_age=DRAFT_MAX_AGE)
    except signing.BadSignature:
        return None
    return ApplicationDraft.objects.filter(pk=pk, job=job).select_related("candidate").first()


@login_not_required
@require_http_methods(["GET", "POST"])
def apply_finish(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    job, gone = _public_job_or_gone(request, slug)
    if gone:
        return gone
    site = careers_site()
    draft = _draft(job, token)
    if draft is None:
        return render(request, "careers/apply_expired.html", {"site": site, "job": job},
                      status=404)  # fmt: skip
    if draft.application_id:
        # This step was sent before (a second click, or Back and send again): the same outcome.
        made_it = draft.application.applied_at >= draft.started_at
        token = _thanks_token(draft.application, made_it)
        return redirect("careers:thanks", slug=job.slug, token=token)
    form = ApplySubmitForm(request.POST or None, request.FILES or None, job=job)
    if request.method == "POST":
        if refused := _refused(request, form, job, site):
            return refused
        if form.is_valid():
            try:
                submission = application_submit(
                    draft=draft,
                    resume=form.cleaned_data["resume"],
                    cover_letter=form.cleaned_data["cover_letter"],
                    cover_letter_file=form.cleaned_data["cover_letter_file"],
                    answers=form.answers(),
                    files=form.files_answered(),
                    profile=form.profile(),
                    talent_community=form.cleaned_data["talent_community"],
                    privacy_version=site.privacy_notice_version,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                token = _thanks_token(submission.application, submission.created)
                return redirect("careers:thanks", slug=job.slug, token=token)
    already = Application.objects.filter(candidate=draft.candidate_id, job=job).exists()
    context = {"site": site, "job": job, "form": form, "draft": draft, "step": 2,
               "already_applied": already}  # fmt: skip
    return render(request, "careers/apply_finish.html", context,
                  status=400 if form.is_bound else 200)  # fmt: skip


def _thanks_token(application: Application | None, new: bool) -> str:
    return signing.dumps({"a": application.pk if application else None, "new": new},
                         salt=THANKS_SALT)  # fmt: skip


@login_not_required
@require_GET
def thanks(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    job = get_object_or_404(Job, slug=slug, is_template=False)
    try:
        outcome = signing.loads(token, salt=THANKS_SALT, max_age=DRAFT_MAX_AGE)
    except signing.BadSignature as error:
        raise Http404("No such page.") from error
    context = {"site": careers_site(), "job": job, "already": not outcome.get("new", True)}
    return render(request, "careers/thanks.html", context)
