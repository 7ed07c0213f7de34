from rest_framework import viewsets

from recruit.candidates import selectors
from recruit.candidates.api.serializers import CandidateSerializer


class CandidateViewSet(viewsets.ReadOnlyModelViewSet):
    """Candidates the caller may see. `?q=` searches names, email, title and company."""

    serializer_class = CandidateSerializer

    def get_queryset(self):
        # Scoped by the permission layer inside the selector: DRF lists skip object permissions.
        return selectors.candidate_list(user=self.request.user, query=self.request.GET.get("q", ""))
