from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from recruit.accounts.permissions import can_view
from recruit.candidates import selectors, services
from recruit.candidates.api.errors import ServiceErrorsMixin
from recruit.candidates.api.serializers import (
    CandidateSerializer,
    NoteCreateSerializer,
    NoteSerializer,
)


class MayNote(permissions.BasePermission):
    """Anyone who may see a candidate may read and write (non-private) notes on them; which
    notes they read and whether they may write a private one is the services' call."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)

    def has_object_permission(self, request, view, obj) -> bool:
        return can_view(request.user, obj)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "q", str, description="Words that must each match a name, email, title or company."
            )
        ]
    )
)
class CandidateViewSet(ServiceErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Candidates the caller may see. `?q=` searches names, email, title and company."""

    serializer_class = CandidateSerializer

    def get_queryset(self):
        # Scoped by the permission layer inside the selector: DRF lists skip object permissions.
        query = self.request.GET.get("q", "") if self.action == "list" else ""
        return selectors.candidate_list(user=self.request.user, query=query)

    @extend_schema(
        methods=["GET"],
        responses=NoteSerializer(many=True),
        description="The candidate's notes you may read (private ones: the recruiting team "
        "only), newest first.",
    )
    @extend_schema(
        methods=["POST"],
        request=NoteCreateSerializer,
        responses={201: NoteSerializer},
        description="Add a note. `@name` mentions notify colleagues who may see the candidate; "
        "only the recruiting team may write private notes.",
    )
    @action(detail=True, methods=["get", "post"], permission_classes=[MayNote])
    def notes(self, request, pk=None):
        candidate = self.get_object()
        if request.method == "POST":
            data = NoteCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            note = services.note_add(
                candidate=candidate, author=request.user, **data.validated_data
            )
            return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)
        notes = selectors.notes_visible_to(user=request.user, candidate=candidate)
        page = self.paginate_queryset(notes)
        return self.get_paginated_response(NoteSerializer(page, many=True).data)
