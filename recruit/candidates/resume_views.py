"""Pages for parsed resumes: re-parse, accept a parsed value, JSON Resume export and import."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from recruit.accounts.permissions import can_change, require_change
from recruit.candidates import resumes, selectors
from recruit.candidates.forms import JsonResumeImportForm


@require_POST
def document_reparse(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    require_change(request.user, document.candidate)
    resumes.document_reparse(document=document, actor=request.user)
    messages.success(request, f"{document.original_name} will be parsed again in a moment.")
    return redirect("candidates:detail", pk=document.candidate_id)


@require_POST
def accept_parsed(request: HttpRequest, pk: int, document_pk: int, field: str) -> HttpResponse:
    """Take one value from the parsed resume in place of what the record says."""
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    require_change(request.user, candidate)
    document = get_object_or_404(selectors.candidate_documents(candidate=candidate), pk=document_pk)
    try:
        resumes.candidate_accept_parsed(
            candidate=candidate, document=document, field=field, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{resumes.PARSED_FIELDS[field]} taken from the resume.")
    return redirect("candidates:detail", pk=candidate.pk)


@require_GET
def json_resume_export(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    resume = resumes.candidate_json_resume(candidate=candidate)
    response = HttpResponse(
        json.dumps(resume, indent=2, ensure_ascii=False), content_type="application/json"
    )
    name = slugify(f"{candidate.first_name} {candidate.last_name}") or f"candidate-{candidate.pk}"
    response["Content-Disposition"] = f'attachment; filename="{name}.resume.json"'
    return response


@require_http_methods(["GET", "POST"])
def json_resume_import(request: HttpRequest) -> HttpResponse:
    if not can_change(request.user):
        raise PermissionDenied
    form = JsonResumeImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate, created = resumes.candidate_import_json_resume(
                upload=form.cleaned_data["file"], actor=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            done = "imported as a new candidate" if created else "matched an existing candidate"
            messages.success(request, f"The JSON Resume {done}: {candidate}.")
            return redirect("candidates:detail", pk=candidate.pk)
    status = 400 if form.errors else 200
    return render(request, "candidates/import_json_resume.html", {"form": form}, status=status)
