from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from recruit.accounts.permissions import can_change, is_recruiting_team, require_change
from recruit.candidates import resumes, selectors, services
from recruit.candidates.forms import CandidateSearchForm, DocumentUploadForm, MergeForm, NoteForm
from recruit.candidates.models import Candidate

PAGE_SIZE = 25

# Sections that apps above this one add to the candidate page (the ATS adds the person's
# applications and an email form), so this layer never imports them. A provider takes
# (request, candidate) and returns its template's context, or None to show nothing.
SectionProvider = Callable[[HttpRequest, Candidate], dict[str, Any] | None]
_sections: list[tuple[str, str, SectionProvider]] = []


def register_candidate_section(template: str, provider: SectionProvider, *, column: str) -> None:
    """Show `template` on every candidate page, in the "main" or the "side" column."""
    if column not in ("main", "side"):
        raise ValueError("column is 'main' or 'side'")
    if all(registered[2] is not provider for registered in _sections):
        _sections.append((column, template, provider))


def _sections_for(request: HttpRequest, candidate: Candidate) -> dict[str, list[dict]]:
    shown: dict[str, list[dict]] = {"main": [], "side": []}
    for column, template, provider in _sections:
        context = provider(request, candidate)
        if context is not None:
            shown[column].append({"template": template, **context})
    return shown


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def candidate_list(request: HttpRequest) -> HttpResponse:
    """The Candidates list: everyone the user may see, or the search's results, best first,
    each with a snippet showing why it matched."""
    form = CandidateSearchForm(request.GET, user=request.user)
    valid = form.is_valid()  # with a wrong filter, the list shows everyone and the error
    query = form.cleaned_data["q"] if valid else ""
    filters = form.filters() if valid else None
    candidates = selectors.candidate_search(user=request.user, query=query, filters=filters)
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.candidate_search_snippets(candidates=page.object_list, query=query)
    # htmx swaps in only the results; a history restore (Back after a search) needs the page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "candidates/_results.html" if partial else "candidates/list.html"
    context = {
        "form": form,
        "page": page,
        "query": query,
        "filtered": valid and form.has_filters(),
        "perms_import": can_change(request.user),  # adding people is the recruiting team's
    }
    return render(request, template, context)


@require_GET
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    return _detail(request, candidate)


def _detail(request: HttpRequest, candidate: Candidate, *, note_form=None, status=200):
    user = request.user
    notes = selectors.notes_visible_to(user=user, candidate=candidate)
    context = {
        "candidate": candidate,
        "documents": selectors.candidate_documents(candidate=candidate),
        "consents": selectors.candidate_consents(candidate=candidate),
        # Privacy requests are the recruiting team's to handle, not reviewers' to read.
        "data_requests": selectors.candidate_data_requests(candidate=candidate)
        if is_recruiting_team(user)
        else [],
        "timeline": selectors.candidate_timeline(candidate=candidate),
        "upload_form": DocumentUploadForm(),
        "upload_limit": settings.MAX_UPLOAD_SIZE,
        "notes": notes.select_related("about_type"),
        "note_form": note_form or NoteForm(user=user),
        "merge_form": MergeForm() if is_recruiting_team(user) else None,
        "sections": _sections_for(request, candidate),
        "can_edit": can_change(user, candidate),
        "resume": resumes.resume_overview(candidate=candidate),
    }
    return render(request, "candidates/detail.html", context, status=status)


@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Any colleague who sees the candidate may write a note; mentions notify."""
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    form = NoteForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            note = services.note_add(
                candidate=candidate,
                author=request.user,
                body=form.cleaned_data["body"],
                is_private=form.cleaned_data.get("is_private", False),
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, "Note added.")
            return redirect(reverse("candidates:detail", args=[pk]) + f"#note-{note.pk}")
    # Nothing typed is lost: the page comes back with the note and what is wrong with it.
    messages.error(request, "The note was not saved: " + " ".join(form.errors.get("body", [])))
    return _detail(request, candidate, note_form=form, status=400)


@require_POST
def candidate_merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge this record (the duplicate) into another one, then show the one kept."""
    duplicate = selectors.candidate_get(user=request.user, pk=pk)
    require_change(request.user, duplicate)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "To merge, give the record to keep and tick the confirmation.")
        return redirect("candidates:detail", pk=pk)
    wanted = form.cleaned_data["survivor"].strip()
    survivor = _candidate_by_id_or_email(wanted)
    if survivor is None:
        messages.error(request, f"No candidate has the id or email “{wanted}”.")
        return redirect("candidates:detail", pk=pk)
    require_change(request.user, survivor)
    label = str(duplicate)
    try:
        survivor = services.candidate_merge(
            survivor=survivor, duplicate=duplicate, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("candidates:detail", pk=pk)
    messages.success(request, f"{label} (#{pk}) was merged into this record.")
    return redirect("candidates:detail", pk=survivor.pk)


def _candidate_by_id_or_email(wanted: str) -> Candidate | None:
    if wanted.lstrip("#").isdigit():
        return Candidate.objects.filter(pk=int(wanted.lstrip("#"))).first()
    if "@" in wanted:
        return services.candidate_match(email=wanted.lower())
    return None


@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    require_change(request.user, candidate)
    form = DocumentUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            document, created = services.document_add(
                candidate=candidate,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            note = "uploaded" if created else "was already on file"
            messages.success(request, f"{document.original_name} {note}.")
            return redirect("candidates:detail", pk=candidate.pk)
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("candidates:detail", pk=candidate.pk)


@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
