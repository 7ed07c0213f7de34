"""Reads about people, always scoped by the permission layer."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from recruit.accounts.permissions import (
    get_visible_or_404,
    is_recruiting_team,
    visible_through,
    visible_to,
)
from recruit.candidates import search
from recruit.candidates.models import (
    Activity,
    Candidate,
    CandidateDocument,
    Consent,
    DataRequest,
    Note,
)
from recruit.candidates.search import CandidateFilters, SearchResults


def candidate_search(
    *, user, query: str = "", filters: CandidateFilters | None = None
) -> SearchResults:
    """Candidates the user may see that match `query` (names, emails, title, company,
    location, skills, tags, resume text; quoted phrases, OR and -exclusion) and `filters`,
    best match first, or newest first without a query. See search.py for how."""
    candidates = visible_to(user, Candidate.objects.all())
    if filters is not None:
        candidates = search.filter_candidates(candidates, filters, user=user)
    candidates = search.search_candidates(candidates, query)
    # The vector is ~2 KB a row and only the database reads it.
    return (
        candidates.defer("search_vector").select_related("source", "owner").prefetch_related("tags")
    )


def candidate_list(*, user, query: str = "") -> QuerySet[Candidate]:
    """Candidates the user may see, newest first, or best first for a query."""
    return candidate_search(user=user, query=query)


def candidate_search_snippets(*, candidates: Iterable[Candidate], query: str) -> None:
    """Attach `.snippet` (search.Snippet: why it matched, safe HTML) to each of `candidates`,
    one page of results, in one query."""
    candidates = list(candidates)
    found = search.snippets([candidate.pk for candidate in candidates], query)
    for candidate in candidates:
        candidate.snippet = found.get(candidate.pk, search.Snippet())


def candidate_get(*, user, pk: int) -> Candidate:
    """One candidate with what the profile page shows, or 404 when hidden from the user."""
    candidates = Candidate.objects.select_related("source", "owner").prefetch_related(
        "tags", "skills", "other_emails", "other_phones"
    )
    return get_visible_or_404(user, candidates, pk=pk)


def candidate_timeline(*, candidate: Candidate, limit: int = 200) -> list[Activity]:
    """The newest `limit` entries of the candidate's timeline, newest first."""
    return list(
        Activity.objects.filter(candidate=candidate).select_related("actor", "subject_type")[:limit]
    )


def candidate_documents(*, candidate: Candidate) -> QuerySet[CandidateDocument]:
    # A resume's text and parse result can be large, and lists never show them.
    documents = CandidateDocument.objects.filter(candidate=candidate).defer("text", "parsed")
    return documents.select_related("uploaded_by")


def candidate_consents(*, candidate: Candidate) -> QuerySet[Consent]:
    return Consent.objects.filter(candidate=candidate)


def candidate_data_requests(*, candidate: Candidate) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(candidate=candidate).select_related("handled_by")


def consent_is_active(*, candidate: Candidate, purpose: str) -> bool:
    return Consent.objects.filter(
        candidate=candidate, purpose=purpose, withdrawn_at__isnull=True
    ).exists()


def document_get(*, user, pk: int) -> CandidateDocument:
    """A document of a candidate the user may see, or 404."""
    documents = CandidateDocument.objects.select_related("candidate")
    return get_object_or_404(visible_through(user, documents, "candidate"), pk=pk)


def notes_visible_to(*, user, candidate: Candidate) -> QuerySet[Note]:
    """The candidate's notes the user may read. The recruiting team reads them all; others
    read the public ones that are about nothing in particular or about something they may see
    (a hiring manager reads notes on their job's application, not on another job's)."""
    notes = Note.objects.filter(candidate=candidate).select_related("author")
    if is_recruiting_team(user):
        return notes
    notes = notes.filter(is_private=False)
    readable = Q(about_type__isnull=True)
    about = notes.exclude(about_type__isnull=True).values_list("about_type", "about_id")
    by_type: dict[int, list[str]] = {}
    for type_id, object_id in about:
        by_type.setdefault(type_id, []).append(object_id)
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        seen = visible_to(user, model._default_manager.filter(pk__in=ids)).values_list("pk")
        readable |= Q(about_type_id=type_id, about_id__in=[str(pk) for (pk,) in seen])
    return notes.filter(readable)
