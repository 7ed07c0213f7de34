import json

from django.core.files.base import ContentFile
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_view
from rest_framework import exceptions, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from recruit.accounts.permissions import can_change, can_view
from recruit.candidates import resumes, selectors, services
from recruit.candidates.api.errors import ServiceErrorsMixin
from recruit.candidates.api.serializers import (
    CandidateSerializer,
    NoteCreateSerializer,
    NoteSerializer,
)
from recruit.candidates.forms import CandidateSearchForm


class MayNote(permissions.BasePermission):
    """Anyone who may see a candidate may read and write (non-private) notes on them; which
    notes they read and whether they may write a private one is the services' call."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)

    def has_object_permission(self, request, view, obj) -> bool:
        return can_view(request.user, obj)


SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        str,
        description="Search names, emails, title, company, skills, tags and resume text: "
        '"a phrase", `python or go`, `-word` to exclude; an email finds its person. '
        "Results come best match first.",
    ),
    OpenApiParameter("skills_all", str, description="Comma-separated skills, all required."),
    OpenApiParameter("skills_any", str, description="Comma-separated skills, any of them."),
    OpenApiParameter("tags", str, description="Comma-separated tag names, all required."),
    OpenApiParameter("location", str, description="Part of the location."),
    OpenApiParameter("experience_min", float, description="Years of experience, at least."),
    OpenApiParameter("experience_max", float, description="Years of experience, at most."),
    OpenApiParameter("source", int, description="A source id."),
    OpenApiParameter("who", str, enum=["applicants", "prospects"]),
    OpenApiParameter("job", int, description="Applied to this job (id)."),
    OpenApiParameter("stage", str, description="Active application at this kind of stage."),
]


@extend_schema_view(list=extend_schema(parameters=SEARCH_PARAMETERS))
class CandidateViewSet(ServiceErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Candidates the caller may see; the list searches and filters like the Candidates page."""

    serializer_class = CandidateSerializer

    def get_queryset(self):
        # Scoped by the permission layer inside the selector: DRF lists skip object permissions.
        user = self.request.user
        if self.action != "list":
            return selectors.candidate_list(user=user)
        form = CandidateSearchForm(self.request.GET, user=user)
        if not form.is_valid():
            raise exceptions.ValidationError(form.errors.get_json_data())
        return selectors.candidate_search(
            user=user, query=form.cleaned_data["q"], filters=form.filters()
        )

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

    @extend_schema(
        responses=OpenApiTypes.OBJECT,
        description="The candidate as a JSON Resume (jsonresume.org): their record, skills and "
        "the sections of their newest parsed resume.",
    )
    @action(detail=True, methods=["get"], url_path="json-resume")
    def json_resume(self, request, pk=None):
        return Response(resumes.candidate_json_resume(candidate=self.get_object()))

    @extend_schema(
        request={
            "application/json": OpenApiTypes.OBJECT,
            "multipart/form-data": OpenApiTypes.BINARY,
        },
        responses={201: CandidateSerializer, 200: CandidateSerializer},
        description="Add a person from a JSON Resume, sent as the JSON body or as a `file` "
        "upload. A person already known by email or phone is matched, not duplicated (200).",
    )
    @action(detail=False, methods=["post"], url_path="import-json-resume",
            parser_classes=[JSONParser, MultiPartParser])  # fmt: skip
    def import_json_resume(self, request):
        if not can_change(request.user):
            raise exceptions.PermissionDenied
        upload = request.FILES.get("file") or ContentFile(
            json.dumps(request.data).encode(), name="resume.json"
        )
        candidate, created = resumes.candidate_import_json_resume(upload=upload, actor=request.user)
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(CandidateSerializer(candidate).data, status=code)
