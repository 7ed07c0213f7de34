"""ATS API viewsets: parse with a serializer, call one service, answer with the fresh object.

Who may do what is recruit.accounts.permissions: RecruitPermission (the default) lets any active
user read what their scoped queryset holds, needs the recruiting team to create, and asks
can_change(user, obj) before a write to one object (a hiring manager may act on their own jobs'
applications). get_queryset() is always scoped, so a hidden id is a 404, never a 403.
"""

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ats import selectors, services
from ats.api import serializers as s
from ats.api.filters import ApplicationFilter, JobFilter
from ats.api.pagination import IdsFirstPagination
from ats.models import Application, Job, RejectionReason
from ats.services import ApplicationConflict
from recruit.accounts.permissions import ScopedQuerysetMixin
from recruit.candidates.api.errors import ServiceErrorsMixin

BAD_INPUT = OpenApiResponse(description="Invalid input; the body says which field and why.")
FORBIDDEN = OpenApiResponse(description="You may see this but not change it.")
HIDDEN = OpenApiResponse(description="No such object, or hidden from you.")
CONFLICT = OpenApiResponse(
    s.ConflictSerializer, description="Changed by someone else since `expected_version`."
)


def conflict_response(error: ApplicationConflict) -> Response:
    """409 with the application's current state. Not str(error): it names the candidate, whom
    blind review may hide from the caller."""
    current = error.application
    response = Response(
        {
            "detail": (
                "This application was changed by someone else since you loaded it (version "
                f"{current.version}, now in “{current.stage.name}”, "
                f"{current.get_status_display().lower()}). Nothing was changed: reload it "
                "and try again."
            ),
            "code": "conflict",
            "version": current.version,
            "stage": current.stage_id,
            "status": current.status,
        },
        status=status.HTTP_409_CONFLICT,
    )
    response.exception = True
    return response


class ATSErrorsMixin(ServiceErrorsMixin):
    def handle_exception(self, exc):
        if isinstance(exc, ApplicationConflict):
            return conflict_response(exc)
        return super().handle_exception(exc)


def _write_schema(request, ok=None, on_object=True, conflicts=False):
    """The documented answers of a write: 404 for one on an object, 409 where versions count."""
    responses = {**(ok or {200: s.ApplicationSerializer}), 400: BAD_INPUT, 403: FORBIDDEN}
    if on_object:
        responses[404] = HIDDEN
    if conflicts:
        responses[409] = CONFLICT
    return extend_schema(request=request, responses=responses)


class JobViewSet(ATSErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Jobs you recruit for or whose hiring team you are on. The recruiting team creates and
    edits them, and moves them through draft → open ⇄ paused → closed."""

    http_method_names = ["get", "post", "patch", "head", "options"]
    serializer_class = s.JobSerializer
    filterset_class = JobFilter

    def get_queryset(self) -> QuerySet[Job]:
        jobs = selectors.job_list(user=self.request.user)
        if self.action in ("list", "retrieve", "create", "partial_update"):
            jobs = jobs.prefetch_related("required_skills", "preferred_skills")
        return jobs

    def _fresh(self, job: Job) -> dict:
        return self.get_serializer(self.get_queryset().get(pk=job.pk)).data

    @_write_schema(s.JobWriteSerializer, ok={201: s.JobSerializer}, on_object=False)
    def create(self, request):
        data = s.JobWriteSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        job = services.job_create(actor=request.user, **data.validated_data)
        return Response(self._fresh(job), status=status.HTTP_201_CREATED)

    @_write_schema(s.JobWriteSerializer, ok={200: s.JobSerializer})
    def partial_update(self, request, pk=None):
        job = self.get_object()
        data = s.JobWriteSerializer(
            job, data=request.data, partial=True, context=self.get_serializer_context()
        )
        data.is_valid(raise_exception=True)
        services.job_update(job=job, actor=request.user, **data.validated_data)
        return Response(self._fresh(job))

    @_write_schema(s.JobStatusSerializer, ok={200: s.JobSerializer})
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        """Open, pause, close (with a reason: filled or cancelled) or reopen the job."""
        job = self.get_object()
        data = s.JobStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.job_set_status(job=job, actor=request.user, **data.validated_data)
        return Response(self._fresh(job))

    @extend_schema(responses=s.StageSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def stages(self, request, pk=None):
        """The job's pipeline, in order."""
        job = self.get_object()
        stages = job.stages.order_by("position", "id")
        return Response(s.StageSerializer(stages, many=True).data)

    @_write_schema(s.StagesReorderSerializer, ok={200: s.StageSerializer(many=True)})
    @action(
        detail=True, methods=["post"], url_path="stages/reorder", pagination_class=None,
        filterset_class=None,
    )  # fmt: skip
    def reorder_stages(self, request, pk=None):
        """Put the job's stages in a new order: name every stage id once."""
        job = self.get_object()
        data = s.StagesReorderSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stages = services.stages_reorder(
            job=job, stage_ids=data.validated_data["stages"], actor=request.user
        )
        return Response(s.StageSerializer(stages, many=True).data)


@extend_schema_view(
    list=extend_schema(description="Applications to the jobs you may see, newest first."),
)
class ApplicationViewSet(ATSErrorsMixin, ScopedQuerysetMixin, viewsets.ReadOnlyModelViewSet):
    """Applications and what happens to them. Every write takes an optional `expected_version`
    (the `version` you last saw): if someone changed the application since, nothing is
    written and the answer is 409 with its current state."""

    queryset = Application.objects.select_related(
        "candidate", "job", "stage", "source", "rejection_reason"
    )
    serializer_class = s.ApplicationSerializer
    filterset_class = ApplicationFilter
    pagination_class = IdsFirstPagination

    def _answer(self, application: Application, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=application.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def _parse(self, serializer_class, **kwargs):
        """The request body, validated by `serializer_class` (a 400 when it is not valid)."""
        data = serializer_class(
            data=self.request.data, context=self.get_serializer_context(), **kwargs
        )
        data.is_valid(raise_exception=True)
        return data

    @_write_schema(
        s.ApplicationCreateSerializer,
        ok={201: s.ApplicationSerializer, 200: s.ApplicationSerializer},
        on_object=False,
    )
    def create(self, request):
        """Apply a candidate to a job: 201 with the new application, or 200 with the one that
        exists already (a candidate applies to a job once)."""
        data = self._parse(s.ApplicationCreateSerializer).validated_data
        application, created = services.application_create(actor=request.user, **data)
        return self._answer(application, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @_write_schema(s.MoveSerializer, conflicts=True)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the application to another stage of its job (a hired stage hires)."""
        application = self.get_object()
        data = self._parse(s.MoveSerializer, application=application).validated_data
        services.application_move(
            application=application,
            to_stage=data["stage"],
            note=data["note"],
            expected_version=data.get("expected_version"),
            actor=request.user,
        )
        return self._answer(application)

    @_write_schema(s.RejectSerializer, conflicts=True)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject with a reason; optionally email the candidate a template after a delay."""
        application = self.get_object()
        options = self._parse(s.RejectSerializer).validated_options()
        services.application_reject(application=application, actor=request.user, **options)
        return self._answer(application)

    @_write_schema(s.VersionedSerializer, conflicts=True)
    @action(detail=True, methods=["post"])
    def hire(self, request, pk=None):
        """Hire: the application moves to the job's hired stage."""
        application = self.get_object()
        data = self._parse(s.VersionedSerializer).validated_data
        services.application_hire(application=application, actor=request.user, **data)
        return self._answer(application)

    @_write_schema(s.WithdrawSerializer, conflicts=True)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The candidate withdrew."""
        application = self.get_object()
        data = self._parse(s.WithdrawSerializer).validated_data
        services.application_withdraw(application=application, actor=request.user, **data)
        return self._answer(application)

    @_write_schema(s.VersionedSerializer, conflicts=True)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Undo a rejection or withdrawal; a rejection email not sent yet is cancelled."""
        application = self.get_object()
        data = self._parse(s.VersionedSerializer).validated_data
        services.application_reopen(application=application, actor=request.user, **data)
        return self._answer(application)


class RejectionReasonViewSet(viewsets.ReadOnlyModelViewSet):
    """The rejection reasons in use (the ids `reject` takes). Shared settings, not people: every
    signed-in user may read them."""

    queryset = RejectionReason.objects.filter(active=True)
    serializer_class = s.RejectionReasonSerializer
