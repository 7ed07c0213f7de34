"""Reads about people, always scoped by the permission layer."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from recruit.accounts.permissions import (
    get_visible_or_404,
    is_recruiting_team,
    visible_through,
    visible_to,
)
from recruit.candidates.models import (
    Activity,
    Candidate,
    CandidateDocument,
    Consent,
    DataRequest,
    Note,
)

SEARCH_FIELDS = ("first_name", "last_name", "email", "current_title", "current_company")


def candidate_list(*, user, query: str = "") -> QuerySet[Candidate]:
    """Candidates the user may see, newest first; every word of `query` must match a field."""
    candidates = visible_to(user, Candidate.objects.all()).select_related("source", "owner")
    for word in query.split()[:8]:
        match = Q()
        for field in SEARCH_FIELDS:
            match |= Q(**{f"{field}__icontains": word})
        candidates = candidates.filter(match)
    return candidates.prefetch_related("tags")


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
    return CandidateDocument.objects.filter(candidate=candidate).select_related("uploaded_by")


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
