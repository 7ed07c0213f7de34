"""Reads about people, always scoped by the permission layer."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from recruit.accounts.permissions import (
    get_visible_or_404,
    is_recruiting_team,
    visible_through,
    visible_to,
)
from recruit.candidates.models import Activity, Candidate, CandidateDocument, Consent, Note

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


def consent_is_active(*, candidate: Candidate, purpose: str) -> bool:
    return Consent.objects.filter(
        candidate=candidate, purpose=purpose, withdrawn_at__isnull=True
    ).exists()


def document_get(*, user, pk: int) -> CandidateDocument:
    """A document of a candidate the user may see, or 404."""
    documents = CandidateDocument.objects.select_related("candidate")
    return get_object_or_404(visible_through(user, documents, "candidate"), pk=pk)


def notes_visible_to(*, user, candidate: Candidate) -> QuerySet[Note]:
    """The candidate's notes the user may read: private ones for the recruiting team only."""
    notes = Note.objects.filter(candidate=candidate).select_related("author")
    return notes if is_recruiting_team(user) else notes.filter(is_private=False)
