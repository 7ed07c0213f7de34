from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from recruit.accounts.permissions import require_change
from recruit.candidates import selectors, services
from recruit.candidates.forms import CandidateSearchForm, DocumentUploadForm

PAGE_SIZE = 25


@require_GET
@vary_on_headers("HX-Request", "HX-History-Restore-Request")
def candidate_list(request: HttpRequest) -> HttpResponse:
    form = CandidateSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    candidates = selectors.candidate_list(user=request.user, query=query)
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    # htmx swaps in only the results; a history restore (Back after a search) needs the page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "candidates/_results.html" if partial else "candidates/list.html"
    return render(request, template, {"form": form, "page": page, "query": query})


@require_GET
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.candidate_get(user=request.user, pk=pk)
    context = {
        "candidate": candidate,
        "documents": selectors.candidate_documents(candidate=candidate),
        "consents": selectors.candidate_consents(candidate=candidate),
        "timeline": selectors.candidate_timeline(candidate=candidate),
        "upload_form": DocumentUploadForm(),
        "upload_limit": settings.MAX_UPLOAD_SIZE,
    }
    return render(request, "candidates/detail.html", context)


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
